using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Braintrust.Traced.Serialization;

namespace Braintrust.Traced.Shipping;

/// <summary>
/// The lazy session with Braintrust: API-key login (picking the organization and API URL), project registration by
/// name and the optional request size limit. Established on the first delivery, on the shipper's thread, and kept
/// once it succeeds; a failure is retried with the batch that needed it.
/// </summary>
internal sealed class BraintrustConnection(HttpClient http, BraintrustOptions options, string projectName)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionInfo? _info;

    public async Task<ConnectionInfo> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _info) is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _info ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends <paramref name="request"/> with the API key and turns failures into <see cref="SpanExportException"/>s.</summary>
    public Task<byte[]> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return SendWithoutKeyAsync(request, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="request"/> as it is, without the API key: for signed upload URLs, which belong to a storage
    /// service that must never see the key. Failures become <see cref="SpanExportException"/>s as in <see cref="SendAsync"/>.
    /// </summary>
    public async Task<byte[]> SendWithoutKeyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new SpanExportException($"{what} failed: {exception.Message}", isTransient: true, innerException: exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpanExportException($"{what} timed out after {http.Timeout.TotalSeconds:0.#} s", isTransient: true, innerException: exception);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }

            var status = (int)response.StatusCode;
            var transient = status is 408 or 429 or >= 500;
            var hint = status is 401 or 403 ? " (check BRAINTRUST_API_KEY / BraintrustOptions.ApiKey)" : string.Empty;
            throw new SpanExportException($"{what} answered {status} {response.ReasonPhrase}{hint}", transient, RetryAfter(response));
        }
    }

    private async Task<ConnectionInfo> ConnectAsync(CancellationToken cancellationToken)
    {
        var appUrl = options.AppUrl ?? BraintrustOptions.DefaultAppUrl;
        var login = await PostJsonAsync(
            Join(appUrl, "api/apikey/login"), content: null, BraintrustJsonContext.Default.LoginResponse, cancellationToken).ConfigureAwait(false);
        var organizations = login?.OrgInfo ?? [];
        if (organizations.Count == 0)
        {
            throw new SpanExportException("Login succeeded but the API key belongs to no organization.", isTransient: false);
        }

        var org = options.OrgName is null
            ? organizations[0]
            : organizations.FirstOrDefault(o => string.Equals(o.Name, options.OrgName, StringComparison.Ordinal))
              ?? throw new SpanExportException($"The API key has no organization named \"{options.OrgName}\" (BRAINTRUST_ORG_NAME).", isTransient: false);
        var apiUrl = options.ApiUrl ?? org.ApiUrl
            ?? throw new SpanExportException("The login answer names no api_url; set BRAINTRUST_API_URL.", isTransient: false);

        var projectId = options.ProjectId;
        if (projectId is null)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new ProjectRegisterRequest(projectName, org.Id ?? string.Empty), BraintrustJsonContext.Default.ProjectRegisterRequest);
            var registered = await PostJsonAsync(
                Join(appUrl, "api/project/register"), body, BraintrustJsonContext.Default.ProjectRegisterResponse, cancellationToken).ConfigureAwait(false);
            projectId = registered?.Project?.Id
                ?? throw new SpanExportException($"Registering project \"{projectName}\" returned no project id.", isTransient: false);
        }

        return new ConnectionInfo(apiUrl, projectId, await ReadPayloadLimitAsync(apiUrl, cancellationToken).ConfigureAwait(false));
    }

    private async Task<long?> ReadPayloadLimitAsync(string apiUrl, CancellationToken cancellationToken)
    {
        // Optional, as in the official SDKs: a server without /version just gets no size limit.
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Join(apiUrl, "version"));
            var bytes = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            var version = bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, BraintrustJsonContext.Default.VersionResponse);
            return version?.Logs3PayloadMaxBytes is > 0 and var limit ? limit : null;
        }
        catch (Exception exception) when (exception is SpanExportException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Posts <paramref name="content"/> as JSON with the API key and reads the JSON answer as <typeparamref name="T"/>.</summary>
    public async Task<T?> PostJsonAsync<T>(string url, byte[]? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(content ?? []);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var bytes = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo);
        }
        catch (JsonException exception)
        {
            throw new SpanExportException($"POST {new Uri(url).AbsolutePath} answered with JSON this SDK cannot read: {exception.Message}", isTransient: false, innerException: exception);
        }
    }

    /// <summary>Joins like the official SDKs: a base URL with a path prefix (<c>http://host/bt</c>) keeps it.</summary>
    public static string Join(string baseUrl, string path) => baseUrl.TrimEnd('/') + "/" + path.TrimStart('/');

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }
}
