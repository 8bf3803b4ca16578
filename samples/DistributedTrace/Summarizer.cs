using Braintrust.Traced;

namespace DistributedTrace;

/// <summary>The worker's traced work: nests under the request span, which continues the client's trace.</summary>
public partial class Summarizer
{
    [Traced("summarize_text")]
    public partial Task<string> SummarizeAsync(string text);

    private async Task<string> SummarizeAsyncCore(string text)
    {
        await Task.Delay(10);   // the model's latency
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= 6 ? text : string.Join(' ', words[..6]) + "…";
    }
}
