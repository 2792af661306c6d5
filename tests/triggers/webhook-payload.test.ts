// A webhook body is parsed by its content type; JSON bodies go through the same safe parser as every
// other request body, so what would be stored wrongly or break PostgreSQL is refused up front.
import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors/domain-error";
import { parseDeliveryBody } from "@/lib/triggers/webhook-payload";

const codeOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : "thrown";
  }
};

describe("parseDeliveryBody", () => {
  it("parses JSON, forms and text by content type", () => {
    expect(parseDeliveryBody("application/json; charset=utf-8", '{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(parseDeliveryBody("application/vnd.api+json", "")).toBeNull();
    expect(parseDeliveryBody("application/x-www-form-urlencoded", "a=1&a=2&b=x")).toEqual({ a: ["1", "2"], b: "x" });
    expect(parseDeliveryBody("text/plain", "hello")).toBe("hello");
  });

  it("refuses malformed, too deep, overflowing and NUL-bearing JSON", () => {
    expect(codeOf(() => parseDeliveryBody("application/json", "{nope"))).toBe("malformed_json");
    expect(codeOf(() => parseDeliveryBody("application/json", "[".repeat(65) + "]".repeat(65)))).toBe("malformed_json");
    expect(codeOf(() => parseDeliveryBody("application/json", "[".repeat(64) + "]".repeat(64)))).toBeNull();
    expect(codeOf(() => parseDeliveryBody("application/json", '{"amount":-1e400}'))).toBe("invalid_request");
    expect(codeOf(() => parseDeliveryBody("application/json", '{"name":"a\\u0000"}'))).toBe("invalid_request");
    expect(codeOf(() => parseDeliveryBody("application/json", '{"name":"\\ud800"}'))).toBe("invalid_request");
  });
});
