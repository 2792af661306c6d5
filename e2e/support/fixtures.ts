// Shared E2E fixtures: a page or an API request context signed in as any role.
import { test as base, expect, request as pwRequest, type APIRequestContext, type Page } from "@playwright/test";
import type { Role } from "@/lib/auth/roles";
import { storageStatePath } from "./users";

interface Fixtures {
  pageAs: (role: Role) => Promise<Page>;
  apiAs: (role: Role) => Promise<APIRequestContext>;
}

export const test = base.extend<Fixtures>({
  pageAs: async ({ browser }, provide) => {
    const contexts: { close(): Promise<void> }[] = [];
    await provide(async (role) => {
      const ctx = await browser.newContext({ storageState: storageStatePath(role) });
      contexts.push(ctx);
      return ctx.newPage();
    });
    for (const c of contexts) await c.close();
  },
  apiAs: async ({ baseURL }, provide) => {
    const contexts: APIRequestContext[] = [];
    await provide(async (role) => {
      const ctx = await pwRequest.newContext({
        baseURL,
        storageState: storageStatePath(role),
        extraHTTPHeaders: { origin: baseURL ?? "" },
      });
      contexts.push(ctx);
      return ctx;
    });
    for (const c of contexts) await c.dispose();
  },
});

export { expect };
