import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadWebConfig, WebConfigError } from '../../web/config.ts';

// `npm run web`: its configuration is checked at start with every problem listed at once (exit
// code 2), and the link keys' secret is never repeated in a message.

const SECRET = Buffer.alloc(32, 9).toString('base64url');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadWebConfig(env);
  } catch (error) {
    if (error instanceof WebConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('web server configuration', () => {
  it('lists every missing or malformed value in one error, without the secret', () => {
    const problems = problemsOf({ WEB_BASE_URL: 'javascript:alert(1)', WEB_PORT: 'eighty', TDKT_LINK_KEYS: `k1:${SECRET.slice(0, 20)}` });
    expect(problems).toEqual(
      expect.arrayContaining([
        'DATABASE_URL: missing',
        expect.stringMatching(/^WEB_BASE_URL: expected a http:\/\/ or https:\/\/ URL/),
        expect.stringMatching(/^WEB_PORT: expected a port number/),
        expect.stringMatching(/^TDKT_LINK_KEYS: key k1: the secret must be at least 32 bytes/),
      ]),
    );
    expect(problems.join('\n')).not.toContain(SECRET.slice(0, 20));
    expect(problemsOf({ DATABASE_URL: 'postgres://u:p@db/tdkt' })).toEqual(['TDKT_LINK_KEYS: missing']);
  });

  it('takes the port from the base URL, trailing slashes off', () => {
    const config = loadWebConfig({
      DATABASE_URL: 'postgres://u:p@db/tdkt',
      TDKT_LINK_KEYS: `k1:${SECRET}`,
      WEB_BASE_URL: 'https://tdkt.example.gov.vn:8443/',
    });
    expect(config).toMatchObject({ WEB_BASE_URL: 'https://tdkt.example.gov.vn:8443', WEB_PORT: 8443, WEB_TRUST_PROXY: false });
    expect(config.TDKT_LINK_KEYS).toHaveLength(1);
    expect(loadWebConfig({ DATABASE_URL: 'postgres://u:p@db/tdkt', TDKT_LINK_KEYS: `k1:${SECRET}` }).WEB_PORT).toBe(8080);
  });

  it('finds Temporal as the worker and the CLI do (client/temporalSettings.ts), its problems listed with the others', () => {
    const base = { DATABASE_URL: 'postgres://u:p@db/tdkt', TDKT_LINK_KEYS: `k1:${SECRET}` };
    expect(loadWebConfig({ ...base, TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_API_KEY: 'k' }).temporal.connection).toEqual({
      address: 'temporal.internal:7233',
      tls: true,
      apiKey: 'k',
    });
    expect(problemsOf({ ...base, WEB_PORT: 'eighty', TEMPORAL_PROFILE: 'staging' })).toEqual([
      'TEMPORAL_PROFILE: there is no profile file to find "staging" in; set TEMPORAL_CONFIG_FILE',
      expect.stringMatching(/^WEB_PORT: /),
    ]);
  });

  it('refuses to start with a bad environment: exit code 2 and the list of problems', async () => {
    const child = spawn(process.execPath, ['web/main.ts'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, WEB_PORT: '99999', TDKT_LINK_KEYS: 'nonsense' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(output).toContain('invalid web server configuration:');
    expect(output).toContain('  - DATABASE_URL: missing');
    expect(output).toContain('  - WEB_PORT: expected a port number');
    expect(output).toContain('  - TDKT_LINK_KEYS: key 1: expected id:secret');
  });
});
