namespace Braintrust.Traced.Shipping;

/// <summary>What login and project registration established: where rows go and the request size limit, if any.</summary>
internal sealed record ConnectionInfo(string ApiUrl, string ProjectId, long? MaxRequestBytes);
