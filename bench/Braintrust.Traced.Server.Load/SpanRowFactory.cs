using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Braintrust.Traced.Server.Load;

/// <summary>
/// Rows shaped like the official SDK's first write of a span (random 16-hex ids, 32-hex trace ids, start/end,
/// tokens, context, metadata), about 1 KB each, in traces of one root and <see cref="SpansPerTrace"/>−1 children.
/// Text fields are drawn from a fixed vocabulary so full-text search has realistic hit rates (each word is in ~1 % of rows).
/// </summary>
internal sealed class SpanRowFactory
{
    public const int SpansPerTrace = 5;
    public const string ProjectPlaceholder = "@@PROJECT@@";

    private static readonly string[] Vocabulary = BuildVocabulary(4000);
    private readonly Random _random;
    private readonly double _startSeconds;

    public SpanRowFactory(int seed, double startSeconds)
    {
        _random = new Random(seed);
        _startSeconds = startSeconds;
    }

    /// <summary>A word of the vocabulary, for search queries that do find rows.</summary>
    public static string Word(int index) => Vocabulary[index % Vocabulary.Length];

    /// <summary>Writes the rows of one trace (root first); <paramref name="traceIndex"/> orders traces in time.</summary>
    public void WriteTrace(Utf8JsonWriter writer, long traceIndex, string projectId, ICollection<string>? rootIds, IList<(string Id, string Json)>? rawCopy)
    {
        var root = Hex(16);
        var traceId = Hex(32);
        rootIds?.Add(traceId);
        var start = _startSeconds + traceIndex * 0.01;
        for (var s = 0; s < SpansPerTrace; s++)
        {
            var id = s == 0 ? root : Hex(16);
            if (rawCopy is null)
            {
                WriteRow(writer, id, traceId, s == 0 ? null : root, projectId, start + s * 0.001, s);
            }
            else
            {
                var buffer = new ArrayBufferWriter<byte>(1400);
                using (var rowWriter = new Utf8JsonWriter(buffer))
                {
                    WriteRow(rowWriter, id, traceId, s == 0 ? null : root, projectId, start + s * 0.001, s);
                }
                writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
                rawCopy.Add((id, Encoding.UTF8.GetString(buffer.WrittenSpan)));
            }
        }
    }

    private void WriteRow(Utf8JsonWriter w, string id, string traceId, string? parent, string projectId, double start, int position)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("span_id", id);
        w.WriteString("root_span_id", traceId);
        if (parent is not null)
        {
            w.WriteStartArray("span_parents");
            w.WriteStringValue(parent);
            w.WriteEndArray();
        }
        w.WriteString("project_id", projectId);
        w.WriteString("log_id", "g");
        w.WriteBoolean("_is_merge", false);
        w.WriteString("created", DateTimeOffset.FromUnixTimeMilliseconds((long)(start * 1000)).UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteStartObject("input");
        w.WriteStartArray("messages");
        w.WriteStartObject();
        w.WriteString("role", "user");
        w.WriteString("content", Words(55));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("output", Words(30));
        w.WriteStartObject("metadata");
        w.WriteString("model", "gpt-4o-mini");
        w.WriteString("customer", "c" + _random.Next(1000).ToString(CultureInfo.InvariantCulture));
        w.WriteString("env", "prod");
        w.WriteEndObject();
        w.WriteStartObject("metrics");
        w.WriteNumber("start", start);
        w.WriteNumber("end", start + 0.2 + _random.NextDouble());
        var prompt = _random.Next(20, 400);
        var completion = _random.Next(5, 200);
        w.WriteNumber("prompt_tokens", prompt);
        w.WriteNumber("completion_tokens", completion);
        w.WriteNumber("tokens", prompt + completion);
        w.WriteEndObject();
        w.WriteStartObject("span_attributes");
        w.WriteString("name", position == 0 ? "handle_request" : "llm_call_" + position.ToString(CultureInfo.InvariantCulture));
        w.WriteString("type", position == 0 ? "task" : "llm");
        w.WriteNumber("exec_counter", position);
        w.WriteEndObject();
        w.WriteStartObject("context");
        w.WriteString("caller_functionname", "handleRequest");
        w.WriteString("caller_filename", "/app/src/handler.ts");
        w.WriteNumber("caller_lineno", 42);
        w.WriteEndObject();
        if (position == 0)
        {
            w.WriteStartArray("tags");
            w.WriteStringValue("prod");
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private string Words(int count)
    {
        var text = new StringBuilder(count * 8);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }
            text.Append(Vocabulary[_random.Next(Vocabulary.Length)]);
        }
        return text.ToString();
    }

    private string Hex(int length)
    {
        Span<byte> bytes = stackalloc byte[length / 2];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static string[] BuildVocabulary(int size)
    {
        // Pronounceable made-up words (consonant-vowel pairs) so FTS tokenizes them as ordinary words.
        const string consonants = "bcdfghklmnprstvz";
        const string vowels = "aeiou";
        var random = new Random(7);
        var words = new HashSet<string>();
        while (words.Count < size)
        {
            var syllables = random.Next(2, 4);
            var word = new StringBuilder();
            for (var s = 0; s < syllables; s++)
            {
                word.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
            }
            words.Add(word.ToString());
        }
        return [.. words];
    }
}
