using Braintrust.Traced;

namespace AspNetCoreFeedback;

/// <summary>
/// Automatic scorers. Each is a span of type <c>score</c> under the request span, logging its own named score and a
/// shared <c>quality</c> score: the request span shows <c>quality</c> as the average of the three verdicts.
/// </summary>
public partial class AnswerScorers
{
    public const string Quality = "quality";

    /// <summary>Runs every scorer; they nest under the current (request) span.</summary>
    public void ScoreAll(string question, string answer)
    {
        ScoreLength(answer);
        ScoreRelevance(question, answer);
        ScoreTone(answer);
    }

    [Traced("length_scorer", Type = SpanType.Score)]
    public partial double ScoreLength(string answer);

    [Traced("relevance_scorer", Type = SpanType.Score)]
    public partial double ScoreRelevance(string question, string answer);

    [Traced("tone_scorer", Type = SpanType.Score)]
    public partial double ScoreTone(string answer);

    private double ScoreLengthCore(string answer) => Record("concise", answer.Length <= 120 ? 1.0 : 0.5);

    private double ScoreRelevanceCore(string question, string answer)
    {
        var words = question.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim('?', '.', ',', '!').ToLowerInvariant())
            .Where(word => word.Length > 3)
            .ToArray();
        var shared = words.Count(word => answer.Contains(word, StringComparison.OrdinalIgnoreCase));
        return Record("relevant", words.Length == 0 ? 0 : (double)shared / words.Length);
    }

    private double ScoreToneCore(string answer) =>
        Record("polite", answer.Contains("thanks", StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0);

    // The scorer's span is Span.Current inside its body: the score lands on that child span, not on the request.
    private static double Record(string name, double value)
    {
        Span.Current?.Log(scores: new Dictionary<string, double?> { [name] = value, [Quality] = value });
        return value;
    }
}
