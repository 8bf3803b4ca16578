import type { SpanNode } from "../api/types";
import { inputMessages, outputMessages } from "../format/chat";
import { formatTime } from "../format/format";
import { ChatTranscript } from "./ChatTranscript";
import { DetailSection } from "./DetailSection";
import { FeedbackForm } from "./FeedbackForm";
import { LlmSummary } from "./LlmSummary";
import { ScoreBadges } from "./ScoreBadges";
import { SpanDuration } from "./SpanDuration";
import { SpanTypeIcon } from "./SpanTypeIcon";

/** Everything about the selected span; LLM spans read as a chat transcript with model, parameters and tokens. */
export function SpanDetails({ orgId, projectId, span, onFeedbackSaved }: { orgId: string; projectId: string; span: SpanNode; onFeedbackSaved: () => void }) {
  const chatIn = span.type === "llm" ? inputMessages(span.input) : null;
  const chatOut = span.type === "llm" ? outputMessages(span.output) : null;
  const present = (value: unknown) => value !== undefined && value !== null;

  return (
    <div className="span-details" aria-label="Span details" role="region">
      <header className="span-details-header">
        <SpanTypeIcon type={span.type} />
        <h3>{span.name ?? "(unnamed)"}</h3>
        <span className="muted small">
          <SpanDuration span={span} durationMs={span.duration_ms} /> · started {formatTime(span.start)}
        </span>
      </header>
      <div className="span-scores">
        <span className="label">Scores</span> <ScoreBadges scores={span.scores} />
      </div>
      {span.type === "llm" && <LlmSummary span={span} />}
      {present(span.error) && (
        <DetailSection title="Error" value={span.error}>
          <pre className="error-text">{typeof span.error === "string" ? span.error : JSON.stringify(span.error, null, 2)}</pre>
        </DetailSection>
      )}
      {chatIn ? (
        <DetailSection title="Input" value={span.input}>
          <ChatTranscript messages={chatIn} />
        </DetailSection>
      ) : (
        present(span.input) && <DetailSection title="Input" value={span.input} />
      )}
      {chatOut ? (
        <DetailSection title="Output" value={span.output}>
          <ChatTranscript messages={chatOut} />
        </DetailSection>
      ) : (
        present(span.output) && <DetailSection title="Output" value={span.output} />
      )}
      {present(span.expected) && <DetailSection title="Expected" value={span.expected} />}
      {present(span.metadata) && <DetailSection title="Metadata" value={span.metadata} />}
      {present(span.metrics) && <DetailSection title="Metrics" value={span.metrics} startOpen={false} />}
      {Object.keys(span.scores).length > 0 && <DetailSection title="Scores" value={span.scores} startOpen={false} />}
      {span.tags && span.tags.length > 0 && (
        <DetailSection title="Tags" value={span.tags}>
          {span.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}
        </DetailSection>
      )}
      {span.comments.length > 0 && (
        <DetailSection title="Comments" value={span.comments.map((c) => c.text)}>
          <ul className="comments">
            {span.comments.map((c) => (
              <li key={c.id}>
                <span className="comment-text">{c.text}</span> <span className="muted small">{formatTime(c.created)}</span>
              </li>
            ))}
          </ul>
        </DetailSection>
      )}
      <DetailSection title="Feedback" value={null}>
        <FeedbackForm orgId={orgId} projectId={projectId} rowId={span.id} onSaved={onFeedbackSaved} />
      </DetailSection>
    </div>
  );
}
