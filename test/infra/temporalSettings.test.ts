import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTemporalSettings } from '../../client/temporalSettings.ts';

// Where the worker, the web server and the CLI find Temporal: a profile of a TOML file, the
// TEMPORAL_* variables over it, the local stack's defaults; and every bad value refused in a line
// that names the variable or the file, never with a secret in it.

const dir = mkdtempSync(path.join(os.tmpdir(), 'tdkt-temporal-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const API_KEY = 'tdkt-test-api-key-5f1c';
const PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nnot-a-real-key-7d2e\n-----END PRIVATE KEY-----\n';

/** A file in the test's folder, with `text`; its path. */
function file(name: string, text: string): string {
  const at = path.join(dir, name);
  mkdirSync(path.dirname(at), { recursive: true });
  writeFileSync(at, text);
  return at;
}

const PROFILES = file(
  'temporal.toml',
  `[profile.default]
address = "temporal.internal:7233"

[profile.cloud]
address = "tdkt.a1b2c.tmprl.cloud:7233"
namespace = "tdkt.a1b2c"
api_key = "${API_KEY}"

[profile.cloud.grpc_meta]
x-tdkt-deployment = "ha-noi"

[profile.plain]
address = "temporal.internal:7233"
api_key = "${API_KEY}"

[profile.plain.tls]
disabled = true

[profile.junk]
address = "temporal.internal"
namespace = "two words"
`,
);

const problemsOf = (env: Record<string, string>) => resolveTemporalSettings(env).problems;

describe('the Temporal settings', () => {
  it('are the local stack when nothing is set, an empty variable counting as unset', () => {
    for (const env of [{}, { TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: '', TEMPORAL_CONFIG_FILE: '' }]) {
      expect(resolveTemporalSettings(env)).toEqual({
        settings: {
          address: 'localhost:7233',
          namespace: 'default',
          connection: { address: 'localhost:7233' },
          addressFrom: 'TEMPORAL_ADDRESS',
          namespaceFrom: 'TEMPORAL_NAMESPACE',
        },
        problems: [],
      });
    }
  });

  it('come from the profile file, the default profile unless TEMPORAL_PROFILE names another; an API key brings TLS', () => {
    expect(resolveTemporalSettings({ TEMPORAL_CONFIG_FILE: PROFILES }).settings).toMatchObject({
      address: 'temporal.internal:7233',
      namespace: 'default',
      connection: { address: 'temporal.internal:7233' },
      addressFrom: `address in profile "default" of ${PROFILES}`,
      namespaceFrom: 'TEMPORAL_NAMESPACE',
    });
    expect(resolveTemporalSettings({ TEMPORAL_CONFIG_FILE: PROFILES, TEMPORAL_PROFILE: 'cloud' }).settings).toEqual({
      address: 'tdkt.a1b2c.tmprl.cloud:7233',
      namespace: 'tdkt.a1b2c',
      connection: { address: 'tdkt.a1b2c.tmprl.cloud:7233', tls: true, apiKey: API_KEY, metadata: { 'x-tdkt-deployment': 'ha-noi' } },
      addressFrom: `address in profile "cloud" of ${PROFILES}`,
      namespaceFrom: `namespace in profile "cloud" of ${PROFILES}`,
    });
    // TLS turned off in the profile: the key goes as it is (a proxy in front of Temporal may check it).
    expect(resolveTemporalSettings({ TEMPORAL_CONFIG_FILE: PROFILES, TEMPORAL_PROFILE: 'plain' }).settings?.connection).toEqual({
      address: 'temporal.internal:7233',
      tls: false,
      apiKey: API_KEY,
    });
  });

  it("are read from Temporal's default place when TEMPORAL_CONFIG_FILE is unset", () => {
    const config = path.join(dir, 'xdg');
    file('xdg/temporalio/temporal.toml', '[profile.default]\naddress = "from-default-place:7233"\n');
    expect(resolveTemporalSettings({ XDG_CONFIG_HOME: config }).settings?.address).toBe('from-default-place:7233');
    expect(resolveTemporalSettings({ HOME: path.join(dir, 'no-home') }).settings?.address).toBe('localhost:7233');
  });

  it('take the variables over the profile', () => {
    const settings = resolveTemporalSettings({
      TEMPORAL_CONFIG_FILE: PROFILES,
      TEMPORAL_PROFILE: 'cloud',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TLS: 'false',
      TEMPORAL_API_KEY: 'another-key',
    }).settings;
    expect(settings).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      connection: { address: '127.0.0.1:7233', tls: false, apiKey: 'another-key' },
      addressFrom: 'TEMPORAL_ADDRESS',
      namespaceFrom: 'TEMPORAL_NAMESPACE',
    });
  });

  it('read the TLS files: the server CA, the client certificate and its key, the server name', () => {
    const ca = file('tls/ca.pem', '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
    const cert = file('tls/client.pem', '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n');
    const key = file('tls/client.key', PRIVATE_KEY);
    const tls = resolveTemporalSettings({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
      TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.tdkt.gov.vn',
    }).settings?.connection.tls;
    expect(tls).toEqual({
      serverNameOverride: 'temporal.tdkt.gov.vn',
      serverRootCACertificate: new Uint8Array(Buffer.from('-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n')),
      clientCertPair: {
        crt: new Uint8Array(Buffer.from('-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n')),
        key: new Uint8Array(Buffer.from(PRIVATE_KEY)),
      },
    });
  });

  it('refuse a profile file that is missing, not TOML or not profiles, and a profile not in it', () => {
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: path.join(dir, 'absent.toml') })).toEqual([
      `TEMPORAL_CONFIG_FILE: cannot read ${path.join(dir, 'absent.toml')} (no such file)`,
    ]);
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: dir })).toEqual([
      expect.stringMatching(/^TEMPORAL_CONFIG_FILE: cannot read .* \(not a file\)$/),
    ]);
    // The unfinished line holds the API key: the message tells where, never the line itself.
    const broken = file('broken.toml', `[profile.default]\napi_key = "${API_KEY}\naddress = "x:1"\n`);
    const [tomlProblem] = problemsOf({ TEMPORAL_CONFIG_FILE: broken });
    expect(tomlProblem).toMatch(new RegExp(`^TEMPORAL_CONFIG_FILE ${broken}: not valid TOML at line 2, column \\d+ \\(.+\\)$`));
    expect(tomlProblem).not.toContain(API_KEY);
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: file('empty.toml', 'address = "x:1"\n') })).toEqual([
      expect.stringMatching(/^TEMPORAL_CONFIG_FILE .*empty\.toml: not a profile file: expected \[profile\.<name>\] tables/),
    ]);
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: PROFILES, TEMPORAL_PROFILE: 'staging' })).toEqual([
      `TEMPORAL_PROFILE: no profile "staging" in ${PROFILES} (it has default, cloud, plain, junk)`,
    ]);
    expect(problemsOf({ TEMPORAL_PROFILE: 'staging' })).toEqual([
      'TEMPORAL_PROFILE: there is no profile file to find "staging" in; set TEMPORAL_CONFIG_FILE',
    ]);
  });

  it('refuse a bad address or namespace, naming the variable or the profile that set it', () => {
    expect(problemsOf({ TEMPORAL_ADDRESS: 'not an address', TEMPORAL_NAMESPACE: 'default\nX-Injected: 1' })).toEqual([
      'TEMPORAL_ADDRESS: expected host:port, e.g. localhost:7233',
      'TEMPORAL_NAMESPACE: expected a namespace name',
    ]);
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: PROFILES, TEMPORAL_PROFILE: 'junk' })).toEqual([
      `address in profile "junk" of ${PROFILES}: expected host:port, e.g. localhost:7233`,
      `namespace in profile "junk" of ${PROFILES}: expected a namespace name`,
    ]);
    expect(
      problemsOf({ TEMPORAL_CONFIG_FILE: PROFILES, TEMPORAL_PROFILE: 'junk', TEMPORAL_ADDRESS: 'localhost:7233', TEMPORAL_NAMESPACE: 'x' }),
    ).toEqual([]);
  });

  it('refuse TLS files that cannot be read or do not make a pair, and TLS switches that are not true or false', () => {
    const key = file('tls/client.key', PRIVATE_KEY);
    const absent = path.join(dir, 'tls', 'absent.pem');
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_CERT_PATH: absent, TEMPORAL_TLS_CLIENT_KEY_PATH: key })).toEqual([
      `TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read ${absent} (no such file)`,
    ]);
    const profile = file('tls.toml', `[profile.default.tls]\nserver_ca_cert_path = "${absent}"\n`);
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: profile })).toEqual([
      `tls.server_ca_cert_path in profile "default" of ${profile}: cannot read ${absent} (no such file)`,
    ]);
    // A certificate without its key would connect with neither.
    const [unpaired] = problemsOf({ TEMPORAL_TLS_CLIENT_KEY_DATA: PRIVATE_KEY });
    expect(unpaired).toMatch(/^TEMPORAL_TLS_CLIENT_CERT_PATH: missing .*a client key is set without it$/);
    expect(unpaired).not.toContain('not-a-real-key');
    expect(problemsOf({ TEMPORAL_TLS_CLIENT_KEY_PATH: key, TEMPORAL_TLS_CLIENT_KEY_DATA: PRIVATE_KEY })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_CLIENT_KEY_PATH and TEMPORAL_TLS_CLIENT_KEY_DATA .*both given; give one$/),
    ]);
    expect(problemsOf({ TEMPORAL_TLS: 'yes', TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' })).toEqual([
      'TEMPORAL_TLS: expected true or false',
      expect.stringMatching(/^TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: the TypeScript SDK always checks the server's name/),
    ]);
    // Turned off, TLS reads no file.
    expect(problemsOf({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CLIENT_CERT_PATH: absent })).toEqual([]);
  });
});
