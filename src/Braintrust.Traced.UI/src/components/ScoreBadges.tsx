import type { Score } from "../api/types";
import { formatScore } from "../format/format";

/** Scores as compact badges; an averaged score (from child feedback/score spans) is marked “avg”. */
export function ScoreBadges({ scores, quietWhenEmpty = false }: { scores: Record<string, Score>; quietWhenEmpty?: boolean }) {
  const entries = Object.entries(scores);
  if (entries.length === 0) return quietWhenEmpty ? null : <span className="muted">–</span>;
  return (
    <span className="scores">
      {entries.map(([name, score]) => (
        <span
          key={name}
          className={score.averaged ? "score averaged" : "score"}
          data-score={name}
          title={score.averaged ? `${name}: average of child spans' scores` : name}
        >
          <span className="score-name">{name}</span> <span className="score-value">{formatScore(score.value)}</span>
          {score.averaged && <span className="score-avg"> avg</span>}
        </span>
      ))}
    </span>
  );
}
