import type { ValidationContext } from "./context";
import { warning, type Problem } from "./problem";

/** Headers the engine sets on every HTTP call; a node's own value is replaced, so say so at design time. */
const ENGINE_HEADERS = new Set(["idempotency-key"]);

/** An HTTP node that sets a header the engine owns gets a warning naming it (the engine's value is sent). */
export function httpRules(ctx: ValidationContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of ctx.nodes) {
    const node = entry.node;
    if (node?.kind !== "http") continue;
    node.config.headers.forEach((h, i) => {
      if (!ENGINE_HEADERS.has(h.key.trim().toLowerCase())) return;
      problems.push(
        warning(
          "engine_header",
          `"${entry.name ?? entry.id}" sets ${h.key}, which the engine sets itself (a key per run, step and attempt, so retries are deduplicated); your value is not sent`,
          { nodeId: entry.id, path: `config.headers[${i}].key` },
        ),
      );
    });
  }
  return problems;
}
