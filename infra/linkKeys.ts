import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseLinkKeys, type LinkKey } from '../taskLinks/taskLink.ts';

// The task-link keys of the local stack and the demo: TDKT_LINK_KEYS when it is set, otherwise one
// key made here and kept in the state directory (a file only the user may read), so that the
// links already mailed still open after a restart. Production sets TDKT_LINK_KEYS (README).

const FILE = 'link-keys';

/** A fresh TDKT_LINK_KEYS value: one key of 32 random bytes. */
export function newLinkKeysText(id = 'k1'): string {
  return `${id}:${randomBytes(32).toString('base64url')}`;
}

/**
 * TDKT_LINK_KEYS from the environment, else the key kept in `stateDir` (made on first use); with
 * no state directory (a throw-away stack), a key for this run only.
 */
export function linkKeysFromEnvOrState(stateDir: string | undefined, env: Record<string, string | undefined> = process.env): LinkKey[] {
  const given = env.TDKT_LINK_KEYS;
  if (given) {
    try {
      return parseLinkKeys(given);
    } catch (error) {
      throw new Error(`TDKT_LINK_KEYS: ${error instanceof Error ? error.message : 'unreadable'}`, { cause: error });
    }
  }
  if (!stateDir) return parseLinkKeys(newLinkKeysText());
  const file = path.join(stateDir, FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(stateDir, { recursive: true });
    // 'wx': two starts at once keep the first key.
    try {
      fs.writeFileSync(file, `${newLinkKeysText()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  try {
    return parseLinkKeys(fs.readFileSync(file, 'utf8').trim());
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : 'unreadable'} (delete the file to make a new key)`, {
      cause: error,
    });
  }
}
