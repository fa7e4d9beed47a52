import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { TLSConfig } from '@temporalio/client';
import type { ClientConfigProfile } from '@temporalio/envconfig';
import type { z } from 'zod';
import { presentEnv, temporalAddress, temporalNamespace } from '../infra/settings.ts';

/**
 * envconfig (and the Temporal packages it loads) is read when settings are first resolved, not when
 * this module is: `tdkt --help` and the commands' definitions load no Temporal package.
 */
const envconfig = () => createRequire(import.meta.url)('@temporalio/envconfig') as typeof import('@temporalio/envconfig');

// Where Temporal is and how to reach it, for the worker, the web server and the CLI alike. The
// settings are the standard ones of Temporal's SDKs and CLI (@temporalio/envconfig): a profile of a
// TOML file (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE), with the TEMPORAL_* variables over it. They
// are checked here, once for all three, so that a bad one is refused before any connection is
// tried, in one line that names the variable or the file and never holds a secret (the API key,
// a private key). Unset, they are the local stack's (npm run stack).

export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';
export const DEFAULT_TEMPORAL_NAMESPACE = 'default';

/** A connection's options: the SDK's client (through connectTemporal) and the worker's NativeConnection take them alike. */
export interface TemporalConnectionOptions {
  address: string;
  /** Absent or false: no TLS; true: TLS trusting the system's CAs; an object: a server CA, a client certificate, a server name. */
  tls?: TLSConfig | boolean;
  apiKey?: string;
  /** gRPC headers sent with every call (TEMPORAL_GRPC_META_*, or grpc_meta in the profile). */
  metadata?: Record<string, string>;
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  connection: TemporalConnectionOptions;
  /** Where the address and the namespace are set, for messages: the variable, or the key of the profile file that set them. */
  addressFrom: string;
  namespaceFrom: string;
}

/** The settings, or else every problem with them (one line each). */
export interface ResolvedTemporalSettings {
  settings?: TemporalSettings;
  problems: string[];
}

/** The TLS files a profile or the variables may name: the field of envconfig's profile, and the key both spell it by. */
const TLS_FILES = [
  ['clientCert', 'client_cert'],
  ['clientKey', 'client_key'],
  ['serverCACert', 'server_ca_cert'],
] as const;

export function resolveTemporalSettings(rawEnv: Record<string, string | undefined>): ResolvedTemporalSettings {
  // An empty variable is unset, as for every other setting (envconfig would take "" for an address).
  const env = presentEnv(rawEnv);
  const read = readProfileFile(env);
  if ('problem' in read) return { problems: [read.problem] };
  const file = read.file;

  // The whole file first: a TOML mistake is told with its place, an unknown profile with the profiles there are.
  if (file) {
    let names: string[];
    try {
      names = Object.keys(envconfig().loadClientConfig({ configSource: { data: file.text } }).profiles);
    } catch (error) {
      return { problems: [bothFileAndData(error) ?? `${file.name}: ${fileMistake(error)}`] };
    }
    if (env.TEMPORAL_PROFILE !== undefined && !names.includes(env.TEMPORAL_PROFILE)) {
      return {
        problems: [`TEMPORAL_PROFILE: no profile "${env.TEMPORAL_PROFILE}" in ${file.path} (it has ${names.join(', ') || 'none'})`],
      };
    }
  } else if (env.TEMPORAL_PROFILE !== undefined) {
    return { problems: [`TEMPORAL_PROFILE: there is no profile file to find "${env.TEMPORAL_PROFILE}" in; set TEMPORAL_CONFIG_FILE`] };
  }

  let profile: ClientConfigProfile;
  try {
    profile = envconfig().loadClientConfigProfile({
      ...(file ? { configSource: { data: file.text } } : { disableFile: true }),
      overrideEnvVars: env,
    });
  } catch (error) {
    return { problems: [bothFileAndData(error) ?? `TEMPORAL_*: ${error instanceof Error ? error.message : String(error)}`] };
  }

  const problems: string[] = [];
  /** Where a value that is set came from: its variable, else the profile's key. */
  const from = (variable: string, key: string) =>
    env[variable] === undefined && file !== undefined
      ? `${key} in profile "${env.TEMPORAL_PROFILE ?? 'default'}" of ${file.path}`
      : variable;
  const checked = (schema: z.ZodType<string>, value: unknown, where: string): string => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) problems.push(`${where}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return String(value);
  };
  const addressFrom = profile.address === undefined ? 'TEMPORAL_ADDRESS' : from('TEMPORAL_ADDRESS', 'address');
  const namespaceFrom = profile.namespace === undefined ? 'TEMPORAL_NAMESPACE' : from('TEMPORAL_NAMESPACE', 'namespace');
  const address = checked(temporalAddress, profile.address ?? DEFAULT_TEMPORAL_ADDRESS, addressFrom);
  const namespace = checked(temporalNamespace, profile.namespace ?? DEFAULT_TEMPORAL_NAMESPACE, namespaceFrom);
  // Never echoed: only whether it is text.
  if (profile.apiKey !== undefined && typeof profile.apiKey !== 'string')
    problems.push(`${from('TEMPORAL_API_KEY', 'api_key')}: expected text`);

  // envconfig reads any value but 1 and true as false: a typo would turn TLS off.
  for (const variable of ['TEMPORAL_TLS', 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION']) {
    const value = env[variable];
    if (value !== undefined && !['true', 'false', '1', '0'].includes(value)) problems.push(`${variable}: expected true or false`);
  }
  // envconfig reads it, but the TypeScript SDK has no such option: refused rather than silently checking the name anyway.
  if (env.TEMPORAL_TLS_DISABLE_HOST_VERIFICATION === 'true' || env.TEMPORAL_TLS_DISABLE_HOST_VERIFICATION === '1') {
    problems.push(
      "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: the TypeScript SDK always checks the server's name; set TEMPORAL_TLS_SERVER_NAME to the name its certificate holds",
    );
  }

  const tls = profile.tls;
  if (tls && tls.disabled !== true) {
    for (const [field, key] of TLS_FILES) {
      const source = tls[field];
      if (source === undefined || !('path' in source)) continue;
      const problem = unreadable(source.path);
      if (problem)
        problems.push(`${from(`TEMPORAL_TLS_${key.toUpperCase()}_PATH`, `tls.${key}_path`)}: cannot read ${source.path} (${problem})`);
    }
    // envconfig would drop a certificate without its key (or the other way round) and connect without either.
    if ((tls.clientCert === undefined) !== (tls.clientKey === undefined)) {
      const [missing, present] = tls.clientCert === undefined ? ['CERT', 'key'] : ['KEY', 'certificate'];
      problems.push(
        `TEMPORAL_TLS_CLIENT_${missing}_PATH: missing (or its _DATA, or tls.client_${missing.toLowerCase()}_path in the profile): a client ${present} is set without it`,
      );
    }
  }
  if (problems.length) return { problems };

  let options;
  try {
    // Reads the TLS files: they were readable a moment ago.
    options = envconfig().toClientOptions(profile).connectionOptions;
  } catch (error) {
    return { problems: [`TEMPORAL_TLS_*: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const connection: TemporalConnectionOptions = { address };
  if (options.tls !== undefined && options.tls !== null) connection.tls = options.tls;
  if (options.apiKey !== undefined) connection.apiKey = options.apiKey;
  if (profile.grpcMeta !== undefined) connection.metadata = profile.grpcMeta;
  return { settings: { address, namespace, connection, addressFrom, namespaceFrom }, problems: [] };
}

/**
 * A program's own variables (`schema`) and where Temporal is, checked together: every problem of
 * both is returned at once, so an operator fixes them in one go. The worker, the web server and
 * the CLI load their settings so, each saying the schema's problems its own way (`describe`).
 */
export function settingsWithTemporal<S extends z.ZodType>(
  schema: S,
  rawEnv: Record<string, string | undefined>,
  describe: (error: z.ZodError) => string[],
): { config: z.output<S> & { temporal: TemporalSettings } } | { problems: string[] } {
  const parsed = schema.safeParse(presentEnv(rawEnv));
  const temporal = resolveTemporalSettings(rawEnv);
  if (!parsed.success || !temporal.settings) return { problems: [...temporal.problems, ...(parsed.success ? [] : describe(parsed.error))] };
  const data: z.output<S> = parsed.data;
  return { config: Object.assign({}, data, { temporal: temporal.settings }) };
}

/** The profile file: TEMPORAL_CONFIG_FILE, else envconfig's default place if a file is there. */
function readProfileFile(env: Record<string, string>): { file?: { path: string; name: string; text: string } } | { problem: string } {
  const named = env.TEMPORAL_CONFIG_FILE;
  const file = named ?? defaultProfileFile(env);
  if (file === undefined) return {};
  try {
    return { file: { path: file, name: named === undefined ? file : `TEMPORAL_CONFIG_FILE ${file}`, text: fs.readFileSync(file, 'utf8') } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Nothing in the default place is no profile, as for the SDK; a file named and absent is a mistake.
    if (code === 'ENOENT' && named === undefined) return {};
    return { problem: `${named === undefined ? '' : 'TEMPORAL_CONFIG_FILE: '}cannot read ${file} (${fsProblem(code)})` };
  }
}

/**
 * Where envconfig looks for the profile file when TEMPORAL_CONFIG_FILE is unset (its
 * getDefaultConfigFilePath, not exported): read here so that a message can name the file.
 */
function defaultProfileFile(env: Record<string, string>): string | undefined {
  const dir =
    process.platform === 'win32'
      ? env.APPDATA
      : process.platform === 'darwin'
        ? env.HOME && path.join(env.HOME, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME !== undefined
          ? path.isAbsolute(env.XDG_CONFIG_HOME)
            ? env.XDG_CONFIG_HOME
            : undefined
          : env.HOME && path.join(env.HOME, '.config');
  return dir ? path.join(dir, 'temporalio', 'temporal.toml') : undefined;
}

/** What is wrong with a file to read, or undefined if it can be read. */
function unreadable(file: string): string | undefined {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile() ? undefined : fsProblem('EISDIR');
  } catch (error) {
    return fsProblem((error as NodeJS.ErrnoException).code);
  }
}

function fsProblem(code: string | undefined): string {
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EACCES'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'not a file'
        : (code ?? 'unreadable');
}

/**
 * What envconfig found wrong with a profile file, in one line. Its TOML errors quote the line at
 * fault, which may hold the API key or a private key: only their place and reason are told.
 */
function fileMistake(error: unknown): string {
  const toml = error as { line?: unknown; column?: unknown };
  if (error instanceof Error && typeof toml.line === 'number' && typeof toml.column === 'number') {
    const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '');
    return `not valid TOML at line ${toml.line}, column ${toml.column} (${reason})`;
  }
  // envconfig fails on a file without a [profile] table with a TypeError of its own.
  return 'not a profile file: expected [profile.<name>] tables, e.g. [profile.default] with address = "host:7233"';
}

/** envconfig's refusal of a TLS file given both as a path and as data (in the file, the variables, or one in each), told with both names. */
function bothFileAndData(error: unknown): string | undefined {
  const key = error instanceof Error ? /^Cannot specify both (\w+)_path and \w+_data$/.exec(error.message)?.[1] : undefined;
  if (key === undefined) return undefined;
  const variable = `TEMPORAL_TLS_${key.toUpperCase()}`;
  return `${variable}_PATH and ${variable}_DATA (or tls.${key}_path and tls.${key}_data in a profile): both given; give one`;
}
