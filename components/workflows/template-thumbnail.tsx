// A template's graph in miniature (lib/workflows/template-thumbnail.ts computes the shapes), drawn as
// an inline SVG in the category colours of the canvas's node icons.
import type { NodeCategory } from "@/lib/model/node-kinds";
import { THUMB_NODE, type Thumbnail } from "@/lib/workflows/template-thumbnail";
import { cn } from "@/lib/utils";

/** Full class strings so Tailwind sees them. */
const categoryFill: Record<NodeCategory, string> = {
  flow: "fill-slate-400/30 stroke-slate-500",
  logic: "fill-indigo-400/30 stroke-indigo-500",
  human: "fill-amber-400/35 stroke-amber-600",
  integration: "fill-sky-400/30 stroke-sky-600",
  ai: "fill-violet-400/30 stroke-violet-600",
};

export function TemplateThumbnail({ thumbnail, label, className }: { thumbnail: Thumbnail; label: string; className?: string }) {
  return (
    <svg
      viewBox={thumbnail.viewBox}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={label}
      className={cn("h-20 w-full rounded-md bg-muted/40", className)}
    >
      <g className="fill-none stroke-muted-foreground/50" strokeWidth={8}>
        {thumbnail.edges.map((d, i) => (
          <path key={i} d={d} />
        ))}
      </g>
      {thumbnail.boxes.map((b) => (
        <rect
          key={b.id}
          x={b.x}
          y={b.y}
          width={THUMB_NODE.width}
          height={THUMB_NODE.height}
          rx={18}
          strokeWidth={6}
          className={categoryFill[b.category]}
        />
      ))}
    </svg>
  );
}
