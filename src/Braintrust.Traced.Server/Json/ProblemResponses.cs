using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Json;

/// <summary>RFC 7807 problem+json answers. Every client-caused error names what was wrong and where.</summary>
internal static class ProblemResponses
{
    // A URN, not a URL: problem kinds are documented in docs/protocol.md, not served from a web page.
    private const string TypeBase = "urn:braintrust-traced:problem:";

    public static IResult Problem(int status, string kind, string title, string detail, IDictionary<string, object?>? extensions = null)
        => Results.Problem(
            statusCode: status,
            title: title,
            detail: detail,
            type: TypeBase + kind,
            extensions: extensions);

    public static IResult InvalidRow(RowValidationException error)
        => Problem(
            error.StatusCode,
            error.StatusCode == StatusCodes.Status404NotFound ? "unknown-object" : "invalid-row",
            error.StatusCode == StatusCodes.Status404NotFound ? "Unknown object" : "Invalid row",
            error.Message,
            new Dictionary<string, object?>
            {
                ["row"] = error.RowIndex,
                ["field"] = error.Field,
            });

    public static IResult InvalidField(string field, string detail, int status = StatusCodes.Status400BadRequest)
        => Problem(status, status == StatusCodes.Status404NotFound ? "not-found" : "invalid-request",
            status == StatusCodes.Status404NotFound ? "Not found" : "Invalid request", detail,
            new Dictionary<string, object?> { ["field"] = field });

    public static IResult NotFound(string field, string detail)
        => InvalidField(field, detail, StatusCodes.Status404NotFound);

    public static IResult PayloadTooLarge(long limit)
        => Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Payload too large",
            $"The request body exceeds the server's limit of {limit} bytes (BRAINTRUST_TRACED_MAX_BODY_BYTES).",
            new Dictionary<string, object?> { ["limit_bytes"] = limit });

    public static IResult Unauthorized(string detail)
        => Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized", detail);
}
