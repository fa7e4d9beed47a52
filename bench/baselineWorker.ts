import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

// The baseline's worker (bench/baseline.ts starts it): a process of its own, as the project's
// worker is, so the two resident memories compare. Arguments: the task queue and the bundled
// baseline workflows; TEMPORAL_ADDRESS from the environment. SIGTERM drains it (the SDK's
// default shutdown signals).

const [taskQueue, bundle] = process.argv.slice(2);
if (!taskQueue || !bundle || !process.env.TEMPORAL_ADDRESS) {
  console.error('usage: TEMPORAL_ADDRESS=host:port node bench/baselineWorker.ts TASK_QUEUE BUNDLE_FILE');
  process.exit(2);
}
Runtime.install({ logger: new DefaultLogger('WARN') });
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
const worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: bundle }, activities: { noop: async () => {} } });
console.log('baseline worker running');
await worker.run();
await connection.close();
