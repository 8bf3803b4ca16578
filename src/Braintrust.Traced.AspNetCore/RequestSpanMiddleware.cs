using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.AspNetCore;

/// <summary>Wraps each routed request in a span; see <see cref="BraintrustApplicationBuilderExtensions.UseBraintrustRequestSpans"/>.</summary>
internal sealed partial class RequestSpanMiddleware(RequestDelegate next, BraintrustLogger logger, ILogger<RequestSpanMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || !logger.IsEnabled || endpoint.Metadata.GetMetadata<NoRequestSpanMetadata>() is not null)
        {
            await next(context);
            return;
        }

        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        var naming = endpoint.Metadata.GetMetadata<BraintrustSpanNameMetadata>();
        var name = naming?.Name ?? $"{context.Request.Method} {route ?? context.Request.Path.Value}";
        using var span = StartSpan(context, name, naming?.Type ?? SpanType.Task);
        context.Features.Set<IBraintrustRequestSpanFeature>(new BraintrustRequestSpanFeature(span));
        if (endpoint.Metadata.GetMetadata<SpanIdHeaderMetadata>() is { } header)
        {
            // Set before the endpoint runs: once it starts writing the body, headers can no longer be added.
            context.Response.Headers[header.HeaderName] = span.Id;
        }

        span.Log(input: RequestInput(context));
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            // The exception is recorded with the status the client will most likely see, then left to the app's own handling.
            span.Log(error: exception, metadata: Metadata(context, route, StatusCodes.Status500InternalServerError));
            throw;
        }

        var status = context.Response.StatusCode;
        span.Log(
            metadata: Metadata(context, route, status),
            error: status >= StatusCodes.Status500InternalServerError ? $"HTTP {status}" : null);
    }

    private Span StartSpan(HttpContext context, string name, SpanType type)
    {
        var parent = context.Request.Headers[BraintrustHeaders.Parent].ToString();
        if (parent.Length == 0)
        {
            return logger.StartSpan(name, type);
        }

        try
        {
            return logger.StartSpan(name, type, parent);
        }
        catch (ArgumentException exception)
        {
            // A bad tracing header must not fail the user's request: the request gets a trace of its own, marked.
            LogInvalidParent(log, BraintrustHeaders.Parent, exception.Message);
            var span = logger.StartSpan(name, type);
            span.Log(metadata: new Dictionary<string, object?> { ["invalid_parent"] = exception.Message });
            return span;
        }
    }

    private static JsonObject RequestInput(HttpContext context)
    {
        var input = new JsonObject
        {
            ["method"] = context.Request.Method,
            ["path"] = context.Request.Path.Value,
        };
        if (context.Request.QueryString.HasValue)
        {
            input["query"] = context.Request.QueryString.Value;
        }

        var routeValues = context.GetRouteData().Values;
        if (routeValues.Count > 0)
        {
            var values = new JsonObject();
            foreach (var (key, value) in routeValues)
            {
                values[key] = value?.ToString();
            }

            input["route_values"] = values;
        }

        return input;
    }

    private static Dictionary<string, object?> Metadata(HttpContext context, string? route, int status) => new()
    {
        ["http_method"] = context.Request.Method,
        ["http_route"] = route,
        ["http_status_code"] = status,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored the {Header} request header, the request starts a new trace: {Reason}")]
    private static partial void LogInvalidParent(ILogger logger, string header, string reason);
}
