using Microsoft.AspNetCore.Http;

namespace Braintrust.Traced.Server.Json;

/// <summary>A request or row was rejected; carries the row index (null when the request itself is bad) and the field path.</summary>
internal sealed class RowValidationException(
    int? rowIndex, string field, string message, int statusCode = StatusCodes.Status400BadRequest, string collection = "rows")
    : Exception(rowIndex is { } index ? $"{collection}[{index}].{field}: {message}" : $"{field}: {message}")
{
    public int? RowIndex { get; } = rowIndex;

    public string Field { get; } = field;

    public int StatusCode { get; } = statusCode;

    /// <summary>What is wrong with the field, without the location prefix.</summary>
    public string Reason { get; } = message;

    /// <summary>Re-labels the row collection ("events", "feedback") so the message matches the request the user sent.</summary>
    public RowValidationException InCollection(string name)
        => new(RowIndex, Field, Reason, StatusCode, name);
}
