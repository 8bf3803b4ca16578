using System.Net.Http.Headers;
using Braintrust.Traced.Server.Proxy.Cache;

namespace Braintrust.Traced.Server.Proxy;

/// <summary>
/// Sends one request to a provider and captures its answer byte for byte. Unreachable providers and timeouts become
/// <see cref="ProxyError"/>s (502, 504); the provider's key travels only in the upstream Authorization header.
/// </summary>
internal sealed class UpstreamForwarder(TimeSpan timeout) : IDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <param name="relay">When set, a successful event stream is passed to it as it arrives.</param>
    /// <param name="ct">The caller's cancellation (none for a shared call: other callers may wait on it).</param>
    public async Task<UpstreamResult> SendAsync(UpstreamRequest request, StreamRelay? relay, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Provider.BaseUrl, request.Route.Path));
        if (request.ApiKey is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.ApiKey);
        }
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw TimedOut(request);
        }
        catch (HttpRequestException e)
        {
            throw new ProxyError(502, "server_error", "upstream_unreachable",
                $"Could not reach the '{request.Provider.Name}' provider: {e.Message}");
        }
        using (response)
        {
            var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            var requestId = response.Headers.TryGetValues("x-request-id", out var ids) ? ids.FirstOrDefault() : null;
            var retryAfter = response.Headers.RetryAfter?.ToString();
            var isSuccess = response.IsSuccessStatusCode;
            var live = isSuccess && relay is not null && contentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);
            var captured = new MemoryStream();
            var complete = true;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
                if (live)
                {
                    await relay!.StartAsync((int)response.StatusCode, contentType, requestId);
                }
                var buffer = new byte[ChunkBytes];
                int read;
                while ((read = await body.ReadAsync(buffer, deadline.Token)) > 0)
                {
                    captured.Write(buffer, 0, read);
                    if (live)
                    {
                        await relay!.WriteAsync(buffer.AsMemory(0, read));
                    }
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
            {
                if (!live && e is OperationCanceledException && !ct.IsCancellationRequested)
                {
                    throw TimedOut(request);
                }
                if (!live)
                {
                    throw new ProxyError(502, "server_error", "upstream_broken",
                        $"The '{request.Provider.Name}' provider closed the connection before its answer was complete.");
                }
                // Headers and part of the stream already went out: the caller sees the stream end early; nothing is cached.
                complete = false;
            }
            return new UpstreamResult(new CachedResponse((int)response.StatusCode, contentType, captured.ToArray()), complete, live,
                retryAfter, requestId);
        }
    }

    private ProxyError TimedOut(UpstreamRequest request)
        => new(504, "server_error", "upstream_timeout",
            $"The '{request.Provider.Name}' provider did not answer within {timeout.TotalSeconds:0} seconds (Proxy:UpstreamTimeoutSeconds).");

    public void Dispose() => _http.Dispose();
}
