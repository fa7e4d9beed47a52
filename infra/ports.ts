import net from 'node:net';

const HOST = '127.0.0.1';

/**
 * `preferred` when it is free on 127.0.0.1, else a port the OS picks.
 * The port is released before returning, so another process could still take it
 * before our component binds it; the component then fails with its own "address in use".
 */
export async function freePort(preferred?: number): Promise<number> {
  const [port] = await freePorts([preferred]);
  return port!;
}

/**
 * One free port per entry, all different. Every probe listener stays open until all
 * ports are chosen, so the OS cannot hand out the same port twice.
 */
export async function freePorts(preferred: readonly (number | undefined)[]): Promise<number[]> {
  const held: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (const port of preferred) {
      const server = (port !== undefined && (await listen(port))) || (await listen(0));
      if (!server) throw new Error('The OS did not assign a free TCP port on 127.0.0.1');
      held.push(server);
      ports.push((server.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** Each given port as it is, each `undefined` replaced by a free port, all different. */
export async function givenOrFreePorts<T extends (number | undefined)[]>(...given: T): Promise<{ [K in keyof T]: number }> {
  const free = await freePorts(given.map(() => undefined));
  return given.map((port, i) => port ?? free[i]!) as { [K in keyof T]: number };
}

/**
 * Fails with a clear message when a port a caller asked for is taken. Checked before
 * starting a server: otherwise our readiness probe could reach whatever already listens
 * there (e.g. a dev server left running) and report success while ours is dying.
 */
export async function assertPortFree(port: number, purpose: string): Promise<void> {
  const server = await listen(port);
  if (!server) throw new Error(`Port ${port} on 127.0.0.1 is already in use; it was asked for ${purpose}.`);
  await new Promise((resolve) => server.close(resolve));
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function listen(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host: HOST, port, exclusive: true }, () => resolve(server));
  });
}
