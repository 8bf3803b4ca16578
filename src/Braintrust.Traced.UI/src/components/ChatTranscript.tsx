import type { ChatMessage } from "../format/chat";

/** An LLM conversation as chat bubbles: role, text, and any tool calls with their arguments. */
export function ChatTranscript({ messages }: { messages: ChatMessage[] }) {
  return (
    <ol className="chat">
      {messages.map((message, index) => (
        <li key={index} className={`chat-message role-${message.role}`}>
          <div className="chat-role">{message.role}</div>
          {message.content && <div className="chat-content">{message.content}</div>}
          {message.toolCalls.map((call, i) => (
            <div key={call.id ?? i} className="tool-call">
              <span className="tool-name">⚒ {call.name}</span>
              <pre className="tool-args">{call.arguments}</pre>
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
