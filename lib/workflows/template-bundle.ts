// Creating a workflow from a template. A template is one workflow, but it may call others (an agent's
// workflow tools, Sub-workflow nodes): those helpers are created and published first, named after
// the new workflow, and their ids are wired into the template's graph, so the new workflow publishes
// (which pins the helpers' versions) without further setup. The caller audits each publish.
import type { Database } from "@/lib/db/connection";
import type { VersionSummary } from "./types";
import type { WorkflowTemplate } from "./templates";
import { createWorkflow, publishWorkflow, type WorkflowActor } from "./workflow-service";

const MAX_NAME = 120;

export interface CreatedHelper {
  id: string;
  name: string;
  version: VersionSummary;
  warnings: number;
}

export function helperName(base: string, suffix: string): string {
  const tail = ` · ${suffix}`;
  return `${base.slice(0, MAX_NAME - tail.length).trimEnd()}${tail}`;
}

export async function createFromTemplate(
  db: Database,
  template: WorkflowTemplate,
  input: { name: string; description: string },
  actor: WorkflowActor,
): Promise<{ workflow: { id: string; name: string }; helpers: CreatedHelper[] }> {
  const helpers: CreatedHelper[] = [];
  const ids: Record<string, string> = {};
  for (const h of template.helpers ?? []) {
    const created = await createWorkflow(
      db,
      { name: helperName(input.name, h.name), description: h.description, graph: h.build() },
      actor.id,
    );
    const published = await publishWorkflow(
      db,
      created.id,
      { message: `Created with "${input.name}" from the ${template.name} template` },
      actor,
      { template: template.id },
    );
    ids[h.key] = created.id;
    helpers.push({ ...created, version: published.version, warnings: published.warnings.length });
  }
  const workflow = await createWorkflow(
    db,
    { name: input.name, description: input.description || template.description, graph: template.build(ids) },
    actor.id,
  );
  return { workflow, helpers };
}
