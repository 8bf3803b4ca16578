// Logs one nested trace plus feedback into a Braintrust.Traced server with the UNMODIFIED official
// `braintrust` npm SDK: initLogger -> traced spans (root > tool > llm) -> flush -> logFeedback
// (scores + comment) -> flush. The server test then reads the trace back through the query API.
//
// Env: BRAINTRUST_APP_URL (the server), BRAINTRUST_API_KEY, COMPAT_PROJECT (project name),
//      COMPAT_BIG_PAYLOAD (optional: bytes of extra root metadata, to push a batch through the logs3 overflow path).
// Prints one JSON line: {"root_id": ..., "root_span_id": ..., "flush_errors": [...]}; exit code 1 on any error.
import { BraintrustState, initLogger } from "braintrust";

const flushErrors = [];
// A private state collects upload failures the SDK would otherwise only retry and drop silently.
const state = new BraintrustState({ onFlushError: (error) => flushErrors.push(String(error?.message ?? error)) });

const logger = initLogger({
  projectName: process.env.COMPAT_PROJECT ?? "compat-js",
  asyncFlush: true,
  state,
});

const ids = await logger.traced(
  async (root) => {
    const bigPayload = Number(process.env.COMPAT_BIG_PAYLOAD ?? 0);
    root.log({
      input: { text: "I love this product" },
      metadata: bigPayload > 0 ? { route: "/classify", blob: "x".repeat(bigPayload) } : { route: "/classify" },
      tags: ["compat"],
    });
    const label = await root.traced(
      async (tool) => {
        tool.log({ input: { text: "I love this product" }, metadata: { model: "rule-based" } });
        const answer = await tool.traced(
          async (llm) => {
            llm.log({
              input: [{ role: "user", content: "Classify: I love this product" }],
              output: "positive",
              metrics: { prompt_tokens: 5, completion_tokens: 1, tokens: 6 },
            });
            return "positive";
          },
          { name: "llm_call", type: "llm" },
        );
        tool.log({ output: { label: answer } });
        return answer;
      },
      { name: "classify_text", type: "tool" },
    );
    root.log({ output: { label }, scores: { confidence: 0.9 } });
    return { rootId: root.id, rootSpanId: root.rootSpanId };
  },
  { name: "handle_request" },
);

await logger.flush();
logger.logFeedback({
  id: ids.rootId,
  scores: { correctness: 1 },
  comment: "looks right",
  metadata: { reviewer: "compat-test" },
});
await logger.flush();

console.log(JSON.stringify({ root_id: ids.rootId, root_span_id: ids.rootSpanId, flush_errors: flushErrors }));
process.exit(flushErrors.length === 0 ? 0 : 1);
