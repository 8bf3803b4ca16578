using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Protocol;
using Braintrust.Traced.Server.Storage;

namespace Braintrust.Traced.Server.Tests.Protocol;

/// <summary>
/// logs3 rows are validated and stored in place (<see cref="LogRowElementParser"/>, <see cref="SpanRowElement"/>);
/// every other path reads them through a DOM (<see cref="LogRowParser"/>). Over thousands of generated row shapes,
/// valid and not, both must give the same answer: the same error, or the same write, the same stored document and
/// the same query columns and search text.
/// </summary>
public sealed class InPlaceRowParsingTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void In_place_and_DOM_paths_agree_on_every_generated_row(int seed)
    {
        var random = new Random(seed);
        var stored = 0;
        var rejected = 0;
        var storedInPlace = 0;
        for (var i = 0; i < 1500; i++)
        {
            var rowJson = new RowShapeGenerator(random).Row();
            var body = $$"""{"rows":[{{rowJson}}]}""";
            var inPlace = Outcome(() =>
            {
                using var document = JsonDocument.Parse(body);
                var rows = LogRowElementParser.Parse(document.RootElement.GetProperty("rows"));
                storedInPlace += rows.Count(r => r.Source is { } source && SpanRowElement.TryPrepare(source, r) is not null);
                return Describe(rows, rowJson);
            });
            var dom = Outcome(() => Describe(LogRowParser.Parse(JsonNode.Parse(body)!["rows"], "rows", pathProjectId: null, generateIds: false), rowJson));
            Assert.That(inPlace, Is.EqualTo(dom), $"row {i} of seed {seed}: {rowJson}");
            if (dom.StartsWith("error", StringComparison.Ordinal))
            {
                rejected++;
            }
            else
            {
                stored++;
            }
        }
        // The generator must cover both sides, or the comparison proves little.
        Assert.That(stored, Is.GreaterThan(300), "rows accepted");
        Assert.That(rejected, Is.GreaterThan(100), "rows rejected");
        Assert.That(storedInPlace, Is.GreaterThan(stored / 3), "rows stored without a DOM");
        TestContext.Out.WriteLine($"seed {seed}: {stored} stored ({storedInPlace} in place), {rejected} rejected");
    }

    [Test]
    public void A_row_stored_in_place_keeps_the_bytes_the_client_sent_as_the_DOM_path_writes_them()
    {
        const string body = """{"rows":[{"id":"a","project_id":"p","span_id":"a","root_span_id":"a","created":"2026-01-02T03:04:05.000Z","input":{"text":"caf\u00e9 <b> \"q\"","n":1.50,"big":12345678901234567890},"metrics":{"start":1.5e9},"_is_merge":false}]}""";
        using var document = JsonDocument.Parse(body);
        var row = LogRowElementParser.Parse(document.RootElement.GetProperty("rows")).Single();

        var prepared = PreparedSpan.ForNewRow(row);

        Assert.That(row.Source, Is.Not.Null, "the row was read in place");
        Assert.That(prepared.Json, Is.EqualTo(
            """{"span_id":"a","root_span_id":"a","created":"2026-01-02T03:04:05.000Z","input":{"text":"caf\u00E9 \u003Cb\u003E \u0022q\u0022","n":1.50,"big":12345678901234567890},"metrics":{"start":1.5e9},"id":"a","project_id":"p","log_id":"g"}"""));
        Assert.That(prepared.Columns.SearchText, Is.EqualTo("text café <b> \"q\" n 1.50 big 12345678901234567890 "));
        Assert.That(prepared.Columns.Start, Is.EqualTo(1.5e9));
    }

    private static string Outcome(Func<string> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is RowValidationException or ArgumentException or FormatException or InvalidOperationException)
        {
            return $"error {e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Everything a user could see of the write: its identity, kind, merge paths, data, and stored form.</summary>
    private static string Describe(IReadOnlyList<RowWrite> rows, string rowJson)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.Index}|{row.ProjectId}|{row.LogId}|{row.Id}|{row.Kind}|")
                .Append(row.MergePaths is null ? "-" : string.Join(";", row.MergePaths.Select(p => string.Join(".", p))))
                .Append('|').Append(row.Comment is null ? "-" : $"{row.Comment.OriginId}/{row.Comment.Text}/{CommentCreated(row.Comment, rowJson)}")
                .Append('|').Append(row.Data.ToJsonString()).Append('\n');
            if (row.Kind is RowWriteKind.Replace or RowWriteKind.Merge)
            {
                var prepared = PreparedSpan.ForNewRow(row);
                var columns = prepared.Columns;
                var json = prepared.Json;
                if (row.Data["created"] is null)
                {
                    // The creation time given to a row without one is "now": equal in shape, not in value.
                    json = json.Replace($"\"created\":\"{columns.Created}\"", "\"created\":\"(now)\"", StringComparison.Ordinal);
                    columns = columns with { Created = "(now)", SortTs = columns.Start ?? 0 };
                }
                text.Append(json).Append('\n').Append(columns).Append('|').Append(prepared.IsPartial).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// A comment's creation time as sent, or "(now)" when the row gave none: the two paths each read the clock, so
    /// they agree on its shape, not on its millisecond.
    /// </summary>
    private static string CommentCreated(CommentWrite comment, string rowJson)
        => rowJson.Contains($"\"created\":\"{comment.Created}\"", StringComparison.Ordinal) ? comment.Created : "(now)";

    /// <summary>Row JSON text (text, so that it can repeat and escape keys) of the shapes SDKs send, and of broken ones.</summary>
    private sealed class RowShapeGenerator(Random random)
    {
        private static readonly string[] Keys = ["a", "b", "name", "type", "role", "content", "x", "caf\\u00e9", "\\u0061", "k<", "tokens"];

        /// <summary>Every printable ASCII character, JSON-escaped where JSON requires it.</summary>
        private static readonly string PrintableAscii =
            string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => c switch { '"' => "\\\"", '\\' => "\\\\", _ => ((char)c).ToString() }));

        private static readonly string[] Strings =
            ["", "hello world", "caf\\u00e9", "line\\nbreak", "quote \\\" and \\\\", "<tag> & 'x' +", "\\ud83d\\ude00 emoji", "é unescaped", "2026-01-02T03:04:05Z", PrintableAscii, "tab\\tand \u007f raw del"];

        private static readonly string[] Numbers = ["0", "1", "-1", "0.5", "1.50", "1e3", "1E-7", "-0", "12345678901234567890", "1.7976931348623157e308", "1e400"];

        private bool Chance(double p) => random.NextDouble() < p;

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        public string Row()
        {
            var fields = new List<string>();
            void Add(string key, string value) => fields.Add($"\"{key}\":{value}");
            var id = Chance(0.97) ? Quote(Pick(new[] { "r1", "span-1", "x\\u0001y", "", "caf\\u00e9" }.Concat(Enumerable.Repeat("row" + random.Next(1000), 6)).ToArray())) : Value(1);
            if (Chance(0.95)) Add("id", Chance(0.97) ? id : Pick(new[] { "null", "1" }));
            if (Chance(0.95)) Add("project_id", Chance(0.97) ? "\"p1\"" : Pick(new[] { "null", "5", "\"p2\"" }));
            if (Chance(0.3)) Add("log_id", Chance(0.9) ? "\"g\"" : Pick(new[] { "null", "\"e\"", "1" }));
            if (Chance(0.4)) Add("_is_merge", Pick(new[] { "true", "false", "false", "null", "\"yes\"" }));
            if (Chance(0.08)) Add("_object_delete", Pick(new[] { "true", "false", "null", "1" }));
            if (Chance(0.05)) Add(Pick(new[] { "experiment_id", "dataset_id", "prompt_session_id" }), Pick(new[] { "null", "\"e1\"" }));
            if (Chance(0.04))
            {
                Add("origin", Pick(new[] { "{\"id\":\"r1\"}", "null", "{}", "\"r1\"" }));
                Add("comment", Pick(new[] { "{\"text\":\"nice\"}", "null", "{\"text\":1}" }));
            }
            if (Chance(0.9)) Add("span_id", Chance(0.97) ? id : Value(1));
            if (Chance(0.9)) Add("root_span_id", Chance(0.97) ? Quote("root" + random.Next(10)) : Value(1));
            if (Chance(0.6)) Add("span_parents", Chance(0.95) ? $"[{string.Join(",", Enumerable.Range(0, random.Next(3)).Select(_ => Quote("p" + random.Next(9))))}]" : Pick(new[] { "null", "\"p\"", "[1]", "[null]" }));
            if (Chance(0.7)) Add("created", Chance(0.9) ? "\"2026-12-0" + random.Next(1, 9) + "T10:00:00.123Z\"" : Pick(new[] { "null", "\"yesterday\"", "3" }));
            if (Chance(0.8)) Add("input", Value(3));
            if (Chance(0.7)) Add("output", Value(3));
            if (Chance(0.2)) Add("expected", Value(2));
            if (Chance(0.3)) Add("error", Pick(new[] { "null", "\"\"", "\"boom\"", "{\"message\":\"x\"}", "0" }));
            if (Chance(0.6)) Add("metadata", Chance(0.95) ? Obj(2) : Pick(new[] { "null", "\"m\"", "[]" }));
            if (Chance(0.7)) Add("span_attributes", Chance(0.95) ? SpanAttributes() : Pick(new[] { "null", "3" }));
            if (Chance(0.7)) Add("metrics", Chance(0.93) ? Metrics() : Pick(new[] { "null", "[]", "{\"tokens\":\"many\"}", "{\"a\":1,\"a\":2}" }));
            if (Chance(0.3)) Add("scores", Chance(0.9) ? Scores() : Pick(new[] { "null", "1", "{\"s\":1.5}", "{\"s\":\"hi\"}", "{\"s\":1,\"s\":0}", "{\"s\":1e400}" }));
            if (Chance(0.3)) Add("tags", Chance(0.9) ? $"[{string.Join(",", Enumerable.Range(0, random.Next(3)).Select(_ => Quote(Pick(Strings))))}]" : Pick(new[] { "null", "[1]", "\"t\"" }));
            if (Chance(0.3)) Add("context", Value(2));
            if (Chance(0.2)) Add("_merge_paths", Pick(new[] { "[[\"input\"]]", "[[\"metadata\",\"a\"]]", "[]", "null", "[\"input\"]", "[[1]]", "3" }));
            if (Chance(0.1)) Add(Pick(new[] { "_audit_source", "_xact_id", "_parent_id", "_array_delete" }), Value(1));
            if (Chance(0.15)) Add(Pick(new[] { "user_field", "caf\\u00e9", "\\u0069nput" }), Value(2));
            if (Chance(0.04) && fields.Count > 0) fields.Add(Pick(fields)); // a repeated key
            Shuffle(fields);
            return "{" + string.Join(Chance(0.5) ? "," : ", ", fields) + "}";
        }

        private string SpanAttributes()
        {
            var fields = new List<string>();
            if (Chance(0.9)) fields.Add($"\"name\":{(Chance(0.9) ? Quote(Pick(Strings)) : Value(1))}");
            if (Chance(0.8)) fields.Add($"\"type\":{(Chance(0.9) ? "\"llm\"" : "null")}");
            if (Chance(0.1)) fields.Add($"\"{Pick(Keys)}\":{Value(1)}");
            if (Chance(0.03)) fields.Add("\"name\":\"again\"");
            return "{" + string.Join(",", fields) + "}";
        }

        private string Metrics()
        {
            var fields = new List<string>();
            foreach (var key in new[] { "start", "end", "prompt_tokens", "completion_tokens", "tokens", "time_to_first_token" })
            {
                if (Chance(0.6)) fields.Add($"\"{key}\":{(Chance(0.9) ? Pick(Numbers) : "null")}");
            }
            return "{" + string.Join(",", fields) + "}";
        }

        private string Scores()
        {
            var fields = new List<string>();
            for (var i = random.Next(3); i > 0; i--)
            {
                fields.Add($"\"s{i}\":{Pick(new[] { "0", "1", "0.25", "null", "1.0" })}");
            }
            return "{" + string.Join(",", fields) + "}";
        }

        private string Value(int depth)
            => random.Next(depth > 0 ? 7 : 4) switch
            {
                0 => Quote(Pick(Strings)),
                1 => Pick(Numbers),
                2 => Pick(new[] { "true", "false", "null" }),
                3 => Quote(Pick(Strings)),
                4 or 5 => Obj(depth - 1),
                _ => $"[{string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Value(depth - 1)))}]",
            };

        private string Obj(int depth)
        {
            var colon = Chance(0.2) ? " : " : ":";
            var fields = Enumerable.Range(0, random.Next(4)).Select(_ => $"\"{Pick(Keys)}\"{colon}{Value(Math.Max(depth, 0))}").ToList();
            return "{" + string.Join(Chance(0.5) ? "," : " , ", fields) + "}";
        }

        private static string Quote(string s) => "\"" + s + "\"";

        private void Shuffle(List<string> items)
        {
            for (var i = items.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
