using System.Text.Json;

namespace Braintrust.Traced.Serialization;

/// <summary>An exception as it is recorded in a span's <c>error</c>: type, message, stack trace and inner exceptions.</summary>
internal static class ExceptionJson
{
    private const int MaxInnerDepth = 5;

    public static void Write(Utf8JsonWriter writer, Exception exception) => Write(writer, exception, 0);

    private static void Write(Utf8JsonWriter writer, Exception exception, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString("type", exception.GetType().FullName);
        writer.WriteString("message", exception.Message);
        if (exception.StackTrace is { } stackTrace)
        {
            writer.WriteString("stack_trace", stackTrace);
        }
        else
        {
            writer.WriteNull("stack_trace");
        }

        if (depth < MaxInnerDepth)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count > 1)
            {
                writer.WriteStartArray("inner_exceptions");
                foreach (var child in aggregate.InnerExceptions)
                {
                    Write(writer, child, depth + 1);
                }

                writer.WriteEndArray();
            }
            else if (exception.InnerException is { } cause)
            {
                writer.WritePropertyName("inner_exception");
                Write(writer, cause, depth + 1);
            }
        }

        writer.WriteEndObject();
    }
}
