using Braintrust.Traced;

namespace AspNetCoreFeedback;

/// <summary>Stands in for a model call: a traced method, so it shows as a child of the request span.</summary>
public partial class AnswerService
{
    [Traced("generate_answer", Type = SpanType.Llm)]
    public partial Task<string> AnswerAsync(string question);

    private async Task<string> AnswerAsyncCore(string question)
    {
        await Task.Delay(10);   // the model's latency
        return question.Contains("refund", StringComparison.OrdinalIgnoreCase)
            ? "Thanks for asking! Refunds are issued within 5 business days of receiving the item."
            : "Thanks for asking! Please check the order page for the latest delivery estimate.";
    }
}
