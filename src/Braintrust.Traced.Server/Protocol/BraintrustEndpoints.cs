using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Protocol.Overflow;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>The endpoints the official Braintrust SDKs call on the path login → register project → log → flush.</summary>
internal static class BraintrustEndpoints
{
    public const string ServerVersion = "braintrust-traced-0.1.0";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/apikey/login", (HttpContext context) =>
        {
            var caller = context.Caller();
            var baseUrl = PublicBaseUrl.Of(context.Request);
            return Results.Json(new JsonObject
            {
                ["org_info"] = new JsonArray(new JsonObject
                {
                    ["id"] = caller.OrgId,
                    ["name"] = caller.OrgName,
                    ["api_url"] = baseUrl,
                    ["proxy_url"] = baseUrl,
                    ["git_metadata"] = null,
                }),
            });
        });

        app.MapPost("/api/project/register", async (HttpContext context, IAccountStore store) =>
        {
            var caller = context.Caller();
            var body = await JsonBodyReader.ReadObjectAsync(context.Request, context.RequestAborted, allowEmpty: true);
            var name = OptionalString(body, "project_name") ?? "Global";
            if (name.Trim().Length == 0)
            {
                return ProblemResponses.InvalidField("project_name", "project_name: must not be empty");
            }
            if (OptionalString(body, "org_id") is { } orgId && orgId != caller.OrgId)
            {
                return ProblemResponses.NotFound("org_id", $"org_id: organization '{orgId}' is not the API key's organization");
            }
            var project = await store.GetOrCreateProjectAsync(caller.OrgId, name, OptionalString(body, "project_description"), context.RequestAborted);
            return Results.Json(new JsonObject { ["project"] = ProjectJson.From(project) });
        });

        app.MapGet("/api/project", async (HttpContext context, IAccountStore store, string? id) =>
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                return ProblemResponses.InvalidField("id", "id: the query parameter 'id' (project id) is required");
            }
            var project = await store.FindProjectAsync(context.Caller().OrgId, id, context.RequestAborted);
            return project is null
                ? ProblemResponses.NotFound("id", $"id: project '{id}' does not exist in this organization")
                : Results.Json(ProjectJson.From(project));
        });

        app.MapGet("/version", (ServerLimits limits) => Results.Json(new JsonObject
        {
            ["version"] = ServerVersion,
            ["logs3_payload_max_bytes"] = limits.MaxBodyBytes,
        }));

        app.MapGet("/ping", () => Results.Json(new JsonObject { ["status"] = "ok" }));

        app.MapPost("/logs3", async (HttpContext context, IngestService ingest, OverflowUploads overflow) =>
        {
            var body = await JsonBodyReader.ReadObjectElementAsync(context.Request, context.RequestAborted);
            // A body whose keys a DOM reads differently (repeated or escaped) keeps the DOM path, and its errors.
            var dom = SpanRowElement.HasPlainDistinctNames(body) ? null : (JsonObject)JsonBodyReader.ToCheckedNode(body)!;
            if (!HasValidApiVersion(body))
            {
                return ProblemResponses.InvalidField("api_version", "api_version: must be 1 or 2");
            }
            var rows = dom is null ? await Logs3RowsInPlaceAsync(body, overflow, context) : await Logs3RowsAsync(dom, overflow, context);
            var outcome = await ingest.IngestAsync(rows, context.Caller(), context.RequestAborted);
            return Results.Json(new JsonObject
            {
                ["ids"] = new JsonArray(outcome.RowIds.Select(id => (JsonNode?)id).ToArray()),
                ["xact_id"] = outcome.XactId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        });
    }

    /// <summary>Read from the element on both paths: repeated keys are rejected before, and an escaped name matches unescaped.</summary>
    private static bool HasValidApiVersion(JsonElement body)
        => !body.TryGetProperty("api_version"u8, out var version) || version.ValueKind == JsonValueKind.Null
           || (version.ValueKind == JsonValueKind.Number && version.GetDouble() is 1 or 2);

    /// <summary>The logs3 rows validated in place in the body (<see cref="LogRowElementParser"/>).</summary>
    private static async Task<IReadOnlyList<RowWrite>> Logs3RowsInPlaceAsync(JsonElement body, OverflowUploads overflow, HttpContext context)
    {
        if (!body.TryGetProperty("rows"u8, out var rows) || rows.ValueKind != JsonValueKind.Array)
        {
            return rows.ValueKind == JsonValueKind.Object
                ? LogRowParser.Parse(await ResolveOverflowAsync(JsonObject.Create(rows)!, overflow, context), "rows", pathProjectId: null, generateIds: false)
                : throw new RowValidationException(null, "rows", "must be a JSON array of row objects");
        }
        return LogRowElementParser.Parse(rows);
    }

    /// <summary>The logs3 rows read through a DOM of the body.</summary>
    private static async Task<IReadOnlyList<RowWrite>> Logs3RowsAsync(JsonObject body, OverflowUploads overflow, HttpContext context)
    {
        var rows = body["rows"];
        if (rows is JsonObject reference)
        {
            rows = await ResolveOverflowAsync(reference, overflow, context);
        }
        return LogRowParser.Parse(rows, "rows", pathProjectId: null, generateIds: false);
    }

    /// <summary><c>{"type": "logs3_overflow", "key": ...}</c> → the rows of the payload uploaded to that slot.</summary>
    private static async Task<JsonNode?> ResolveOverflowAsync(JsonObject reference, OverflowUploads overflow, HttpContext context)
    {
        if (reference["type"]?.ToString() != "logs3_overflow" || reference["key"] is not JsonValue key || key.GetValueKind() != JsonValueKind.String)
        {
            throw new RowValidationException(null, "rows", "must be an array of rows or an overflow reference {\"type\": \"logs3_overflow\", \"key\": ...}");
        }
        var payload = await overflow.ReadAsync(key.GetValue<string>(), context.Caller().OrgId, context.RequestAborted)
            ?? throw new RowValidationException(null, "rows.key", "no uploaded overflow payload with this key (unknown, expired or not uploaded)",
                StatusCodes.Status404NotFound);
        try
        {
            return (JsonNode.Parse(payload) as JsonObject)?["rows"];
        }
        catch (JsonException e)
        {
            throw new RowValidationException(null, "rows.key", $"the uploaded overflow payload is not valid JSON: {e.Message}");
        }
    }

    private static string? OptionalString(JsonObject body, string field)
    {
        var value = body[field];
        if (value is null)
        {
            return null;
        }
        return value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new RowValidationException(null, field, "must be a string");
    }
}
