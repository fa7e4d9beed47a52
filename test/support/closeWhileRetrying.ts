import net from 'node:net';
import { Connection } from '@temporalio/client';
import { connectTemporal } from '../../client/temporalConnection.ts';

// Run in a process of its own by test/infra/temporalConnection.test.ts: a connection to Temporal
// (through a TCP proxy, cut once connected) is closed while a call waits for its next retry.
// Arguments: "sdk" (the SDK's Connection.connect) or "ours" (connectTemporal), then Temporal's address.
// Prints what the call ended with, then "no error after the close" once every retry timer has had its time.

const [which, target = ''] = process.argv.slice(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sockets = new Set<net.Socket>();
const proxy = net.createServer((inbound) => {
  const outbound = net.connect(Number(target.slice(target.lastIndexOf(':') + 1)), target.slice(0, target.lastIndexOf(':')));
  for (const s of [inbound, outbound]) {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  }
  inbound.pipe(outbound).pipe(inbound);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const address = `127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;

const connection = which === 'sdk' ? await Connection.connect({ address }) : await connectTemporal({ address });
const cut = new Promise((resolve) => proxy.close(resolve));
for (const s of sockets) s.destroy();
await cut;

const call = connection.workflowService.getSystemInfo({}).then(
  () => 'answered',
  (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`,
);
// Every attempt fails at once (nothing listens); the retries follow 100 ms, 170 ms, … apart.
await sleep(300);
await connection.close();
console.log(`the call ${await call}`);
// Longer than the SDK's longest pause between two retries.
await sleep(5_500);
console.log('no error after the close');
