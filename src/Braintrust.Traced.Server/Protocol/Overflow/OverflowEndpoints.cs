using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Hosting;
using Braintrust.Traced.Server.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Braintrust.Traced.Server.Protocol.Overflow;

/// <summary><c>POST /logs3/overflow</c> (reserve a slot) and the slot's upload URL.</summary>
internal static class OverflowEndpoints
{
    public const string UploadPathPrefix = "/logs3/overflow/upload/";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/logs3/overflow", async (HttpContext context, OverflowUploads uploads, ServerOptions options) =>
        {
            var body = await JsonBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
            if (body["size_bytes"] is not JsonValue size || size.GetValueKind() != JsonValueKind.Number || size.GetValue<double>() < 0)
            {
                return ProblemResponses.InvalidField("size_bytes", "size_bytes: the payload size in bytes is required");
            }
            var bytes = (long)size.GetValue<double>();
            if (bytes > options.MaxOverflowBytes)
            {
                return ProblemResponses.PayloadTooLarge(options.MaxOverflowBytes);
            }
            var key = await uploads.ReserveAsync(context.Caller().OrgId, bytes, context.RequestAborted);
            return Results.Json(new JsonObject
            {
                ["method"] = "PUT",
                ["signedUrl"] = PublicBaseUrl.Of(context.Request) + UploadPathPrefix + key,
                ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
                ["key"] = key,
            });
        });

        // No API key here (the SDK sends none to signed URLs): the unguessable slot key is the permission.
        app.MapPut(UploadPathPrefix + "{key}", async (HttpContext context, OverflowUploads uploads, string key) =>
        {
            if (await uploads.DeclaredSizeAsync(key, context.RequestAborted) is not { } declared)
            {
                return ProblemResponses.NotFound("key", "key: no open overflow upload slot with this key (unknown or expired)");
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = declared + 1024;
            }
            await uploads.StoreAsync(key, context.Request.Body, context.RequestAborted);
            return Results.Ok();
        });
    }
}
