import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("lib/env", () => {
  it("defaults to the embedded SQLite database with synchronous=NORMAL", () => {
    const e = parseEnv({});
    expect(e.DATABASE_URL).toBe("file:./data/switchyard.db");
    expect(e.SQLITE_SYNCHRONOUS).toBe("NORMAL");
    expect(e.PORT).toBe(3000);
  });

  it("names the bad variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ SQLITE_SYNCHRONOUS: "OFF" })).toThrow(/SQLITE_SYNCHRONOUS/);
    expect(() => parseEnv({ PORT: "http" })).toThrow(/PORT/);
  });

  it("parses the HTTP allow-list", () => {
    expect(parseEnv({ SWITCHYARD_HTTP_ALLOWLIST: "127.0.0.1, api.internal" }).SWITCHYARD_HTTP_ALLOWLIST).toEqual([
      "127.0.0.1",
      "api.internal",
    ]);
  });
});
