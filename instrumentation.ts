// Runs once when the Next.js server starts: applies migrations (stopping with a clear message when
// the database is newer than this code), then starts the in-process worker.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/server/boot");
  await boot();
}
