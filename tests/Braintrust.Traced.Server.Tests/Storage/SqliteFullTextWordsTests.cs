using Braintrust.Traced.Server.Storage;
using Braintrust.Traced.Server.Storage.Sqlite;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Storage;

/// <summary>
/// SQLite's full-text index keeps no word positions (schema version 10), so what a user types is split into single
/// words exactly where the index's tokenizer splits text; a term with punctuation, case, accents, digits or
/// non-Latin script must still find the span that holds it, and punctuation must never become query syntax or an error.
/// </summary>
public sealed class SqliteFullTextWordsTests
{
    private const double T0 = 1_800_000_000;

    private TempDirectory _directory = null!;
    private IStore _store = null!;
    private string _projectId = null!;

    private static readonly (string Trace, string Output)[] Outputs =
    [
        ("t-model", "the model gpt-4o answered"),
        ("t-accents", "a naïve café order"),
        ("t-mail", "mail sent to user@example.com"),
        ("t-power", "x² grows quickly"),
        ("t-hindi", "मेरी किताब पढ़ो"),
        ("t-path", "read /var/log/app.log failed"),
        ("t-plain", "nothing special here"),
    ];

    [OneTimeSetUp]
    public async Task CreateSpans()
    {
        _directory = new TempDirectory();
        _store = await TestStores.CreateAsync(StoreBackend.Sqlite, _directory);
        var org = await _store.CreateOrgAsync("words", CancellationToken.None);
        _projectId = (await _store.GetOrCreateProjectAsync(org.Id, "words", null, CancellationToken.None)).Id;
        var rows = new List<RowWrite>();
        for (var i = 0; i < Outputs.Length; i++)
        {
            var data = Rows.SpanData($"s{i}", Outputs[i].Trace, start: T0 + i);
            data["output"] = Outputs[i].Output;
            rows.Add(Rows.Write(i, _projectId, $"r{i}", RowWriteKind.Replace, data));
        }
        await _store.WriteAsync(rows, CancellationToken.None);
        await Eventually.UntilAsync(() => _store.ListRootsAsync(new TraceFilter(_projectId, 10, Text: "special"), CancellationToken.None),
            roots => roots.Count == 1, "search index caught up");
    }

    [OneTimeTearDown]
    public async Task DropStore()
    {
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [TestCase("gpt-4o", new[] { "t-model" })]
    [TestCase("GPT-4O", new[] { "t-model" })]
    [TestCase("\"gpt-4o\"", new[] { "t-model" })]
    [TestCase("model gpt", new[] { "t-model" })]
    [TestCase("cafe NAIVE", new[] { "t-accents" })]
    [TestCase("café", new[] { "t-accents" })]
    [TestCase("user@example.com", new[] { "t-mail" })]
    [TestCase("x²", new[] { "t-power" })]
    [TestCase("किताब", new[] { "t-hindi" })]
    [TestCase("/var/log/app.log", new[] { "t-path" })]
    [TestCase("gpt-5", new string[0])]
    [TestCase("\":*! (", new string[0])]
    [TestCase("NEAR(gpt model) OR x*", new string[0])]
    public async Task A_search_finds_the_spans_holding_every_word_typed(string typed, string[] expectedTraces)
    {
        var roots = await _store.ListRootsAsync(new TraceFilter(_projectId, 10, Text: typed), CancellationToken.None);
        Assert.That(roots.Select(r => r.Span.RootSpanId), Is.EquivalentTo(expectedTraces));
    }

    [Test]
    public void Typed_text_splits_into_the_words_the_index_holds()
    {
        Assert.That(SqliteFtsQuery.Tokens("gpt-4o user@Example.com x² \"quoted\" (a)"),
            Is.EqualTo(new[] { "gpt", "4o", "user", "Example", "com", "x²", "quoted", "a" }));
    }
}
