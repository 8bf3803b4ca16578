namespace Braintrust.Traced.Server.Storage;

/// <summary>Keeps traces where some span has score <see cref="Name"/> within [Min, Max].</summary>
public sealed record ScoreRange(string Name, double Min, double Max);
