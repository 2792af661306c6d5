// CSV → dataset rows: RFC 4180 quoting, the column mapping, types from the Start schema, the
// expected column, and every bad cell reported with its CSV line.
import { describe, expect, it } from "vitest";
import { csvRows } from "@/lib/evaluations/csv-rows";

const schema = {
  type: "object",
  properties: { name: { type: "string" }, amount: { type: "number" }, vip: { type: "boolean" }, tags: { type: "array" } },
};

describe("CSV import", () => {
  it("reads quoted fields, doubled quotes, CRLF, a BOM, typed cells and the expected column", () => {
    const csv = '\uFEFFname,amount,vip,tags,expected\r\n"Doe, Jane",12.5,true,"[""a""]","{""ok"":true}"\r\nBob,3,false,[],approved\r\n';
    const r = csvRows(csv, { columns: {}, inputSchema: schema });
    expect(r).toEqual({
      ok: true,
      rows: [
        { input: { name: "Doe, Jane", amount: 12.5, vip: true, tags: ["a"] }, expected: { ok: true } },
        { input: { name: "Bob", amount: 3, vip: false, tags: [] }, expected: "approved" },
      ],
    });
  });

  it("maps columns to other input fields and takes another expected column", () => {
    const r = csvRows("Customer,Sum,Want\nAnn,7,7\n", {
      columns: { Customer: "name", Sum: "amount" },
      expectedColumn: "Want",
      inputSchema: schema,
    });
    expect(r).toEqual({ ok: true, rows: [{ input: { name: "Ann", amount: 7 }, expected: 7 }] });
  });

  it("leaves ignored columns out, and names an ignored column that is not there", () => {
    const r = csvRows("name,note,amount\nAnn,call back,7\n", { columns: {}, ignoredColumns: ["note"], inputSchema: schema });
    expect(r).toEqual({ ok: true, rows: [{ input: { name: "Ann", amount: 7 } }] });
    const missing = csvRows("name,amount\nAnn,7\n", { columns: {}, ignoredColumns: ["note"], inputSchema: schema });
    expect(missing).toEqual({ ok: false, problems: [{ row: 1, message: 'There is no column "note"' }] });
  });

  it("reports every bad cell with its line (the header is line 1) and imports nothing", () => {
    const r = csvRows("name,amount,vip\nAnn,seven,true\nBob,2,maybe\nCid,3,false\n", { columns: {}, inputSchema: schema });
    expect(r).toEqual({
      ok: false,
      problems: [
        { row: 2, message: 'amount: "seven" is not a number' },
        { row: 3, message: 'vip: "maybe" is not true or false' },
      ],
    });
  });

  it("refuses a broken CSV, a missing mapped column and a header without rows", () => {
    const broken = csvRows('name,amount\n"Ann,1\n', { columns: {}, inputSchema: schema });
    expect(broken.ok).toBe(false);
    const ragged = csvRows("name,amount\nAnn,1,extra\n", { columns: {}, inputSchema: schema });
    expect(ragged.ok).toBe(false);
    expect(csvRows("name\nAnn\n", { columns: { Sum: "amount" }, inputSchema: schema })).toEqual({
      ok: false,
      problems: [{ row: 1, message: 'There is no column "Sum"' }],
    });
    expect(csvRows("name,amount\n", { columns: {}, inputSchema: schema })).toMatchObject({ ok: false, problems: [{ row: 1 }] });
  });
});
