// Which responses the production server gzips: pages and static assets, not the API.
//
// next.config.ts turns Next's own compression off (it gzips every response) and scripts/serve.mjs
// applies the same middleware Next uses (next/dist/compiled/compression, with Next's clean-up of a
// stream left open by a client that went away) with this filter instead. API answers are small JSON
// for programs on the same network or behind a proxy that compresses; gzipping each one cost 5–16 %
// of the server's CPU in a burst and ~256 KiB of zlib state per response in flight (docs/security.md,
// "Bursts"). Not compressing them also keeps secrets in API answers out of reach of compression
// side channels (BREACH), where a response mixes them with text an attacker chooses.
import compression from "next/dist/compiled/compression/index.js";
import { releaseCompressionStream } from "next/dist/server/lib/release-compression-stream.js";

/** True for requests whose answers may be compressed: everything but /api/. */
export function compressible(url) {
  const path = (url ?? "/").split("?")[0];
  return path !== "/api" && !path.startsWith("/api/");
}

/** A (req, res) => void that sets up gzip for a page or asset (when the client accepts it and the type compresses well). */
export function compressionFor() {
  const middleware = compression();
  return (req, res) => {
    if (!compressible(req.url)) return; // the API's response is left as it is, not even wrapped
    middleware(req, res, () => {});
    // As Next does: a client that disconnects leaves the zlib stream open, so end it.
    res.once("close", () => {
      if (!res.writableFinished) releaseCompressionStream(res);
    });
  };
}
