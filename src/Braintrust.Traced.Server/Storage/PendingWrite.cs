namespace Braintrust.Traced.Server.Storage;

/// <summary>One caller's batch waiting in a <see cref="GroupCommitQueue"/>; completes once its group is committed.</summary>
internal sealed class PendingWrite(IReadOnlyList<RowWrite> rows, IReadOnlyList<PreparedSpan?>? preparedSpans = null)
{
    public IReadOnlyList<RowWrite> Rows { get; } = rows;

    /// <summary>Each row's document as stored for a new id (parallel to <see cref="Rows"/>), when the store built them ahead.</summary>
    public IReadOnlyList<PreparedSpan?>? PreparedSpans { get; } = preparedSpans;

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
