import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from '../../bench/workerProcess.ts';
import { startCycle } from '../../client/operations.ts';
import { connectDatabase } from '../../db/connect.ts';
import { PHASES } from '../../domain/cycle.ts';
import { roundId } from '../../domain/ids.ts';
import { freePort } from '../../infra/ports.ts';
import { waitUntil } from '../../infra/waitUntil.ts';
import { copySeedCluster, fastCycle, REPS } from '../support/fixtures.ts';

// The production worker's logs and metrics (README "Logs and metrics"). The worker runs as a child
// process with WORKER_METRICS_ADDRESS set and takes a short cycle (its pledge round opens, mails its
// invitations and closes), a cycle whose set-up fails and a workflow type it does not have. Its
// stdout is JSON, the workflows' and activities' lines naming their run (and activity) and never a
// mail's text; its /metrics has the series an operator watches, counting what happened.

const WORKER_MAIN = fileURLToPath(new URL('../../worker/main.ts', import.meta.url));
const TASK_QUEUE = 'worker-telemetry';

const stdout: string[] = [];
let worker: WorkerProcess | undefined;
let metricsUrl: string;
let db: ReturnType<typeof connectDatabase>;
let connection: Connection;
let client: Client;

const workerEnv = (env: Record<string, string>) => ({
  TEMPORAL_ADDRESS: inject('temporalAddress'),
  DATABASE_URL: inject('databaseUrl'),
  SMTP_URL: inject('smtpUrl'),
  TDKT_LINK_KEYS: inject('linkKeys'),
  TDKT_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
  LOG_LEVEL: 'info',
  ...env,
});

beforeAll(async () => {
  const address = `127.0.0.1:${await freePort()}`;
  metricsUrl = `http://${address}/metrics`;
  worker = await startWorkerProcess({
    script: WORKER_MAIN,
    env: workerEnv({ TEMPORAL_TASK_QUEUE: TASK_QUEUE, WORKER_METRICS_ADDRESS: address }),
    ready: '"msg":"worker running"',
    log: (line) => console.log(line),
    stdout: (line) => stdout.push(line),
    timeoutMs: 60_000,
  });
  db = connectDatabase(inject('databaseUrl'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace: 'default' });
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await connection?.close();
  await db?.destroy();
});

type LogLine = Record<string, unknown>;

/** The worker's log so far; a line that is not JSON fails the test. */
const logged = (): LogLine[] => stdout.map((line) => JSON.parse(line) as LogLine);

/** The lines `match` picks, once there are `count` of them (the SDK hands its lines on within about 100 ms). */
const linesWhere = (what: string, count: number, match: (line: LogLine) => boolean) =>
  waitUntil(
    what,
    () => {
      const found = logged().filter(match);
      return Promise.resolve(found.length >= count ? found : undefined);
    },
    { timeoutMs: 10_000 },
  );

/** Each sample of the metric `name` on the worker's /metrics: its labels and value. */
async function samples(name: string): Promise<{ labels: string; value: number }[]> {
  const text = await (await fetch(metricsUrl)).text();
  return text.split('\n').flatMap((line) => {
    const match = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    return match && match[1] === name ? [{ labels: match[2]!, value: Number(match[3]) }] : [];
  });
}

describe('the production worker: logs and metrics', () => {
  it('logs the workflows and activities of a cycle in JSON, each line naming its run, never the text of a mail', async () => {
    const cluster = await copySeedCluster(db);
    const started = await startCycle(client, TASK_QUEUE, fastCycle(cluster, 2000, 300, { reporting: false }));
    const result = await client.workflow.getHandle(started.cycleId).result();
    expect(result.phase).toBe(PHASES.pledgesClosed);
    const pledge = roundId(started.cycleId, 'pledge');
    const pledgeRun = (await client.workflow.getHandle(pledge).describe()).runId;

    // Workflow lines: the workflow's logger names the workflow, its run and its type.
    const [opened] = await linesWhere('the round opening', 1, (l) => l.msg === 'round opened' && l.workflowId === pledge);
    expect(opened).toMatchObject({
      level: 30,
      sdkComponent: 'workflow',
      workflowType: 'round',
      runId: pledgeRun,
      taskQueue: TASK_QUEUE,
      kind: 'pledge',
    });
    const [closed] = await linesWhere('the round closing', 1, (l) => l.msg === 'round closed' && l.workflowId === pledge);
    expect(closed).toMatchObject({ sdkComponent: 'workflow', runId: pledgeRun, kind: 'pledge', submitted: 0, missing: 5 });
    const phases = await linesWhere('the cycle phases', 4, (l) => l.msg === 'cycle phase' && l.workflowId === started.cycleId);
    expect(phases.map((l) => l.phase)).toEqual([PHASES.scheduled, PHASES.launch, PHASES.pledges, PHASES.pledgesClosed]);
    expect(phases.every((l) => l.runId === started.runId && l.workflowType === 'annualCycle')).toBe(true);

    // Activity lines: one per invitation sent, with the outbox key and the Message-ID the mail carries.
    const invitations = await db
      .selectFrom('email_outbox')
      .select(['key', 'message_id', 'subject', 'text_body', 'status'])
      .where('key', 'like', `${pledge}:invitation:%`)
      .execute();
    expect(invitations.map((m) => m.key).sort()).toEqual(
      Object.keys(REPS)
        .map((unit) => `${pledge}:invitation:${unit}`)
        .sort(),
    );
    expect(invitations.every((m) => m.status === 'sent')).toBe(true);
    const sent = await linesWhere(
      'a line per invitation',
      5,
      (l) => l.msg === 'mail sent' && String(l.key).startsWith(`${pledge}:invitation:`),
    );
    for (const mail of invitations) {
      expect(sent.find((l) => l.key === mail.key)).toMatchObject({
        level: 30,
        sdkComponent: 'activity',
        activityType: 'openRound',
        workflowId: pledge,
        workflowRunId: pledgeRun,
        messageId: mail.message_id,
      });
    }
    // Neither a mail's subject nor any line of its text, nor an activity's task token, is logged.
    const everything = stdout.join('\n');
    for (const mail of invitations) {
      expect(everything).not.toContain(mail.subject);
      for (const line of mail.text_body.split('\n').filter((l) => l.trim().length > 20)) expect(everything).not.toContain(line.trim());
    }
    expect(everything).not.toContain('taskToken');
  });

  it('serves the series an operator watches, failures counted by workflow and activity type', async () => {
    // A set-up that fails: the cluster does not exist, so loadCycleSetup fails for good.
    const unknown = `T-NONE-${randomBytes(3).toString('hex').toUpperCase()}`;
    await expect(startCycle(client, TASK_QUEUE, fastCycle(unknown, 2000))).rejects.toThrow(`unknown cluster ${unknown}`);
    // A workflow type this worker does not have: each of its workflow tasks fails.
    const stray = await client.workflow.start('notATdktWorkflow', { taskQueue: TASK_QUEUE, workflowId: `telemetry-stray-${unknown}` });
    try {
      const failedTasks = await waitUntil(
        'a failed workflow task in the metrics',
        async () => {
          const found = (await samples('temporal_workflow_task_execution_failed')).filter((s) =>
            s.labels.includes('workflow_type="notATdktWorkflow"'),
          );
          return found.length ? found : undefined;
        },
        { timeoutMs: 20_000 },
      );
      expect(failedTasks[0]!.value).toBeGreaterThanOrEqual(1);
    } finally {
      await stray.terminate('test done');
    }
    const failedActivities = (await samples('temporal_activity_execution_failed')).filter((s) =>
      s.labels.includes('activity_type="loadCycleSetup"'),
    );
    expect(failedActivities).toEqual([expect.objectContaining({ value: 1 })]);
    expect(failedActivities[0]!.labels).toContain(`task_queue="${TASK_QUEUE}"`);

    // The latencies from scheduling to a worker's start: histograms with observations.
    for (const name of ['temporal_workflow_task_schedule_to_start_latency_count', 'temporal_activity_schedule_to_start_latency_count']) {
      const counts = (await samples(name)).filter((s) => s.labels.includes(`task_queue="${TASK_QUEUE}"`));
      expect(
        counts.reduce((sum, s) => sum + s.value, 0),
        name,
      ).toBeGreaterThan(0);
    }
    // The worker's free slots, by kind of task: what it could still take on.
    const slots = (await samples('temporal_worker_task_slots_available')).filter((s) => s.labels.includes(`task_queue="${TASK_QUEUE}"`));
    expect(slots.map((s) => /worker_type="(\w+)"/.exec(s.labels)?.[1]).sort()).toEqual([
      'ActivityWorker',
      'LocalActivityWorker',
      'WorkflowWorker',
    ]);
    expect(slots.every((s) => s.value > 0)).toBe(true);
  });

  it('prints one readable line per entry with LOG_FORMAT=pretty', async () => {
    const lines: string[] = [];
    const pretty = await startWorkerProcess({
      script: WORKER_MAIN,
      env: workerEnv({ TEMPORAL_TASK_QUEUE: `${TASK_QUEUE}-pretty`, LOG_FORMAT: 'pretty' }),
      ready: 'INFO  worker running',
      log: (line) => console.log(line),
      stdout: (line) => lines.push(line),
      timeoutMs: 60_000,
    });
    await pretty.stop();
    await waitUntil('the last line', () => Promise.resolve(lines.some((line) => line.endsWith('worker stopped')) || undefined), {
      timeoutMs: 5000,
    });
    expect(lines.find((line) => line.includes('worker running'))).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}worker running address=\S+ namespace=default tls=false apiKey=false taskQueue=worker-telemetry-pretty /,
    );
    expect(lines.at(-1)).toMatch(/Z INFO {2}worker stopped$/);
    expect(lines.some((line) => line.startsWith('{'))).toBe(false);
  });
});
