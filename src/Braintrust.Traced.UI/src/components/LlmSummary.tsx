import type { SpanNode } from "../api/types";
import { formatCount } from "../format/format";

const parameterNames = ["temperature", "top_p", "max_tokens", "max_completion_tokens", "frequency_penalty", "presence_penalty", "seed", "stop"];

/** Model, parameters and token counts of an LLM span, from its metadata and metrics. */
export function LlmSummary({ span }: { span: SpanNode }) {
  const metadata = span.metadata ?? {};
  const metrics = span.metrics ?? {};
  const model = typeof metadata.model === "string" ? metadata.model : null;
  const parameters = parameterNames.filter((name) => metadata[name] !== undefined && metadata[name] !== null);
  const tokens = (name: string) => (typeof metrics[name] === "number" ? formatCount(metrics[name] as number) : "–");
  return (
    <dl className="llm-summary">
      <dt>Model</dt>
      <dd>{model ?? "–"}</dd>
      {parameters.map((name) => (
        <span key={name} className="llm-param">
          <dt>{name}</dt>
          <dd>{JSON.stringify(metadata[name])}</dd>
        </span>
      ))}
      <dt>Tokens</dt>
      <dd>
        {tokens("prompt_tokens")} prompt · {tokens("completion_tokens")} completion · {tokens("tokens")} total
      </dd>
    </dl>
  );
}
