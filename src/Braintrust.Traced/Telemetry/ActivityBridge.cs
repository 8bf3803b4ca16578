using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Runtime;

namespace Braintrust.Traced.Telemetry;

/// <summary>
/// Mirrors spans as <see cref="Activity"/> objects of the <see cref="SourceName"/> source when
/// <see cref="BraintrustOptions.EmitActivities"/> is on, so a team's OpenTelemetry pipeline sees what Braintrust sees.
/// llm spans carry the OpenTelemetry GenAI semantic conventions (<c>gen_ai.*</c>); every span carries its Braintrust ids,
/// so the two views can be joined. Input and output text is not copied onto activities: it stays in Braintrust.
/// </summary>
internal static class ActivityBridge
{
    /// <summary>The name to subscribe to, e.g. <c>tracerProviderBuilder.AddSource("Braintrust.Traced")</c>.</summary>
    public const string SourceName = "Braintrust.Traced";

    private static readonly ActivitySource s_source = new(
        SourceName,
        typeof(ActivityBridge).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]);

    /// <summary>Starts the span's activity (a child of <see cref="Activity.Current"/>), or nothing when no listener samples it.</summary>
    public static Activity? Start(Span span)
    {
        if (!s_source.HasListeners())
        {
            return null;
        }

        var activity = s_source.StartActivity(span.Name, span.Type == SpanType.Llm ? ActivityKind.Client : ActivityKind.Internal);
        activity?.SetTag("braintrust.span_id", span.SpanId);
        activity?.SetTag("braintrust.root_span_id", span.RootSpanId);
        activity?.SetTag("braintrust.span_type", SpanTypeNames.ToWire(span.Type));
        return activity;
    }

    /// <summary>Adds what the span learned while it ran (model, usage, error) and stops the activity.</summary>
    public static void Stop(
        Activity activity,
        Span span,
        TracedMethod? method,
        IReadOnlyDictionary<string, object?>? metadata,
        IReadOnlyDictionary<string, double>? metrics,
        object? error)
    {
        if (method is not null)
        {
            // OpenTelemetry's code.* attributes: the UI of any backend can point at the traced method.
            activity.SetTag("code.function.name", method.FunctionName);
            activity.SetTag("code.file.path", method.FileName);
            activity.SetTag("code.line.number", method.LineNumber);
        }

        if (span.Type == SpanType.Llm)
        {
            AddGenAiTags(activity, span.Name, metadata, metrics);
        }

        if (metadata is not null && metadata.TryGetValue("http_status", out var status) && TagValue(status) is { } httpStatus)
        {
            activity.SetTag("http.response.status_code", httpStatus);
        }

        switch (error)
        {
            case Exception exception:
                activity.SetTag("error.type", exception.GetType().FullName);
                activity.SetStatus(ActivityStatusCode.Error, exception.Message);
                break;
            case not null:
                activity.SetTag("error.type", "_OTHER");
                activity.SetStatus(ActivityStatusCode.Error, TagValue(error) as string);
                break;
        }

        activity.Stop();
    }

    private static void AddGenAiTags(
        Activity activity,
        string spanName,
        IReadOnlyDictionary<string, object?>? metadata,
        IReadOnlyDictionary<string, double>? metrics)
    {
        var operation = spanName.Contains("embedding", StringComparison.OrdinalIgnoreCase) ? "embeddings" : "chat";
        activity.SetTag("gen_ai.operation.name", operation);
        var model = Metadata(metadata, "model") as string;
        if (model is not null)
        {
            // GenAI conventions name a model call "{operation} {model}".
            activity.DisplayName = operation + " " + model;
            activity.SetTag("gen_ai.request.model", model);
        }

        SetIfPresent(activity, "gen_ai.provider.name", Metadata(metadata, "provider"));
        SetIfPresent(activity, "gen_ai.request.temperature", Metadata(metadata, "temperature"));
        SetIfPresent(activity, "gen_ai.request.top_p", Metadata(metadata, "top_p"));
        SetIfPresent(activity, "gen_ai.request.seed", Metadata(metadata, "seed"));
        SetIfPresent(activity, "gen_ai.request.max_tokens",
            Metadata(metadata, "max_tokens") ?? Metadata(metadata, "max_completion_tokens") ?? Metadata(metadata, "max_output_tokens"));

        if (metrics is not null)
        {
            if (metrics.TryGetValue("prompt_tokens", out var input))
            {
                activity.SetTag("gen_ai.usage.input_tokens", (long)input);
            }

            if (metrics.TryGetValue("completion_tokens", out var output))
            {
                activity.SetTag("gen_ai.usage.output_tokens", (long)output);
            }

            if (metrics.TryGetValue("time_to_first_token", out var firstToken))
            {
                // No GenAI span attribute exists for it yet; keep it under our own name rather than drop it.
                activity.SetTag("braintrust.time_to_first_token", firstToken);
            }
        }
    }

    private static object? Metadata(IReadOnlyDictionary<string, object?>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) ? TagValue(value) : null;

    private static void SetIfPresent(Activity activity, string name, object? value)
    {
        if (value is not null)
        {
            activity.SetTag(name, value);
        }
    }

    /// <summary>
    /// A metadata value as an OpenTelemetry attribute: strings, numbers and booleans as they are (wrappers such as the
    /// OpenAI integration log JSON nodes); anything else is left off rather than serialized on the caller's thread.
    /// </summary>
    private static object? TagValue(object? value) => value switch
    {
        null => null,
        string or bool or int or long or double or float or decimal => value,
        JsonValue node when node.TryGetValue<string>(out var text) => text,
        JsonValue node when node.TryGetValue<double>(out var number) => number,
        JsonValue node when node.TryGetValue<bool>(out var flag) => flag,
        RawJson json when json.TryGetDouble(out var number) => number,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        JsonElement { ValueKind: JsonValueKind.Number } element => element.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False } element => element.GetBoolean(),
        _ => null,
    };
}
