using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Auth;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Braintrust.Traced.Server.Protocol;

/// <summary>The subset of Braintrust's public REST API (/v1) that scripts and integrations such as LiteLLM call.</summary>
internal static class RestEndpoints
{
    private const int DefaultFetchLimit = 100;
    private const int MaxFetchLimit = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/project", ListProjectsAsync);
        app.MapPost("/v1/project", CreateProjectAsync);
        app.MapPost("/v1/project_logs/{projectId}/insert", InsertAsync);
        app.MapPost("/v1/project_logs/{projectId}/feedback", FeedbackAsync);
        app.MapGet("/v1/project_logs/{projectId}/fetch", (HttpContext context, ILogStore logs, ProjectAccess access, string projectId, string? limit, string? cursor)
            => FetchAsync(context, logs, access, projectId, limit, cursor));
        app.MapPost("/v1/project_logs/{projectId}/fetch", async (HttpContext context, ILogStore logs, ProjectAccess access, string projectId) =>
        {
            var body = await JsonBodyReader.ReadObjectAsync(context.Request, context.RequestAborted, allowEmpty: true);
            var limit = body["limit"] switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
                _ => throw new RowValidationException(null, "limit", "must be a positive integer"),
            };
            var cursor = body["cursor"] switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => throw new RowValidationException(null, "cursor", "must be a string returned by a previous fetch"),
            };
            return await FetchAsync(context, logs, access, projectId, limit, cursor);
        });
    }

    private static async Task<IResult> ListProjectsAsync(HttpContext context, IAccountStore store,
        string? project_name, string? org_name, string? limit, string? starting_after, string? ending_before)
    {
        var caller = context.Caller();
        if (org_name is not null && org_name != caller.OrgName)
        {
            return Results.Json(new JsonObject { ["objects"] = new JsonArray() });
        }
        IEnumerable<Project> projects = await store.ListProjectsAsync(caller.OrgId, context.RequestAborted);
        if (project_name is not null)
        {
            projects = projects.Where(p => p.Name == project_name);
        }
        var list = projects.ToList();
        if (starting_after is not null)
        {
            var at = list.FindIndex(p => p.Id == starting_after);
            list = at < 0 ? [] : list.Skip(at + 1).ToList();
        }
        if (ending_before is not null)
        {
            var at = list.FindIndex(p => p.Id == ending_before);
            list = at < 0 ? [] : list.Take(at).ToList();
        }
        if (limit is not null)
        {
            list = list.Take(ParseLimit(limit, int.MaxValue)).ToList();
        }
        return Results.Json(new JsonObject { ["objects"] = new JsonArray(list.Select(p => (JsonNode)ProjectJson.From(p)).ToArray()) });
    }

    private static async Task<IResult> CreateProjectAsync(HttpContext context, IAccountStore store)
    {
        var caller = context.Caller();
        var body = await JsonBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        if (body["name"] is not JsonValue nameValue || nameValue.GetValueKind() != JsonValueKind.String || nameValue.GetValue<string>().Trim().Length == 0)
        {
            return ProblemResponses.InvalidField("name", "name: a non-empty project name string is required");
        }
        if (body["org_name"] is { } orgName && orgName.ToString() != caller.OrgName)
        {
            return ProblemResponses.NotFound("org_name", $"org_name: organization '{orgName}' is not the API key's organization");
        }
        var description = body["description"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
        // Braintrust returns an existing project with the same name unmodified.
        var project = await store.GetOrCreateProjectAsync(caller.OrgId, nameValue.GetValue<string>(), description, context.RequestAborted);
        return Results.Json(ProjectJson.From(project));
    }

    private static async Task<IResult> InsertAsync(HttpContext context, IngestService ingest, ProjectAccess access, string projectId)
    {
        var caller = context.Caller();
        await access.RequireAsync(projectId, caller, context.RequestAborted);
        var body = await JsonBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        try
        {
            var outcome = await ingest.IngestAsync(body["events"], "events", projectId, generateIds: true, caller, context.RequestAborted);
            return Results.Json(new JsonObject { ["row_ids"] = new JsonArray(outcome.RowIds.Select(id => (JsonNode?)id).ToArray()) });
        }
        catch (RowValidationException e)
        {
            throw e.InCollection("events");
        }
    }

    private static async Task<IResult> FeedbackAsync(HttpContext context, IngestService ingest, ProjectAccess access, string projectId)
    {
        var caller = context.Caller();
        await access.RequireAsync(projectId, caller, context.RequestAborted);
        var body = await JsonBodyReader.ReadObjectAsync(context.Request, context.RequestAborted);
        try
        {
            var rows = FeedbackTranslator.ToRows(body["feedback"], projectId);
            await ingest.IngestAsync(rows, caller, context.RequestAborted);
            return Results.Json(new JsonObject { ["status"] = "success" });
        }
        catch (RowValidationException e)
        {
            throw e.InCollection("feedback");
        }
    }

    private static async Task<IResult> FetchAsync(HttpContext context, ILogStore logs, ProjectAccess access, string projectId, string? limit, string? cursor)
    {
        await access.RequireAsync(projectId, context.Caller(), context.RequestAborted);
        var pageSize = limit is null ? DefaultFetchLimit : ParseLimit(limit, MaxFetchLimit);
        var page = await logs.FetchAsync(projectId, pageSize, FetchCursor.Decode(cursor), context.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["events"] = new JsonArray(page.Spans.Select(span => (JsonNode)SpanEventJson.From(span)).ToArray()),
            ["cursor"] = page.NextBeforeSeq is { } next ? FetchCursor.Encode(next) : null,
        });
    }

    private static int ParseLimit(string text, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            throw new RowValidationException(null, "limit", "must be a positive integer");
        }
        return Math.Min(limit, max);
    }
}
