const icons: Record<string, { glyph: string; label: string }> = {
  llm: { glyph: "✦", label: "LLM call" },
  function: { glyph: "ƒ", label: "function" },
  tool: { glyph: "⚒", label: "tool" },
  task: { glyph: "▣", label: "task" },
  score: { glyph: "★", label: "score" },
  eval: { glyph: "✓", label: "eval" },
};

/** A glyph per span type, so LLM calls, tools and scorers stand out in the tree. */
export function SpanTypeIcon({ type }: { type: string | null }) {
  const icon = icons[type ?? ""] ?? { glyph: "•", label: type ?? "span" };
  return (
    <span className={`type-icon type-${type ?? "none"}`} title={icon.label} aria-label={icon.label} role="img">
      {icon.glyph}
    </span>
  );
}
