// Credentials for HTTP nodes and HTTP tools. The secret part (token, key, password, header values)
// is one encrypted JSON blob; the browser can set or replace it but never read it back.
import { z } from "zod";
import { nameText } from "@/lib/model/text-fields";
import { roleSchema, type Role } from "@/lib/auth/roles";

export const CREDENTIAL_TYPES = ["bearer", "api_key_header", "basic", "custom_headers", "oauth_client_credentials"] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export const credentialTypeLabels: Record<CredentialType, string> = {
  bearer: "Bearer token",
  api_key_header: "API key header",
  basic: "Basic auth",
  custom_headers: "Custom headers",
  oauth_client_credentials: "OAuth client credentials (MCP servers)",
};

const headerName = z
  .string()
  .trim()
  .min(1, "Header name is required")
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Invalid header name");
const secretText = (label: string) =>
  z
    .string()
    .min(1, `${label} is required`)
    .max(8000)
    .refine((v) => !/[\r\n]/.test(v), `${label} must be a single line`);

export const credentialSecretSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("bearer"), token: secretText("Token") }),
  z.strictObject({ type: z.literal("api_key_header"), header: headerName, value: secretText("Key") }),
  z.strictObject({ type: z.literal("basic"), username: secretText("Username"), password: secretText("Password") }),
  z.strictObject({
    type: z.literal("custom_headers"),
    headers: z
      .array(z.strictObject({ name: headerName, value: secretText("Header value") }))
      .min(1, "Add at least one header")
      .max(20),
  }),
  // MCP servers only: a token is fetched from the token URL (or the one the server's OAuth metadata
  // advertises) with the client id and secret, cached until it expires (lib/mcp/mcp-oauth.ts).
  z.strictObject({
    type: z.literal("oauth_client_credentials"),
    clientId: secretText("Client ID"),
    clientSecret: secretText("Client secret"),
    tokenUrl: z
      .string()
      .trim()
      .max(2000)
      .refine(
        (v) => v === "" || /^https?:\/\/\S+$/i.test(v),
        "Enter the token endpoint's http:// or https:// URL, or leave it empty to discover it",
      )
      .default(""),
    scope: z.string().trim().max(1000).default(""),
  }),
]);
export type CredentialSecret = z.output<typeof credentialSecretSchema>;

const nameSchema = nameText({ max: 100, required: "Name is required" });
const allowedRolesSchema = z
  .array(roleSchema)
  .min(1, "Allow at least one role")
  .max(4)
  .transform((r) => [...new Set(r)]);

export const credentialCreateSchema = z.strictObject({
  name: nameSchema,
  secret: credentialSecretSchema,
  allowedRoles: allowedRolesSchema.default(["admin", "designer"]),
});
export type CredentialCreate = z.output<typeof credentialCreateSchema>;

export const credentialPatchSchema = z
  .strictObject({
    name: nameSchema.optional(),
    /** Replaces the whole secret (and the type). */
    secret: credentialSecretSchema.optional(),
    allowedRoles: allowedRolesSchema.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "Provide at least one field to change");
export type CredentialPatch = z.output<typeof credentialPatchSchema>;

/** What the browser sees: never the secret. */
export interface PublicCredential {
  id: string;
  name: string;
  type: CredentialType;
  allowedRoles: Role[];
  hasSecret: true;
  createdAt: string;
  updatedAt: string;
}
