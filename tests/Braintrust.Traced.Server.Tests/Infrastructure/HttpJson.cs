using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Braintrust.Traced.Server.Tests.Infrastructure;

/// <summary>Small HTTP helpers that fail with the response body in the message, which is what one needs when a test breaks.</summary>
internal static class HttpJson
{
    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string url)
        => await ReadObjectAsync(await client.GetAsync(url), HttpStatusCode.OK);

    public static async Task<JsonObject> PostObjectAsync(this HttpClient client, string url, JsonNode body)
        => await ReadObjectAsync(await client.PostAsync(url, TestServer.Json(body)), HttpStatusCode.OK);

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Reads an RFC 7807 problem response and checks its status and media type.</summary>
    public static async Task<JsonObject> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await ReadObjectAsync(response, expected);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return problem;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, JsonNode body)
        => client.PostAsync(url, TestServer.Json(body));

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string body)
        => client.PostAsync(url, TestServer.Json(body));

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body)
        => client.PostAsJsonAsync(url, body);
}
