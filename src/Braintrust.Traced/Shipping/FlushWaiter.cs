namespace Braintrust.Traced.Shipping;

/// <summary>A pending flush: done once the shipper has finished <see cref="Target"/> rows.</summary>
internal sealed class FlushWaiter(long target)
{
    public long Target { get; } = target;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
