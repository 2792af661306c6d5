"use client";
// Reliability settings: the error output, and for side effects (HTTP, agent) the retry policy, the
// step timeout and whether repeating the call is unsafe, and the undo step. Which are offered comes
// from the kind's definition (lib/model/node-options): an option that does nothing is left out.
import { Switch } from "@/components/ui/switch";
import type { FlowNodeData } from "@/lib/model/flow-conversion";
import { MAX_NODE_TIMEOUT_MS } from "@/lib/model/graph-schema";
import type { NodeKindDef } from "@/lib/model/node-kinds";
import { nodeOptions } from "@/lib/model/node-options";
import { DEFAULT_RETRY_POLICY, RETRY_ON } from "@/lib/model/retry-policy";
import { CheckboxGroup, DurationInput, FieldRow, NumberInput, nativeSelectClass } from "./field-parts";

const DEFAULT_ENABLED_RETRY = { maxAttempts: 3, initialIntervalMs: 1000, backoffCoefficient: 2 };

export function NodeSettings({
  nodeId,
  def,
  data,
  onChange,
  onErrorHandle,
  problemAt,
  undoCandidates,
}: {
  nodeId: string;
  def: NodeKindDef;
  data: FlowNodeData;
  onChange: (patch: Partial<FlowNodeData>, key: string) => void;
  onErrorHandle: (on: boolean) => void;
  problemAt: (path: string) => string | undefined;
  /** Unconnected nodes that could undo this one (compensation). */
  undoCandidates: { id: string; name: string }[];
}) {
  const id = (s: string) => `${nodeId}-settings-${s}`;
  const retry = data.retry;
  const retryValue = <K extends keyof typeof DEFAULT_RETRY_POLICY>(key: K) =>
    (retry?.[key] as (typeof DEFAULT_RETRY_POLICY)[K] | undefined) ?? DEFAULT_RETRY_POLICY[key];
  const setRetry = (key: string, value: unknown) => onChange({ retry: { ...retry, [key]: value } }, `retry.${key}`);
  const offered = nodeOptions(def, data);

  return (
    <section aria-label="Reliability" className="grid grid-cols-1 gap-4">
      <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Reliability</h3>

      {offered.errorOutput && (
        <FieldRow id={id("error")} label="Error output" help="Route failures down an Error path instead of failing the run." inline>
          <Switch id={id("error")} checked={data.showErrorHandle === true} onCheckedChange={(c) => onErrorHandle(c)} />
        </FieldRow>
      )}

      {offered.retry && (
        <FieldRow id={id("retry")} label="Retry on failure" inline problem={problemAt("retry")}>
          <Switch
            id={id("retry")}
            checked={retry !== undefined}
            onCheckedChange={(c) => onChange({ retry: c ? { ...DEFAULT_ENABLED_RETRY } : undefined }, "retry")}
          />
        </FieldRow>
      )}
      {retry !== undefined && (
        <div className="grid grid-cols-1 gap-3 rounded-md border bg-muted/30 p-2.5">
          <div className="grid grid-cols-2 gap-2">
            <FieldRow id={id("attempts")} label="Max attempts" problem={problemAt("retry.maxAttempts")}>
              <NumberInput
                id={id("attempts")}
                min={1}
                max={20}
                value={retryValue("maxAttempts")}
                onChange={(v) => setRetry("maxAttempts", v)}
              />
            </FieldRow>
            <FieldRow id={id("coefficient")} label="Backoff ×" problem={problemAt("retry.backoffCoefficient")}>
              <NumberInput
                id={id("coefficient")}
                min={1}
                max={10}
                step={0.5}
                value={retryValue("backoffCoefficient")}
                onChange={(v) => setRetry("backoffCoefficient", v)}
              />
            </FieldRow>
          </div>
          <FieldRow id={id("initial")} label="First retry after" problem={problemAt("retry.initialIntervalMs")}>
            <DurationInput id={id("initial")} value={retryValue("initialIntervalMs")} onChange={(v) => setRetry("initialIntervalMs", v)} />
          </FieldRow>
          <FieldRow id={id("maxInterval")} label="Longest wait" problem={problemAt("retry.maxIntervalMs")}>
            <DurationInput id={id("maxInterval")} value={retryValue("maxIntervalMs")} onChange={(v) => setRetry("maxIntervalMs", v)} />
          </FieldRow>
          <FieldRow id={id("retryOn")} label="Retry on" problem={problemAt("retry.retryOn")}>
            <CheckboxGroup
              id={id("retryOn")}
              options={[...RETRY_ON]}
              value={retryValue("retryOn")}
              onChange={(v) => setRetry("retryOn", v)}
            />
          </FieldRow>
        </div>
      )}

      {offered.timeout && (
        <FieldRow
          id={id("timeout")}
          label="Step timeout"
          help="Fail the step when it runs longer than this, retries included. Empty: no limit."
          problem={problemAt("timeoutMs")}
        >
          <DurationInput
            id={id("timeout")}
            value={data.timeoutMs}
            onChange={(v) => onChange({ timeoutMs: v === undefined ? undefined : Math.min(v, MAX_NODE_TIMEOUT_MS) }, "timeoutMs")}
          />
        </FieldRow>
      )}

      {offered.undo && (
        <FieldRow
          id={id("undo")}
          label="Undo step"
          help={
            undoCandidates.length || data.undo
              ? "When the run fails or reaches a Compensate node, this node runs to undo this step (newest first). $.compensation holds the step's input and output."
              : "To undo this step on failure, add an unconnected HTTP, Transform, Agent, Sub-workflow or Delay node and choose it here."
          }
          problem={problemAt("undo")}
        >
          <select
            id={id("undo")}
            className={nativeSelectClass}
            value={data.undo ?? ""}
            onChange={(e) => onChange({ undo: e.target.value || undefined }, "undo")}
          >
            <option value="">No undo step</option>
            {data.undo && !undoCandidates.some((c) => c.id === data.undo) && <option value={data.undo}>{data.undo} (not usable)</option>}
            {undoCandidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </FieldRow>
      )}

      {offered.nonIdempotent && (
        <FieldRow
          id={id("nonIdempotent")}
          label="Not safe to repeat"
          help="The called service does not deduplicate: never repeat a call that may have happened."
          inline
        >
          <Switch
            id={id("nonIdempotent")}
            checked={data.nonIdempotent === true}
            onCheckedChange={(c) => onChange({ nonIdempotent: c ? true : undefined }, "nonIdempotent")}
          />
        </FieldRow>
      )}
    </section>
  );
}
