// Path parameters and query values arrive as text the router has already decoded, so "%00" is a real
// NUL character by the time a route sees it. No id, name or filter of ours can contain one, and
// PostgreSQL refuses a NUL in any text parameter with an error (which would surface as a 500), so
// every route refuses it here, before its own schema, naming the parameter.
import { DomainError } from "@/lib/errors/domain-error";

type UrlValues = Record<string, string | string[] | undefined>;

export function refuseNul(values: UrlValues, where: "path parameter" | "query parameter"): UrlValues {
  for (const [name, value] of Object.entries(values)) {
    const list = Array.isArray(value) ? value : [value];
    if (list.some((v) => typeof v === "string" && v.includes("\u0000"))) {
      throw new DomainError("invalid_request", `The ${where} "${name}" contains a NUL character.`);
    }
  }
  return values;
}
