using OpenAI.Chat;

namespace Quickstart;

/// <summary>The traced chat client and a line saying which model answers (printed with the trace link).</summary>
public sealed record ModelClient(ChatClient Client, string Description);
