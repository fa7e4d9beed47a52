import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.ts';
import type { WebDeps } from './env.ts';

// The web application on a port of this process: for `npm run web`, the local stack and the tests.

export interface RunningWeb {
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the app on `port` (0: a free one) and `hostname` (default all interfaces); resolves once listening. */
export async function startWebServer(deps: WebDeps, opts: { port: number; hostname?: string }): Promise<RunningWeb> {
  const app = createApp(deps);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, ...(opts.hostname ? { hostname: opts.hostname } : {}) }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${opts.hostname ?? 'localhost'}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}
