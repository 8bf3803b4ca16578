using System.Text.Json.Nodes;

namespace Braintrust.Traced.Serialization;

/// <summary>An exception as it is recorded in a span's <c>error</c>: type, message, stack trace and inner exceptions.</summary>
internal static class ExceptionJson
{
    private const int MaxInnerDepth = 5;

    public static JsonObject ToNode(Exception exception) => ToNode(exception, 0);

    private static JsonObject ToNode(Exception exception, int depth)
    {
        var node = new JsonObject
        {
            ["type"] = exception.GetType().FullName,
            ["message"] = exception.Message,
            ["stack_trace"] = exception.StackTrace,
        };
        if (depth < MaxInnerDepth)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count > 1)
            {
                var inner = new JsonArray();
                foreach (var child in aggregate.InnerExceptions)
                {
                    inner.Add((JsonNode)ToNode(child, depth + 1));
                }

                node["inner_exceptions"] = inner;
            }
            else if (exception.InnerException is { } cause)
            {
                node["inner_exception"] = ToNode(cause, depth + 1);
            }
        }

        return node;
    }
}
