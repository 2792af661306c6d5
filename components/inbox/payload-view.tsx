"use client";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { editFields } from "@/lib/inbox/edit-fields";
import { FieldList, JsonValue } from "./json-value";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The proposal: fields and values first, the raw JSON one click away. */
export function PayloadView({ payload, editableSchema, payloadHash }: { payload: unknown; editableSchema: unknown; payloadHash: string }) {
  const editable = new Set(editFields(editableSchema).map((f) => f.key));
  return (
    <Tabs defaultValue="fields" className="gap-2">
      <TabsList aria-label="Proposal view">
        <TabsTrigger value="fields">Fields</TabsTrigger>
        <TabsTrigger value="raw">Raw JSON</TabsTrigger>
      </TabsList>
      <TabsContent value="fields" data-testid="payload-fields">
        {isRecord(payload) ? <FieldList value={payload} highlight={editable} /> : <JsonValue value={payload} />}
      </TabsContent>
      <TabsContent value="raw">
        <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 font-mono text-xs" data-testid="payload-raw">
          {JSON.stringify(payload, null, 2)}
        </pre>
        <p
          className="mt-1 font-mono text-[0.7rem] break-all text-muted-foreground"
          title="SHA-256 of the canonical JSON, recorded with each decision"
        >
          sha256 {payloadHash}
        </p>
      </TabsContent>
    </Tabs>
  );
}
