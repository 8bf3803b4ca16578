namespace Braintrust.Traced.Server.Query;

/// <summary>A score as shown: the span's own value, or (Averaged) the mean of its children's scores of that name.</summary>
public sealed record EffectiveScore(double Value, bool Averaged);
