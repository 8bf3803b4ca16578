using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Braintrust.Traced.Server.Storage;

/// <summary>
/// The fields of a row object the ingest path reads, found in ONE pass over its properties (a lookup by name scans
/// them all, and a row is read by some twenty names). An absent field is <c>default</c> (ValueKind Undefined).
/// </summary>
internal struct SpanRowFields
{
    public JsonElement Id, ProjectId, LogId, IsMerge, ObjectDelete, MergePaths, ExperimentId, DatasetId, PromptSessionId;
    public JsonElement Comment, Origin, SpanId, RootSpanId, SpanParents, Created, Metadata, SpanAttributes, Context;
    public JsonElement Scores, Metrics, Tags, Input, Output, Expected, Error;

    /// <summary>
    /// Reads the row's fields; false when a name is escaped or repeated (a DOM of the row reads or rejects those in
    /// its own way, so such rows take the DOM path).
    /// </summary>
    public static bool TryRead(JsonElement row, out SpanRowFields fields)
    {
        fields = default;
        var others = 0;
        foreach (var property in row.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.IndexOf((byte)'\\') >= 0)
            {
                return false;
            }
            ref var slot = ref Slot(ref fields, name);
            if (Unsafe.IsNullRef(ref slot))
            {
                others++;
                continue;
            }
            if (slot.ValueKind != JsonValueKind.Undefined)
            {
                return false;
            }
            slot = property.Value;
        }
        // Names outside the known set are rare (user fields): only then compare them all.
        return others < 2 || SpanRowElement.HasPlainDistinctNames(row);
    }

    private static ref JsonElement Slot(ref SpanRowFields fields, ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 2 when name.SequenceEqual("id"u8): return ref fields.Id;
            case 4 when name.SequenceEqual("tags"u8): return ref fields.Tags;
            case 5 when name.SequenceEqual("input"u8): return ref fields.Input;
            case 5 when name.SequenceEqual("error"u8): return ref fields.Error;
            case 6 when name.SequenceEqual("output"u8): return ref fields.Output;
            case 6 when name.SequenceEqual("log_id"u8): return ref fields.LogId;
            case 6 when name.SequenceEqual("scores"u8): return ref fields.Scores;
            case 6 when name.SequenceEqual("origin"u8): return ref fields.Origin;
            case 7 when name.SequenceEqual("span_id"u8): return ref fields.SpanId;
            case 7 when name.SequenceEqual("created"u8): return ref fields.Created;
            case 7 when name.SequenceEqual("metrics"u8): return ref fields.Metrics;
            case 7 when name.SequenceEqual("context"u8): return ref fields.Context;
            case 7 when name.SequenceEqual("comment"u8): return ref fields.Comment;
            case 8 when name.SequenceEqual("metadata"u8): return ref fields.Metadata;
            case 8 when name.SequenceEqual("expected"u8): return ref fields.Expected;
            case 9 when name.SequenceEqual("_is_merge"u8): return ref fields.IsMerge;
            case 10 when name.SequenceEqual("project_id"u8): return ref fields.ProjectId;
            case 10 when name.SequenceEqual("dataset_id"u8): return ref fields.DatasetId;
            case 12 when name.SequenceEqual("root_span_id"u8): return ref fields.RootSpanId;
            case 12 when name.SequenceEqual("span_parents"u8): return ref fields.SpanParents;
            case 12 when name.SequenceEqual("_merge_paths"u8): return ref fields.MergePaths;
            case 13 when name.SequenceEqual("experiment_id"u8): return ref fields.ExperimentId;
            case 14 when name.SequenceEqual("_object_delete"u8): return ref fields.ObjectDelete;
            case 15 when name.SequenceEqual("span_attributes"u8): return ref fields.SpanAttributes;
            case 17 when name.SequenceEqual("prompt_session_id"u8): return ref fields.PromptSessionId;
            default: return ref Unsafe.NullRef<JsonElement>();
        }
    }

    /// <summary>The field's value when it is present and not JSON null (a DOM reads both as a null node), else null.</summary>
    public static JsonElement? Present(JsonElement value) => value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : value;
}
