using Braintrust.Traced;
using OpenAI.Chat;

namespace Quickstart;

/// <summary>
/// A tiny support bot. Each [Traced] method becomes a span; the calls it makes to other traced methods (and to the
/// wrapped OpenAI client) become its children, across awaits.
/// </summary>
public partial class SupportAssistant(ChatClient model)
{
    private static readonly Dictionary<string, string> s_orders = new()
    {
        ["A-1001"] = "shipped on Monday, arriving Thursday",
    };

    /// <summary>The whole answer: classify, look up the order, ask the model.</summary>
    [Traced("answer_question", Type = SpanType.Task)]
    public partial Task<string> AnswerAsync(string question);

    /// <summary>A synchronous step: its span starts and ends inside AnswerAsync's.</summary>
    [Traced("classify_intent")]
    public partial string ClassifyIntent(string question);

    /// <summary>An async tool call; an unknown order throws, which the span records as an error.</summary>
    [Traced("look_up_order", Type = SpanType.Tool)]
    public partial Task<string> LookUpOrderAsync(string orderId);

    private async Task<string> AnswerAsyncCore(string question)
    {
        var intent = ClassifyIntent(question);
        var orderId = question.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim('?', '.', ',', '!'))
            .FirstOrDefault(word => word.StartsWith("A-", StringComparison.Ordinal)) ?? "unknown";

        // The first lookup is for a legacy id and fails: the error shows on its span, the request carries on.
        string status;
        try
        {
            status = await LookUpOrderAsync("LEGACY-" + orderId);
        }
        catch (KeyNotFoundException)
        {
            status = await LookUpOrderAsync(orderId);
        }

        ChatCompletion reply = await model.CompleteChatAsync(
            new SystemChatMessage($"You are a friendly support agent. The customer's intent is {intent}. Order status: {status}."),
            new UserChatMessage(question));
        return reply.Content[0].Text;
    }

    private string ClassifyIntentCore(string question) =>
        question.Contains("order", StringComparison.OrdinalIgnoreCase) ? "order_status" : "general";

    private async Task<string> LookUpOrderAsyncCore(string orderId)
    {
        await Task.Delay(20);   // stands in for a database call
        return s_orders.TryGetValue(orderId, out var status)
            ? status
            : throw new KeyNotFoundException($"No order with id {orderId}.");
    }
}
