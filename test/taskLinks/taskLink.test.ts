import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseLinkKeys, signTaskLink, verifyTaskLink, type TaskClaim } from '../../taskLinks/taskLink.ts';

const secret = () => randomBytes(32).toString('base64url');
const NOW = Date.parse('2018-06-30T08:00:00+07:00');
const CLAIM: TaskClaim = {
  person: 'dbi.binh',
  role: 'representative',
  task: 'cycle/DB-VT/2018/report-H1',
  unit: 'DBI',
  expiresAt: NOW + 60_000,
};

describe('personal task links', () => {
  const [current, previous] = parseLinkKeys(`k2:${secret()},k1:${secret()}`);

  it('gives back the claim it signed until it expires', () => {
    const token = signTaskLink(CLAIM, [current!, previous!]);
    expect(verifyTaskLink(token, [current!, previous!], NOW)).toEqual({ ok: true, claim: CLAIM });
    expect(verifyTaskLink(token, [current!], NOW + 59_999)).toEqual({ ok: true, claim: CLAIM });
    expect(verifyTaskLink(token, [current!], NOW + 60_000)).toEqual({ ok: false, reason: 'expired', claim: CLAIM });
  });

  it('accepts a link signed with the previous key while both are configured, and not after it is dropped', () => {
    const old = signTaskLink(CLAIM, [previous!]);
    expect(verifyTaskLink(old, [current!, previous!], NOW)).toMatchObject({ ok: true });
    expect(verifyTaskLink(old, [current!], NOW)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('refuses a link whose claim or signature was changed', () => {
    const [payload, keyId, signature] = signTaskLink(CLAIM, [current!]).split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...CLAIM, person: 'tgi.tuan' })).toString('base64url');
    expect(verifyTaskLink(`${forged}.${keyId}.${signature}`, [current!], NOW)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyTaskLink(`${payload}.${keyId}.${signature.slice(0, -2)}AA`, [current!], NOW)).toEqual({ ok: false, reason: 'tampered' });
    // Signed with another server's key of the same name.
    const [stranger] = parseLinkKeys(`k2:${secret()}`);
    expect(verifyTaskLink(signTaskLink(CLAIM, [stranger!]), [current!], NOW)).toEqual({ ok: false, reason: 'tampered' });
  });

  it.each([['junk'], ['a.b'], ['a.b.c.d'], [''], ['x'.repeat(3000)], ['..']])('refuses %j as malformed or unknown', (token) => {
    expect(verifyTaskLink(token, [current!], NOW).ok).toBe(false);
  });

  it('refuses a well-signed payload that is not a claim', () => {
    const key = current!;
    const payload = Buffer.from(JSON.stringify({ person: 'x', role: 'emperor', task: 't', expiresAt: NOW + 1 })).toString('base64url');
    const signature = createHmac('sha256', key.secret).update(`${payload}.${key.id}`).digest('base64url');
    expect(verifyTaskLink(`${payload}.${key.id}.${signature}`, [key], NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['', 'expected id:secret'],
    ['k1', 'expected id:secret'],
    ['k1:c2hvcnQ', 'at least 32 bytes'],
    [`bad id:${'a'.repeat(43)}`, 'expected id:secret'],
    [`k1:${'a'.repeat(43)},k1:${'b'.repeat(43)}`, 'listed twice'],
  ])('refuses the key setting %j', (text, message) => {
    expect(() => parseLinkKeys(text)).toThrow(message);
  });
});
