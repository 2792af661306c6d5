// Validates JSON against schemas of the OpenAPI document with Ajv (JSON Schema 2020-12, the dialect
// of OpenAPI 3.1 and of zod's z.toJSONSchema). Each schema is compiled inside a root that carries the
// document's components, so its `#/components/schemas/…` references resolve as they do in the document.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { OpenApiDocument } from "@/lib/api/openapi/build-document";

export interface DocValidator {
  /** Problems of `value` against `schema` ([] when it matches). */
  problems(schema: unknown, value: unknown): string[];
  /** The success or error schema the document gives for one status of one operation. */
  responseSchema(method: string, path: string, status: number): unknown;
}

export function docValidator(doc: OpenApiDocument): DocValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addKeyword("components");
  const compiled = new Map<string, ValidateFunction>();
  return {
    problems(schema, value) {
      const key = JSON.stringify(schema);
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile({ ...(schema as object), components: doc.components });
        compiled.set(key, validate);
      }
      if (validate(value)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
    },
    responseSchema(method, path, status) {
      const op = doc.paths[path]?.[method.toLowerCase()] as {
        responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
      };
      if (!op) throw new Error(`The document has no ${method} ${path}`);
      const schema = op.responses?.[String(status)]?.content?.["application/json"]?.schema;
      if (!schema) throw new Error(`${method} ${path} documents no JSON answer with status ${status}`);
      return schema;
    },
  };
}
