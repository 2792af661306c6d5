/**
 * Expressions address other steps by name: `$.steps.Name…` or `` $.steps.`Some name`… ``. When
 * steps are renamed in bulk (pasted copies whose names were made unique), references to them must
 * follow. Renames apply simultaneously, so chains like A → A 2 and A 2 → A 3 cannot collide.
 */
import { pathSegment } from "./scope-keys";

const STEP_REF = /\$\.steps\.(?:`([^`]*)`|([A-Za-z_][A-Za-z0-9_]*))/g;

/** `text` with every `$.steps.<old>` reference in `renames` pointing at the new name. */
export function renameStepReferencesInText(text: string, renames: ReadonlyMap<string, string>): string {
  if (renames.size === 0 || !text.includes("$.steps.")) return text;
  return text.replace(STEP_REF, (match, quoted: string | undefined, plain: string | undefined) => {
    const next = renames.get(quoted ?? plain ?? "");
    return next === undefined ? match : `$.steps${pathSegment(next)}`;
  });
}

/** A deep copy of a JSON value (a node config) with step references renamed in every string. */
export function renameStepReferences<T>(value: T, renames: ReadonlyMap<string, string>): T {
  if (renames.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return renameStepReferencesInText(v, renames);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
