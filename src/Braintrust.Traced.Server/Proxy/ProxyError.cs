using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// A failure answered in OpenAI's error shape (<c>{"error":{"message","type","param","code"}}</c>), so OpenAI clients
/// surface it like an error of the provider itself. <see cref="Param"/> names the offending field or header.
/// </summary>
internal sealed class ProxyError(int status, string type, string code, string message, string? param = null, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string Code { get; } = code;

    public string? Param { get; } = param;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static ProxyError InvalidRequest(string param, string message, int status = 400)
        => new(status, "invalid_request_error", "invalid_request", $"{param}: {message}", param);

    public JsonObject ToJson() => Body(Message, Type, Param, Code);

    public static JsonObject Body(string message, string type, string? param, string? code)
        => new()
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = type,
                ["param"] = param,
                ["code"] = code,
            },
        };
}
