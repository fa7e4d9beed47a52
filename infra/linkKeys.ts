import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseLinkKeys } from '../taskLinks/taskLink.ts';

// The task links' keys (TDKT_LINK_KEYS) for the local stack, the demo and the tests: the
// environment's when it sets them; else the state folder's (generated there once, readable by the
// owner only, so the links already mailed survive a restart); else, without a state folder, a key
// made for this run. Never logged.

export const LINK_KEYS_FILE = 'link-keys';

/** A new key list of one key, `id:secret` with a 32-byte secret in base64url. */
export function newLinkKeys(id = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`): string {
  return `${id}:${randomBytes(32).toString('base64url')}`;
}

/** TDKT_LINK_KEYS as the text the worker and the web server read; checked before it is returned. */
export async function linkKeysFromEnvOrState(stateDir: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const given = env.TDKT_LINK_KEYS?.trim();
  if (given) {
    try {
      parseLinkKeys(given);
    } catch (error) {
      throw new Error(`TDKT_LINK_KEYS: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return given;
  }
  if (!stateDir) return newLinkKeys();
  const file = path.join(stateDir, LINK_KEYS_FILE);
  const stored = await fsp.readFile(file, 'utf8').then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  if (stored) {
    try {
      parseLinkKeys(stored);
      return stored;
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)} (delete it to have a new key made)`, {
        cause: error,
      });
    }
  }
  const keys = newLinkKeys();
  await fsp.mkdir(stateDir, { recursive: true });
  await fsp.writeFile(file, `${keys}\n`, { mode: 0o600 });
  return keys;
}
