import { test, expect } from "./support/fixtures";

test("bad input gets a 4xx naming the problem, and no stack trace", async ({ apiAs, request }) => {
  const unauth = await request.get("/api/v1/workflows");
  expect(unauth.status()).toBe(401);

  const api = await apiAs("admin");
  const malformed = await api.fetch("/api/v1/workflows", {
    method: "POST",
    headers: { "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("malformed_json");

  const wrongType = await api.post("/api/v1/workflows", { data: { name: 42 } });
  expect(wrongType.status()).toBe(400);
  const body = await wrongType.json();
  expect(body.error.message).toContain("name");
  expect(JSON.stringify(body)).not.toContain("at ");

  const unknownField = await api.post("/api/v1/workflows", { data: { name: "x", evil: true } });
  expect(unknownField.status()).toBe(400);
  expect((await unknownField.json()).error.message).toContain("evil");

  const huge = await api.post("/api/v1/workflows", { data: { name: "x", description: "a".repeat(2 * 1024 * 1024) } });
  expect(huge.status()).toBe(413);

  const badRole = await api.post("/api/v1/users", {
    data: { name: "X", email: "x@example.com", password: "password123", role: "superuser" },
  });
  expect(badRole.status()).toBe(400);
  const users = await (await api.get("/api/v1/users")).json();
  expect(users.users.map((u: { email: string }) => u.email)).not.toContain("x@example.com");

  const crossOrigin = await api.post("/api/v1/workflows", { data: { name: "csrf" }, headers: { origin: "https://evil.example" } });
  expect(crossOrigin.status()).toBe(403);
});

test("a NUL character in a page address or an API parameter is a 400, not a server error", async ({ apiAs }) => {
  const api = await apiAs("admin");
  for (const path of ["/runs/a%00b", "/workflows/%00", "/runs?workflowId=%00"]) {
    const page = await api.get(path, { maxRedirects: 0 });
    expect(page.status(), path).toBe(400);
  }
  const param = await api.get("/api/v1/runs/a%00b");
  expect(param.status()).toBe(400);
  expect((await param.json()).error.message).toContain('"runId"');
  const query = await api.get("/api/v1/tasks?workflowId=%00");
  expect(query.status()).toBe(400);
  expect((await query.json()).error.message).toContain('"workflowId"');
});

test("an address that is not valid percent-encoding is a 400, not a server error; an unknown API address is a JSON 404", async ({
  apiAs,
}) => {
  const api = await apiAs("admin");
  for (const path of ["/runs/%zz", "/workflows/%E0%A4%A", "/api/v1/runs/%zz", "/api/auth/%zz"]) {
    const r = await api.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(400);
    if (path.startsWith("/api/")) expect((await r.json()).error.code, path).toBe("invalid_request");
  }
  const unknown = await api.get("/api/v1/no-such-endpoint");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("not_found");
});
