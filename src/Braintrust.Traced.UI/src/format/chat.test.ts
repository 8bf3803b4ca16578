import { describe, expect, it } from "vitest";
import { inputMessages, outputMessages } from "./chat";

describe("chat transcript", () => {
  it("reads OpenAI-style input messages with multi-part content", () => {
    const messages = inputMessages([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Hi" }, { type: "image_url", image_url: {} }] },
    ]);
    expect(messages).toEqual([
      { role: "system", content: "Be brief.", toolCalls: [] },
      { role: "user", content: "Hi\n[image_url]", toolCalls: [] },
    ]);
  });

  it("reads choices with tool calls", () => {
    const messages = outputMessages([
      { index: 0, message: { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: "{\"city\":\"Oslo\"}" } }] } },
    ]);
    expect(messages).toEqual([{ role: "assistant", content: "", toolCalls: [{ id: "c1", name: "weather", arguments: "{\"city\":\"Oslo\"}" }] }]);
  });

  it("does not treat arbitrary data as a conversation", () => {
    expect(inputMessages({ question: "hi" })).toBeNull();
    expect(inputMessages([{ role: "user", content: "a" }, 3])).toBeNull();
  });
});
