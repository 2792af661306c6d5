// Choices for the runs list's filter bar (isomorphic): workflows with their published versions, and
// people who started runs. lib/db/run-list-facets-read.ts reads them.

export interface RunListFacets {
  workflows: { id: string; name: string; versions: { id: string; version: number }[] }[];
  initiators: { id: string; name: string }[];
  /** Outcomes runs have recorded (End nodes' names, rejected, timed_out). */
  outcomes: string[];
}
