"use client";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export interface ModelRow {
  id: string;
  inputPerMTok: string;
  outputPerMTok: string;
}

/** Editable list of a provider's models with prices in USD per million tokens. */
export function ProvidersModelsEditor({ rows, onChange }: { rows: ModelRow[]; onChange: (rows: ModelRow[]) => void }) {
  const update = (i: number, patch: Partial<ModelRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-medium">Models and prices</legend>
      <p className="text-xs text-muted-foreground">
        USD per million tokens; used to compute each call&apos;s cost. Models without a price cost 0.
      </p>
      {rows.length > 0 && (
        <div className="grid grid-cols-[1fr_7rem_7rem_auto] gap-2 text-xs text-muted-foreground" aria-hidden>
          <span>Model id</span>
          <span>Input $/1M</span>
          <span>Output $/1M</span>
          <span className="w-9" />
        </div>
      )}
      {rows.map((r, i) => (
        <div key={i} className="grid grid-cols-[1fr_7rem_7rem_auto] items-center gap-2">
          <Input
            aria-label={`Model ${i + 1} id`}
            value={r.id}
            onChange={(e) => update(i, { id: e.target.value })}
            placeholder="gpt-4o-mini"
          />
          <Input
            aria-label={`Model ${i + 1} input price per million tokens`}
            inputMode="decimal"
            value={r.inputPerMTok}
            onChange={(e) => update(i, { inputPerMTok: e.target.value })}
          />
          <Input
            aria-label={`Model ${i + 1} output price per million tokens`}
            inputMode="decimal"
            value={r.outputPerMTok}
            onChange={(e) => update(i, { outputPerMTok: e.target.value })}
          />
          <Button
            type="button"
            variant="ghost"
            size="icon"
            aria-label={`Remove model ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <Trash2 aria-hidden />
          </Button>
        </div>
      ))}
      <div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          onClick={() => onChange([...rows, { id: "", inputPerMTok: "0", outputPerMTok: "0" }])}
        >
          <Plus aria-hidden />
          Add model
        </Button>
      </div>
    </fieldset>
  );
}
