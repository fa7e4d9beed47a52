import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';

// The SDK's client retries a failed gRPC call after a pause on a timer (grpc-retry.js), and
// Connection.close() does not clear those timers: one that fires after close() throws "Channel has
// been shut down" inside the timer, where nobody can catch it, and the program dies (the demo did,
// once in two runs, at its very end: a call that failed as the stack stopped was being retried).
// A connection opened here schedules no retry once it is closing, and its close() first waits for
// the retries already scheduled (the SDK's backoff is at most 5 s) to have started.

export async function connectTemporal(options: Omit<ConnectionOptions, 'interceptors'>): Promise<Connection> {
  const sdk = defaultGrpcRetryOptions();
  let closing = false;
  /** When the last retry scheduled so far starts (ms since the epoch). */
  let lastRetryAt = 0;
  const retries = makeGrpcRetryInterceptor({
    retryableDecider: (attempt, status) => !closing && sdk.retryableDecider(attempt, status),
    delayFunction: (attempt, status) => {
      const ms = sdk.delayFunction(attempt, status);
      lastRetryAt = Math.max(lastRetryAt, Date.now() + ms);
      return ms;
    },
  });
  const connection = await Connection.connect({ ...options, interceptors: [retries] });
  const close = connection.close.bind(connection);
  // Every holder of the connection closes it by this method (client.connection.close() too), so it is the one replaced.
  connection.close = async () => {
    closing = true;
    const wait = lastRetryAt - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
    await close();
  };
  return connection;
}
