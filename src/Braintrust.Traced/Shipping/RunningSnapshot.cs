namespace Braintrust.Traced.Shipping;

/// <summary>What a running span's early row shows, taken under the span's state word (see <see cref="Span.TryTakeRunningSnapshot"/>).</summary>
internal readonly record struct RunningSnapshot(object? Input, bool InputIsArguments, IEnumerable<string>? Tags);
