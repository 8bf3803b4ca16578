using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>This server's base URL as the client reached it (scheme, host, path base): what login hands back as api_url.</summary>
internal static class PublicBaseUrl
{
    public static string Of(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
