namespace Braintrust.Traced.Server.Protocol;

/// <summary>The request body went past the configured limit (answered with 413).</summary>
internal sealed class PayloadTooLargeException() : Exception("request body too large");
