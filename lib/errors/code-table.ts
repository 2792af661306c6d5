/** One entry of the error catalogue: the HTTP status lib/api answers with and a one-line explanation. */
export interface CodeEntry {
  status: number;
  explain: string;
}
export type CodeTable = Record<string, CodeEntry>;
