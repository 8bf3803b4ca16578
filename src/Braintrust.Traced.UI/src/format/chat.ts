// Recognises LLM inputs and outputs (OpenAI-style messages and choices) to render a readable chat transcript.

export interface ToolCall {
  id: string | null;
  name: string;
  arguments: string;
}

export interface ChatMessage {
  role: string;
  content: string;
  toolCalls: ToolCall[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function contentText(content: unknown): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    // Multi-part content: text parts joined; other parts (images, audio) named.
    return content
      .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : isObject(part) && typeof part.type === "string" ? `[${part.type}]` : JSON.stringify(part)))
      .join("\n");
  }
  return JSON.stringify(content, null, 2);
}

function toolCalls(value: unknown): ToolCall[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((call) => {
    const fn = isObject(call.function) ? call.function : call;
    const args = fn.arguments;
    return {
      id: typeof call.id === "string" ? call.id : null,
      name: typeof fn.name === "string" ? fn.name : "(tool)",
      arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}, null, 2),
    };
  });
}

function asMessage(value: unknown): ChatMessage | null {
  if (!isObject(value) || typeof value.role !== "string") return null;
  return { role: value.role, content: contentText(value.content), toolCalls: toolCalls(value.tool_calls) };
}

/** Messages of an LLM span's input: an array of messages, or an object with a `messages` array. Null if neither. */
export function inputMessages(input: unknown): ChatMessage[] | null {
  const list = Array.isArray(input) ? input : isObject(input) && Array.isArray(input.messages) ? input.messages : null;
  if (!list || list.length === 0) return null;
  const messages = list.map(asMessage);
  return messages.every((m) => m !== null) ? (messages as ChatMessage[]) : null;
}

/** Messages of an LLM span's output: choices ([{message}]), a single message, or plain text from the assistant. */
export function outputMessages(output: unknown): ChatMessage[] | null {
  if (typeof output === "string") return [{ role: "assistant", content: output, toolCalls: [] }];
  const choices = Array.isArray(output) ? output : isObject(output) && Array.isArray(output.choices) ? output.choices : null;
  if (choices) {
    const messages = choices.map((choice) => (isObject(choice) && choice.message ? asMessage(choice.message) : asMessage(choice)));
    return messages.length > 0 && messages.every((m) => m !== null) ? (messages as ChatMessage[]) : null;
  }
  const single = asMessage(output);
  return single ? [single] : null;
}
