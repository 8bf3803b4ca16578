using System.Text;

namespace Braintrust.Traced.Generator.Naming;

/// <summary>Turns a method into its span name at compile time, so a call never builds a name.</summary>
internal static class SpanNamer
{
    private const string AsyncSuffix = "Async";

    public static string Name(string typeName, string methodName, SpanNamingOptions options)
    {
        var method = options.KeepAsyncSuffix ? methodName : DropAsyncSuffix(methodName);
        return options.Policy switch
        {
            SpanNamingPolicy.TypeAndMethod => typeName + "." + method,
            SpanNamingPolicy.SnakeCase => ToSnakeCase(method),
            _ => method,
        };
    }

    private static string DropAsyncSuffix(string methodName) =>
        methodName.Length > AsyncSuffix.Length && methodName.EndsWith(AsyncSuffix, System.StringComparison.Ordinal)
            ? methodName.Substring(0, methodName.Length - AsyncSuffix.Length)
            : methodName;

    /// <summary>
    /// <c>ClassifyText</c> → <c>classify_text</c>; an acronym stays one word (<c>ParseHTTPRequest</c> →
    /// <c>parse_http_request</c>) and digits stick to the word before them (<c>GetV2Model</c> → <c>get_v2_model</c>).
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var current = name[i];
            if (current == '_')
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != '_')
                {
                    builder.Append('_');
                }

                continue;
            }

            if (char.IsUpper(current) && builder.Length > 0 && builder[builder.Length - 1] != '_')
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    builder.Append('_');
                }
            }

            builder.Append(char.ToLowerInvariant(current));
        }

        return builder.ToString();
    }
}
