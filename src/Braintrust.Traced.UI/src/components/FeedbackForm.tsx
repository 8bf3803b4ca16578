import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { FeedbackInput } from "../api/types";

const thumbsScore = "user_rating";

/**
 * Feedback on a span, sent through the server's feedback endpoint (the same path as the SDK's logFeedback):
 * thumbs up/down (score “user_rating” 1 or 0), a named score between 0 and 1, an expected value, a comment.
 */
export function FeedbackForm({ orgId, projectId, rowId, onSaved }: { orgId: string; projectId: string; rowId: string; onSaved: () => void }) {
  const [scoreName, setScoreName] = useState("");
  const [scoreValue, setScoreValue] = useState("");
  const [expected, setExpected] = useState("");
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (feedback: FeedbackInput) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await api.feedback(orgId, projectId, rowId, feedback);
      setStatus("Feedback saved.");
      onSaved();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const feedback: FeedbackInput = {};
    if (scoreName.trim() || scoreValue.trim()) {
      const value = Number(scoreValue);
      if (!scoreName.trim()) return setError("Score name: enter the name of the score to set.");
      if (scoreValue.trim() === "" || Number.isNaN(value) || value < 0 || value > 1) return setError("Score value: enter a number from 0 to 1.");
      feedback.scores = { [scoreName.trim()]: value };
    }
    if (expected.trim()) {
      try {
        feedback.expected = JSON.parse(expected);
      } catch {
        feedback.expected = expected; // Not JSON: kept as text.
      }
    }
    if (comment.trim()) feedback.comment = comment.trim();
    if (Object.keys(feedback).length === 0) return setError("Enter a score, an expected value or a comment.");
    if (await send(feedback)) {
      setScoreName("");
      setScoreValue("");
      setExpected("");
      setComment("");
    }
  };

  return (
    <form className="feedback-form" onSubmit={submit} aria-label="Feedback">
      <div className="thumbs">
        <button type="button" disabled={busy} onClick={() => send({ scores: { [thumbsScore]: 1 } })} aria-label="Thumbs up" title="Good (user_rating 1)">▲ Good</button>
        <button type="button" disabled={busy} onClick={() => send({ scores: { [thumbsScore]: 0 } })} aria-label="Thumbs down" title="Bad (user_rating 0)">▼ Bad</button>
      </div>
      <div className="feedback-score">
        <input aria-label="Score name" placeholder="score name" value={scoreName} onChange={(e) => setScoreName(e.target.value)} />
        <input aria-label="Score value" placeholder="0 – 1" inputMode="decimal" value={scoreValue} onChange={(e) => setScoreValue(e.target.value)} />
      </div>
      <textarea aria-label="Expected" placeholder="expected (JSON or text)" value={expected} onChange={(e) => setExpected(e.target.value)} rows={2} />
      <textarea aria-label="Comment" placeholder="comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
      <button type="submit" className="primary" disabled={busy}>Save feedback</button>
      {error && <div className="field-error" role="alert">{error}</div>}
      {status && <div className="ok" role="status">{status}</div>}
    </form>
  );
}
