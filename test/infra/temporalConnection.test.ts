import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

// A connection closed while one of its calls waits to be retried: the SDK's own retry timer then
// fires on the closed channel and throws where nobody can catch it, which ends the program;
// client/temporalConnection.ts's connection must not. Each case runs in a process of its own
// (test/support/closeWhileRetrying.ts), since the SDK's case kills it.

const SCRIPT = fileURLToPath(new URL('../support/closeWhileRetrying.ts', import.meta.url));

function closeWhileRetrying(which: 'sdk' | 'ours'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, which, inject('temporalAddress')], { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

describe('a Temporal connection closed while a call waits for its retry', () => {
  it("the SDK's own (Connection.connect): its retry timer throws 'Channel has been shut down' and the program dies", async () => {
    const run = await closeWhileRetrying('sdk');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('Channel has been shut down');
    expect(run.stdout).not.toContain('no error after the close');
  }, 40_000);

  it('connectTemporal: the call fails, no retry comes after the close, the program goes on', async () => {
    const run = await closeWhileRetrying('ours');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^the call failed: .*(UNAVAILABLE|No connection established)/m);
    expect(run.stdout).toContain('no error after the close');
  }, 40_000);
});
