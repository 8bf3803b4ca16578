namespace Braintrust.Traced.Server.Storage;

/// <summary>One caller's batch waiting in a <see cref="GroupCommitQueue"/>; completes once its group is committed.</summary>
internal sealed class PendingWrite(IReadOnlyList<RowWrite> rows)
{
    public IReadOnlyList<RowWrite> Rows { get; } = rows;

    public TaskCompletionSource<WriteOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
