namespace Braintrust.Traced.Server.Storage;

/// <summary>One caller's batch waiting in a <see cref="GroupCommitQueue"/>; completes once its group is committed.</summary>
internal sealed class PendingWrite(IReadOnlyList<RowWrite> rows)
{
    public IReadOnlyList<RowWrite> Rows { get; } = rows;

    public TaskCompletionSource<WriteOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers the caller once the group's commit returned: its outcome, or why its batch was rolled back.</summary>
    public void Answer(WriteOutcome? outcome, Exception? error)
    {
        if (error is null)
        {
            Completion.TrySetResult(outcome!);
        }
        else
        {
            Completion.TrySetException(error);
        }
    }
}
