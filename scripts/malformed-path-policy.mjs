// An address whose path is not valid percent-encoding (`/runs/%zz`) names nothing here, and Next.js
// answers it with a 500 when it fails to decode it. The edge refuses it first with a 400: JSON in the
// API's error shape under /api/, plain text for pages.

/** Answers 400 and returns true when the request's path does not decode; false otherwise. */
export function refuseMalformedPath(req, res) {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    res.statusCode = 400;
    if (pathname.startsWith("/api/")) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ error: { code: "invalid_request", message: "The address is not valid percent-encoding." } }));
    } else {
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end("Bad request: the address is not valid percent-encoding.");
    }
    return true;
  }
}
