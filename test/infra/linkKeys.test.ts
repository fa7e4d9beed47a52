import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkKeysFromEnvOrState, LINK_KEYS_FILE } from '../../infra/linkKeys.ts';
import { parseLinkKeys } from '../../taskLinks/taskLink.ts';

describe('linkKeysFromEnvOrState', () => {
  it('takes the environment first, else keeps one key in the state folder across restarts, readable by its owner only', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-keys-'));
    try {
      const first = await linkKeysFromEnvOrState(dir, {});
      expect(parseLinkKeys(first)).toHaveLength(1);
      expect(await linkKeysFromEnvOrState(dir, {})).toBe(first);
      expect((await fsp.stat(path.join(dir, LINK_KEYS_FILE))).mode & 0o077).toBe(0);
      const given = `env:${Buffer.alloc(32, 7).toString('base64url')}`;
      expect(await linkKeysFromEnvOrState(dir, { TDKT_LINK_KEYS: given })).toBe(given);
      await expect(linkKeysFromEnvOrState(dir, { TDKT_LINK_KEYS: 'bad' })).rejects.toThrow(/TDKT_LINK_KEYS: key 1/);
      expect(parseLinkKeys(await linkKeysFromEnvOrState(undefined, {}))).toHaveLength(1);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
