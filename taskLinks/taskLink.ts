import { createHmac, timingSafeEqual } from 'node:crypto';

// The personal task links that mails carry (https://…/t/<token>): one person, one role, one task
// (a workflow, and the unit acted for), valid until the task can no longer be done. The token is
// signed with HMAC-SHA256 under a server-side key; several keys may be accepted at once so that a
// key can be changed without breaking the links already mailed (the first key signs, every key
// verifies). Nothing here is secret but the keys: the claim is readable, not forgeable.
// Used by the worker (which mails the links) and the web server (which honours them); it depends
// on nothing else in the project.

/** The roles a link may carry; the web server checks the role again against the database. */
export const LINK_ROLES = ['representative', 'chair', 'council_member', 'council_chair'] as const;
export type LinkRole = (typeof LINK_ROLES)[number];

export interface TaskClaim {
  /** The person the link signs in (person.id). */
  person: string;
  role: LinkRole;
  /** The workflow the task belongs to: a round (`cycle/…/pledge`), a cycle or a council. */
  task: string;
  /** The unit acted for (representatives). */
  unit?: string;
  /** Until when (ms since the epoch) the link is honoured. */
  expiresAt: number;
}

export interface LinkKey {
  id: string;
  secret: Buffer;
}

export type LinkCheck =
  { ok: true; claim: TaskClaim } | { ok: false; reason: 'malformed' | 'unknown-key' | 'tampered' | 'expired'; claim?: TaskClaim };

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const MIN_SECRET_BYTES = 32;

/**
 * Reads TDKT_LINK_KEYS: `id:secret[,id:secret]`, the secret in base64url (at least 32 bytes) and
 * the first key the one that signs. Throws with what is wrong, never with a secret.
 */
export function parseLinkKeys(text: string): LinkKey[] {
  const keys = text.split(',').map((entry, i) => {
    const [id, secret, ...rest] = entry.trim().split(':');
    if (!id || !KEY_ID.test(id) || secret === undefined || rest.length > 0)
      throw new Error(`key ${i + 1}: expected id:secret (an id of letters, digits, - or _; the secret in base64url)`);
    const bytes = Buffer.from(secret, 'base64url');
    if (bytes.length < MIN_SECRET_BYTES) throw new Error(`key ${id}: the secret must be at least ${MIN_SECRET_BYTES} bytes (base64url)`);
    return { id, secret: bytes };
  });
  const ids = keys.map((k) => k.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`key ${twice} is listed twice`);
  return keys;
}

const mac = (key: LinkKey, signed: string) => createHmac('sha256', key.secret).update(signed).digest();

/** The token of a claim, signed with the first key. */
export function signTaskLink(claim: TaskClaim, keys: readonly LinkKey[]): string {
  const key = keys[0];
  if (!key) throw new Error('no link key to sign with');
  const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
  const signed = `${payload}.${key.id}`;
  return `${signed}.${mac(key, signed).toString('base64url')}`;
}

function readClaim(payload: string): TaskClaim | undefined {
  try {
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TaskClaim>;
    const valid =
      typeof claim.person === 'string' &&
      typeof claim.task === 'string' &&
      typeof claim.expiresAt === 'number' &&
      LINK_ROLES.includes(claim.role as LinkRole) &&
      (claim.unit === undefined || typeof claim.unit === 'string');
    return valid ? (claim as TaskClaim) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a token is one of ours, untouched and still valid at `now`; the claim when it is. */
export function verifyTaskLink(token: string, keys: readonly LinkKey[], now: number): LinkCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 2000) return { ok: false, reason: 'malformed' };
  const [payload, keyId, signature] = parts as [string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (!key) return { ok: false, reason: 'unknown-key' };
  const expected = mac(key, `${payload}.${keyId}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'tampered' };
  const claim = readClaim(payload);
  if (!claim) return { ok: false, reason: 'malformed' };
  if (now >= claim.expiresAt) return { ok: false, reason: 'expired', claim };
  return { ok: true, claim };
}
