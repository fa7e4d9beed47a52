import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';

// Year-long workflows outlive code changes. Every committed history (recorded from real runs by
// `npm run record-histories`) must replay against today's workflow code: a change that would make
// an in-flight cycle non-deterministic fails here, before it ships. Use patched() to change a
// workflow without breaking these, and keep old fixtures when adding new ones.

// The bundler's INFO lines would bury the test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

const DIR = fileURLToPath(new URL('./histories/', import.meta.url));
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.json'));

interface Fixture {
  workflowId: string;
  history: { events: { workflowExecutionStartedEventAttributes?: { workflowType: { name: string } } }[] };
}
const read = (file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Fixture;

describe('committed workflow histories', () => {
  it('include every workflow type: the cycle, the round, the council and the scheduled start', () => {
    const types = fixtures.map((f) => read(f).history.events[0]!.workflowExecutionStartedEventAttributes!.workflowType.name);
    expect(new Set(types)).toEqual(new Set(['annualCycle', 'round', 'councilSession', 'scheduledCycleStart']));
  });

  it('all replay against the current workflow code', async () => {
    const histories = fixtures.map((file) => {
      const { workflowId, history } = read(file);
      return { workflowId, history: historyFromJSON(history) };
    });
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: 'fixtures' },
      histories,
    )) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(fixtures.length);
  });
});
