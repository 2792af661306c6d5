// An HTTP server on a free loopback port for tests of the production server's edge policies.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalServer {
  port: number;
  /** Closes every connection, then the server. */
  close(): Promise<void>;
}

export function listenLocal(handler: http.RequestListener): Promise<LocalServer> {
  const s = http.createServer(handler);
  return new Promise((resolve) =>
    s.listen(0, "127.0.0.1", () =>
      resolve({
        port: (s.address() as AddressInfo).port,
        close: () => {
          s.closeAllConnections();
          return new Promise((r) => s.close(() => r()));
        },
      }),
    ),
  );
}
