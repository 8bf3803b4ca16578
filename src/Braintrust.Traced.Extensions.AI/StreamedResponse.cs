using Microsoft.Extensions.AI;

namespace Braintrust.Traced.Extensions.AI;

/// <summary>
/// The updates of a streamed response, kept so the span can log the assembled response when the stream ends. A long
/// stream is thousands of small updates (one object per token, each with its content list); every
/// <see cref="CompactionThreshold"/> updates they are folded into a response and back into a few updates (adjacent
/// text merged into one content), so what stays in memory is about the text, not one object graph per token.
/// </summary>
internal sealed class StreamedResponse
{
    internal const int CompactionThreshold = 64;

    private readonly List<ChatResponseUpdate> _updates = [];
    private int _sinceCompaction;

    /// <summary>How many update objects are held now (for tests: it stays small however long the stream).</summary>
    internal int RetainedUpdateCount => _updates.Count;

    public void Add(ChatResponseUpdate update)
    {
        _updates.Add(update);
        if (++_sinceCompaction >= CompactionThreshold)
        {
            Compact();
        }
    }

    public ChatResponse ToChatResponse() => _updates.ToChatResponse();

    private void Compact()
    {
        // ToChatResponse and ToChatResponseUpdates are Microsoft.Extensions.AI's own inverse pair, so folding part of a
        // stream early gives the same final response as folding it all at the end.
        var folded = _updates.ToChatResponse().ToChatResponseUpdates();
        _updates.Clear();
        _updates.AddRange(folded);
        _sinceCompaction = 0;
    }
}
