using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Tests.Infrastructure;

/// <summary>
/// A recording Braintrust backend on 127.0.0.1 (port chosen by the OS): login, project registration, version and
/// logs3, as the official SDKs use them. Tests make it fail, go down or hold requests to exercise the shipper.
/// </summary>
internal sealed class FakeBraintrustServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-0123456789";
    public const string OrgId = "org-1";
    public const string OrgName = "test-org";

    private readonly WebApplication _app;
    private readonly Lock _sync = new();
    private readonly List<JsonObject> _rows = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly ConcurrentQueue<PlannedFailure> _logs3Failures = new();
    private readonly ConcurrentDictionary<string, string> _overflowPayloads = new(StringComparer.Ordinal);

    private FakeBraintrustServer(WebApplication app)
    {
        _app = app;
    }

    public string Url { get; private set; } = string.Empty;

    /// <summary>While set, every request's connection is aborted (the client sees a network error).</summary>
    public volatile bool IsDown;

    /// <summary>When set, logs3 requests wait for it before they are answered.</summary>
    public TaskCompletionSource? Logs3Gate { get; set; }

    /// <summary>Completes when the first logs3 request arrives.</summary>
    public TaskCompletionSource FirstLogs3Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, login lists another organization first, whose api_url leads nowhere.</summary>
    public bool ListsAnotherOrganizationFirst { get; set; }

    /// <summary>The value of <c>logs3_payload_max_bytes</c> in <c>/version</c>.</summary>
    public long? PayloadMaxBytes { get; set; }

    /// <summary>
    /// How <c>/logs3/overflow</c> asks for the upload: <c>PUT</c> (a signed URL, as on Braintrust's own cloud) or
    /// <c>POST</c> (an S3-style presigned form with policy fields).
    /// </summary>
    public string OverflowMethod { get; set; } = "PUT";

    public IReadOnlyList<JsonObject> Rows
    {
        get
        {
            lock (_sync)
            {
                return [.. _rows.Select(row => (JsonObject)row.DeepClone())];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_sync)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Logs3Requests => [.. Requests.Where(r => r.Path == "/logs3")];

    public static async Task<FakeBraintrustServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeBraintrustServer(app);
        server.MapEndpoints();
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>The next <paramref name="count"/> logs3 requests answer <paramref name="status"/> (with <c>Retry-After</c> seconds if given).</summary>
    public void FailNextLogs3(int count, int status, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < count; i++)
        {
            _logs3Failures.Enqueue(new PlannedFailure(status, retryAfterSeconds));
        }
    }

    /// <summary>The rows folded into one per span id, as Braintrust stores them.</summary>
    public IReadOnlyList<JsonObject> MergedSpans()
    {
        var folded = new InMemorySpanExporter();
        folded.ExportAsync(SpanRowBatch.Create(Rows), CancellationToken.None).GetAwaiter().GetResult();
        return folded.MergedSpans();
    }

    public async ValueTask DisposeAsync()
    {
        Logs3Gate?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void MapEndpoints()
    {
        _app.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var recorded = new RecordedRequest(
                context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Request.Headers.Authorization.ToString(), body, DateTimeOffset.UtcNow);
            lock (_sync)
            {
                _requests.Add(recorded);
            }

            if (IsDown)
            {
                context.Abort();
                return;
            }

            // Signed upload URLs belong to a storage service: no API key there, the URL itself is the permission.
            var isUpload = context.Request.Path.StartsWithSegments(UploadPath);
            if (!isUpload && context.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("{\"error\":\"bad key\"}");
                return;
            }

            context.Items["body"] = body;
            await next(context);
        });

        MapOverflowEndpoints();

        _app.MapPost("/api/apikey/login", () =>
        {
            var organizations = new JsonArray();
            if (ListsAnotherOrganizationFirst)
            {
                organizations.Add(new JsonObject { ["id"] = "org-other", ["name"] = "other-org", ["api_url"] = "http://127.0.0.1:9" });
            }

            organizations.Add(new JsonObject { ["id"] = OrgId, ["name"] = OrgName, ["api_url"] = Url, ["proxy_url"] = Url });
            return Results.Text(new JsonObject { ["org_info"] = organizations }.ToJsonString(), "application/json");
        });

        _app.MapPost("/api/project/register", (HttpContext context) =>
        {
            var request = JsonNode.Parse((string)context.Items["body"]!)!;
            var name = request["project_name"]!.GetValue<string>();
            var project = new JsonObject { ["id"] = $"proj-{name}", ["name"] = name, ["org_id"] = request["org_id"]!.GetValue<string>() };
            return Results.Text(new JsonObject { ["project"] = project }.ToJsonString(), "application/json");
        });

        _app.MapGet("/version", () => Results.Text(
            new JsonObject { ["logs3_payload_max_bytes"] = PayloadMaxBytes }.ToJsonString(), "application/json"));

        _app.MapPost("/logs3", async (HttpContext context) =>
        {
            FirstLogs3Arrived.TrySetResult();
            if (Logs3Gate is { } gate)
            {
                await gate.Task;
            }

            if (_logs3Failures.TryDequeue(out var failure))
            {
                if (failure.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return Results.StatusCode(failure.Status);
            }

            var body = (string)context.Items["body"]!;
            if (PayloadMaxBytes is { } limit && System.Text.Encoding.UTF8.GetByteCount(body) > limit)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            var payload = JsonNode.Parse(body)!.AsObject();
            if (payload["rows"] is JsonObject reference)
            {
                if (reference["type"]?.GetValue<string>() != "logs3_overflow"
                    || !_overflowPayloads.TryRemove(reference["key"]!.GetValue<string>(), out var uploaded))
                {
                    return Results.BadRequest();
                }

                payload = JsonNode.Parse(uploaded)!.AsObject();
            }

            lock (_sync)
            {
                foreach (var row in payload["rows"]!.AsArray())
                {
                    _rows.Add((JsonObject)row!.DeepClone());
                }
            }

            return Results.Text("{}", "application/json");
        });
    }

    private const string UploadPath = "/upload";

    private void MapOverflowEndpoints()
    {
        _app.MapPost("/logs3/overflow", () =>
        {
            var key = Guid.NewGuid().ToString("N");
            var slot = new JsonObject { ["method"] = OverflowMethod, ["signedUrl"] = $"{Url}{UploadPath}/{key}?signature=abc", ["key"] = key };
            if (OverflowMethod == "PUT")
            {
                slot["headers"] = new JsonObject { ["Content-Type"] = "application/json", ["x-upload-check"] = "1" };
            }
            else
            {
                slot["fields"] = new JsonObject { ["key"] = $"uploads/{key}", ["policy"] = "p0licy" };
                // Some services name a content type for the payload; a form upload must keep its own (with the boundary).
                slot["headers"] = new JsonObject { ["Content-Type"] = "application/json", ["x-upload-check"] = "1" };
            }

            return Results.Text(slot.ToJsonString(), "application/json");
        });

        _app.MapPut(UploadPath + "/{key}", (HttpContext context, string key) =>
        {
            if (context.Request.Headers["x-upload-check"] != "1")
            {
                return Results.BadRequest();
            }

            _overflowPayloads[key] = (string)context.Items["body"]!;
            return Results.Ok();
        });

        _app.MapPost(UploadPath + "/{key}", async (HttpContext context, string key) =>
        {
            // Like S3: the policy fields, then the file; a form missing a field or with the file first is refused.
            if (context.Request.Headers["x-upload-check"] != "1")
            {
                return Results.BadRequest();
            }

            var form = await MultipartForm.ReadAsync(context, (string)context.Items["body"]!);
            if (form.Names is not ["key", "policy", "file"] || form.Values["key"] != $"uploads/{key}")
            {
                return Results.BadRequest();
            }

            _overflowPayloads[key] = form.Values["file"];
            return Results.NoContent();
        });
    }

    private sealed record PlannedFailure(int Status, int? RetryAfterSeconds);
}
