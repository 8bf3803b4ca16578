using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Proxy.Cache;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Turns a provider's error answer into the one the caller sees: same status, OpenAI's error shape, and never a
/// trace of the server's provider key (providers echo a masked form of a rejected key, which still identifies it).
/// </summary>
internal static class UpstreamErrorTranslator
{
    private const int MaxEchoedChars = 500;

    public static CachedResponse Translate(CachedResponse upstream, string providerName, string? serverKeyInUse)
    {
        if (serverKeyInUse is not null && upstream.Status is 401 or 403)
        {
            return Json(upstream.Status, ProxyError.Body(
                $"The '{providerName}' provider rejected the key configured in this server (status {upstream.Status}). Ask the server's operator to check it.",
                "upstream_authentication_error", null, "upstream_key_rejected"));
        }
        var text = Encoding.UTF8.GetString(upstream.Body);
        if (serverKeyInUse is not null)
        {
            text = text.Replace(serverKeyInUse, "[redacted]", StringComparison.Ordinal);
        }
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } body && body["error"] is JsonObject)
            {
                return Json(upstream.Status, body);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): wrapped below.
        }
        var echoed = text.Length > MaxEchoedChars ? text[..MaxEchoedChars] + "…" : text;
        return Json(upstream.Status, ProxyError.Body(
            $"The '{providerName}' provider answered {upstream.Status}: {echoed}",
            upstream.Status >= 500 ? "server_error" : "invalid_request_error", null, "upstream_error"));
    }

    private static CachedResponse Json(int status, JsonObject body)
        => new(status, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()));
}
