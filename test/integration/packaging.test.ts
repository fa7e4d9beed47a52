import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { scratchFolders, tdktWith, type CliResult } from '../support/cli.ts';

// tdkt as it is shipped: its version, what it loads to start (every command pays for it), and the
// build that production runs — compiled JavaScript on a Node without type stripping, from an install
// without the dev dependencies.

const run = promisify(execFile);
const scratch = scratchFolders('tdkt-packaging-');
afterAll(() => scratch.removeAll());

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** The modules a tdkt run loaded (their URLs), recorded by a module hook given through NODE_OPTIONS. */
async function loadedBy(...args: string[]): Promise<{ result: CliResult; modules: string[] }> {
  const dir = scratch.make();
  const hook = path.join(dir, 'hook.mjs');
  const list = path.join(dir, 'loaded.txt');
  writeFileSync(
    hook,
    `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ load(url, context, next) { appendFileSync(${JSON.stringify(list)}, url + '\\n'); return next(url, context); } });
`,
  );
  writeFileSync(list, '');
  const env = { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` };
  const result = await tdktWith(() => env)(...args);
  return { result, modules: readFileSync(list, 'utf8').split('\n').filter(Boolean) };
}

const packageOf = (url: string) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
const projectFileOf = (url: string) =>
  url.startsWith(pathToFileURL(path.resolve('.')).href) ? path.relative('.', new URL(url).pathname) : undefined;

describe('tdkt', () => {
  it('--version prints the version of package.json', async () => {
    const result = await tdktWith(() => process.env)('--version');
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('starts without loading what its command does not use: --help loads no Temporal SDK and no database driver', async () => {
    const { result, modules } = await loadedBy('--help');
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stdout).toContain('cycle');
    const packages = new Set(modules.map(packageOf).filter((p) => p !== undefined));
    expect(packages.has('commander')).toBe(true);
    expect([...packages].filter((p) => /^(@temporalio\/|kysely$|pg$|pdfmake$)/.test(p))).toEqual([]);
  });

  it('cycle status loads the Temporal client, and neither the workflow code nor the database driver', async () => {
    const { result, modules } = await loadedBy('--json', 'cycle', 'status', 'cycle/NO-SUCH/2018');
    // A real answer from Temporal: the cycle does not exist.
    expect(result.code, result.stderr).toBe(ExitCode.unknownCycle);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: 'unknown cycle cycle/NO-SUCH/2018: no such workflow' });
    const packages = new Set(modules.map(packageOf).filter((p) => p !== undefined));
    expect(packages.has('@temporalio/client')).toBe(true);
    expect([...packages].filter((p) => /^(kysely|pg|pdfmake)$/.test(p))).toEqual([]);
    const ownFiles = modules.map(projectFileOf).filter((f) => f !== undefined);
    expect(ownFiles).toContain('workflows/messages.ts');
    expect(ownFiles.filter((f) => /^(workflows\/(?!messages|searchAttributes)|db\/|activities\/|web\/)/.test(f))).toEqual([]);
  });
});

describe('npm run build', () => {
  it(
    'compiles what production runs into dist/, which runs from an install without the dev dependencies on a Node without type stripping',
    { timeout: 120_000 },
    async () => {
      // A copy of the project with node_modules as `npm ci --omit=dev` leaves it: the packages
      // package-lock.json does not mark dev (so neither Node 24 nor TypeScript).
      const root = scratch.make();
      for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'bin'])
        cpSync(entry, path.join(root, entry), { recursive: true });
      const sources = ['domain', 'ballotBox', 'taskLinks', 'web', 'workflows', 'activities', 'db', 'worker', 'client', 'infra'];
      for (const dir of sources) cpSync(dir, path.join(root, dir), { recursive: true });
      symlinkSync(realpathSync('node_modules'), path.join(root, 'node_modules'));
      // Type checking is npm test's own step; the build's emit is what is tested here.
      await run('npm', ['run', '-s', 'build', '--', '--noCheck'], { cwd: root });
      for (const dir of sources) rmSync(path.join(root, dir), { recursive: true });
      rmSync(path.join(root, 'node_modules'));

      const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
        packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
      };
      for (const [at, entry] of Object.entries(lock.packages)) {
        if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(at) || entry.dev || entry.devOptional) continue;
        mkdirSync(path.dirname(path.join(root, at)), { recursive: true });
        symlinkSync(path.resolve(at), path.join(root, at));
      }

      // A Node 22 or later on PATH (this machine's own is 20: the project's Node 24, with type stripping off).
      const node = realpathSync('node_modules/.bin/node');
      const env = { ...process.env, PATH: `${path.dirname(node)}:${process.env.PATH}`, NODE_OPTIONS: '--no-experimental-strip-types' };
      const tdkt = path.join(root, 'bin/tdkt');
      expect((await run(tdkt, ['--version'], { env })).stdout).toBe(`${version}\n`);
      const help = await run(tdkt, ['--help'], { env });
      expect(help.stdout).toMatch(/^Usage: tdkt \[options\] \[command\]/);
      expect(help.stdout).toContain('cycle');

      // The worker and the web server load their whole code and stop at the missing configuration (exit code 2).
      const bare = { PATH: env.PATH, NODE_OPTIONS: env.NODE_OPTIONS };
      for (const [entry, message] of [
        ['dist/worker/main.js', 'invalid worker configuration'],
        ['dist/web/main.js', 'invalid web server configuration'],
      ] as const) {
        const refused = await run(node, [path.join(root, entry)], { env: bare }).then(
          () => ({ code: 0, stderr: '' }),
          (error: { code: number; stderr: string }) => error,
        );
        expect(refused.code, entry).toBe(2);
        expect(refused.stderr, entry).toContain(message);
      }
    },
  );
});
