import { describe, it, expect } from 'vitest';
import { newBallotKeys, openBallot, paddedSize, sealBallot } from '../../ballotBox/seal.ts';
import { castSchema, largestChoices } from '../../domain/ballot.ts';
import { councilCastSchema, largestCouncilVotes } from '../../domain/council.ts';

const BOX = newBallotKeys();
const OTHER_BOX = newBallotKeys();

const CHOICES = { flag: 'TGI', certificates: { DBI: 'for', DBP: 'against' } };

/** Replaces the character at `i` of `text` with another base64 character. */
function flipChar(text: string, i: number): string {
  const replacement = text[i] === 'A' ? 'B' : 'A';
  return text.slice(0, i) + replacement + text.slice(i + 1);
}

/** The envelope with segment `n` (0 = version, 1 = ephemeral key, 2 = iv, 3 = tag, 4 = body) changed by `change`. */
function withSegment(envelope: string, n: number, change: (segment: string) => string): string {
  const parts = envelope.split('.');
  parts[n] = change(parts[n]!);
  return parts.join('.');
}

describe('newBallotKeys', () => {
  it('gives a base64 public and private key, different every time', () => {
    expect(BOX.publicKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(BOX.privateKey).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(BOX.publicKey).not.toBe(OTHER_BOX.publicKey);
    expect(BOX.privateKey).not.toBe(OTHER_BOX.privateKey);
  });
});

describe('sealBallot and openBallot', () => {
  it('open what was sealed', () => {
    expect(openBallot(BOX.privateKey, sealBallot(BOX.publicKey, CHOICES))).toEqual(CHOICES);
  });

  it.each([{}, { flag: 'abstain' }, { certificates: {} }, 'junk', 42, null, [], { note: 'Phiếu bầu – Tuần Giáo, Điện Biên' }])(
    'round-trips %j unchanged',
    (choices) => {
      expect(openBallot(BOX.privateKey, sealBallot(BOX.publicKey, choices))).toEqual(choices);
    },
  );

  it('seals the same choices differently every time, and both open', () => {
    const a = sealBallot(BOX.publicKey, CHOICES);
    const b = sealBallot(BOX.publicKey, CHOICES);
    expect(a).not.toBe(b);
    // A fresh key and iv per envelope: no segment but the version repeats.
    expect(
      a
        .split('.')
        .slice(1)
        .filter((segment, i) => segment === b.split('.')[i + 1]),
    ).toEqual([]);
    expect(openBallot(BOX.privateKey, a)).toEqual(CHOICES);
    expect(openBallot(BOX.privateKey, b)).toEqual(CHOICES);
  });

  it('does not show the choices in the envelope', () => {
    const envelope = sealBallot(BOX.publicKey, CHOICES);
    expect(envelope).not.toContain('TGI');
    expect(envelope).not.toContain(Buffer.from(JSON.stringify(CHOICES)).toString('base64').slice(0, 12));
  });

  it('writes an envelope the cast schema accepts', () => {
    const sealed = sealBallot(BOX.publicKey, CHOICES);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed.split('.')).toHaveLength(5);
    expect(castSchema.safeParse({ unit: 'DBI', actor: 'dbi.lo-van-hung', content: { sealed } }).success).toBe(true);
  });
});

describe('envelope length', () => {
  it('is the same whatever the choices', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`U${String(i).padStart(2, '0')}`, 'against']));
    const envelopes = [{}, { flag: 'abstain' }, CHOICES, { flag: 'MLA', certificates: many }, { x: 'a'.repeat(502) }].map((c) =>
      sealBallot(BOX.publicKey, c),
    );
    const lengths = new Set(envelopes.map((e) => e.length));
    expect(lengths.size).toBe(1);
    // And segment by segment, so neither part gives the size away.
    const segmentLengths = new Set(
      envelopes.map((e) =>
        e
          .split('.')
          .map((s) => s.length)
          .join(','),
      ),
    );
    expect(segmentLengths.size).toBe(1);
  });

  it('is the same for another ballot box', () => {
    expect(sealBallot(OTHER_BOX.publicKey, { flag: 'TGI' }).length).toBe(sealBallot(BOX.publicKey, {}).length);
  });
});

describe('sealBallot limits', () => {
  // {"x":"…"} is 8 bytes of JSON around the text; 2 of the 512 padded bytes hold the length.
  it('seals 510 bytes of JSON and refuses 511', () => {
    const fits = { x: 'a'.repeat(502) };
    expect(Buffer.byteLength(JSON.stringify(fits))).toBe(510);
    expect(openBallot(BOX.privateKey, sealBallot(BOX.publicKey, fits))).toEqual(fits);
    expect(() => sealBallot(BOX.publicKey, { x: 'a'.repeat(503) })).toThrow('a ballot is at most 510 bytes of JSON');
  });

  it('counts bytes, not characters: 170 Vietnamese letters are too many', () => {
    const choices = { x: 'ệ'.repeat(170) };
    expect(JSON.stringify(choices).length).toBeLessThan(510);
    expect(() => sealBallot(BOX.publicKey, choices)).toThrow('a ballot is at most 510 bytes of JSON');
  });

  it('refuses a public key that is not one', () => {
    expect(() => sealBallot('bm90IGEga2V5', CHOICES)).toThrow();
  });
});

describe('a ballot larger than one block', () => {
  // A province of ten clusters puts thirty nominations to its council (one block held twelve).
  const nominations = Array.from({ length: 30 }, (_, i) => `DB-C${String(Math.floor(i / 3) + 1).padStart(2, '0')}:2018:certificate:U${i}`);
  const largest = largestCouncilVotes(nominations);
  const everyVote = (vote: 'approve' | 'reject' | 'abstain') => ({ votes: Object.fromEntries(nominations.map((n) => [n, vote])) });

  it('seals a vote on every nomination, and it opens unchanged', () => {
    expect(paddedSize(largest)).toBe(1536);
    const choices = everyVote('approve');
    expect(openBallot(BOX.privateKey, sealBallot(BOX.publicKey, choices, largest))).toEqual(choices);
  });

  it('pads every ballot of it to one length, whatever was chosen, and the council takes the envelope', () => {
    const envelopes = [
      { votes: {} },
      everyVote('approve'),
      everyVote('reject'),
      everyVote('abstain'),
      { votes: { [nominations[0]!]: 'reject' } },
    ].map((c) => sealBallot(BOX.publicKey, c, largest));
    expect(new Set(envelopes.map((e) => e.length)).size).toBe(1);
    expect(councilCastSchema.safeParse({ actor: 'hd.chu-tich', written: false, sealed: envelopes[1] }).success).toBe(true);
  });

  it('pads a cluster ballot to its own largest choices: the longest flag vote and a vote on every certificate', () => {
    const items = { flag: ['TGI', 'DBP'], certificates: Array.from({ length: 40 }, (_, i) => `U${String(i).padStart(2, '0')}`) };
    const largestCluster = largestChoices(items);
    expect(largestCluster.flag).toBe('abstain');
    expect(Object.values(largestCluster.certificates)).toEqual(Array(40).fill('against'));
    const lengths = [{}, { flag: 'TGI', certificates: Object.fromEntries(items.certificates.map((u) => [u, 'for'])) }, largestCluster].map(
      (c) => sealBallot(BOX.publicKey, c, largestCluster).length,
    );
    expect(new Set(lengths).size).toBe(1);
  });

  it("seals the largest ballot a council takes (200 votes on 60-character ids) within the council's envelope limit", () => {
    const most = Array.from({ length: 200 }, (_, i) => `N${String(i).padStart(3, '0')}`.padEnd(60, 'x'));
    const votes = { votes: Object.fromEntries(most.map((n) => [n, 'abstain'])) };
    const sealed = sealBallot(BOX.publicKey, votes, largestCouncilVotes(most));
    expect(councilCastSchema.safeParse({ actor: 'hd.chu-tich', written: false, sealed }).success).toBe(true);
    expect(openBallot(BOX.privateKey, sealed)).toEqual(votes);
  });

  it('refuses choices larger than the ballot allows', () => {
    expect(() => sealBallot(BOX.publicKey, { x: 'a'.repeat(1600) }, largest)).toThrow('a ballot is at most 1534 bytes of JSON');
  });
});

describe('openBallot refusals: a spoiled ballot is undefined', () => {
  const envelope = sealBallot(BOX.publicKey, CHOICES);

  it("cannot open with another box's key", () => {
    expect(openBallot(OTHER_BOX.privateKey, envelope)).toBeUndefined();
  });

  it('cannot open an envelope sealed for another box', () => {
    expect(openBallot(BOX.privateKey, sealBallot(OTHER_BOX.publicKey, CHOICES))).toBeUndefined();
  });

  it.each([
    // Past the 16 characters of the SPKI header, into the key itself.
    ['the ephemeral key', 1, 20],
    ['the iv', 2, 5],
    ['the tag', 3, 5],
    ['the body', 4, 5],
  ])('refuses an envelope with %s tampered with', (_what, n, at) => {
    const tampered = withSegment(envelope, n, (s) => flipChar(s, at));
    expect(tampered).not.toBe(envelope);
    expect(openBallot(BOX.privateKey, tampered)).toBeUndefined();
  });

  it('refuses the last byte of the body changed', () => {
    // The last base64 characters before the padding carry the final bytes of the ciphertext.
    const tampered = withSegment(envelope, 4, (s) => flipChar(s, s.replace(/=+$/, '').length - 2));
    expect(openBallot(BOX.privateKey, tampered)).toBeUndefined();
  });

  it("refuses one envelope's body under another's key, iv and tag", () => {
    const other = sealBallot(BOX.publicKey, { flag: 'DBI' });
    const spliced = withSegment(envelope, 4, () => other.split('.')[4]!);
    expect(openBallot(BOX.privateKey, spliced)).toBeUndefined();
  });

  it('refuses a truncated body', () => {
    expect(
      openBallot(
        BOX.privateKey,
        withSegment(envelope, 4, (s) => s.slice(0, s.length - 8)),
      ),
    ).toBeUndefined();
  });

  it('refuses another version', () => {
    expect(
      openBallot(
        BOX.privateKey,
        withSegment(envelope, 0, () => 'v2'),
      ),
    ).toBeUndefined();
  });

  it('refuses an envelope with a segment missing', () => {
    const parts = envelope.split('.');
    expect(openBallot(BOX.privateKey, parts.slice(0, 4).join('.'))).toBeUndefined();
    expect(openBallot(BOX.privateKey, [parts[0], parts[1], '', parts[3], parts[4]].join('.'))).toBeUndefined();
  });

  it.each(['', 'junk', 'v1', 'v1....', 'v1.a.b.c.d', JSON.stringify(CHOICES), 'v1.AAAA.AAAA.AAAA.AAAA'])('refuses the junk %j', (junk) => {
    expect(openBallot(BOX.privateKey, junk)).toBeUndefined();
  });

  it('refuses to open with a private key that is not one', () => {
    expect(openBallot('bm90IGEga2V5', envelope)).toBeUndefined();
    expect(openBallot(BOX.publicKey, envelope)).toBeUndefined();
  });

  it("still opens the untouched envelope (the refusals are not the key's fault)", () => {
    expect(openBallot(BOX.privateKey, envelope)).toEqual(CHOICES);
  });
});
