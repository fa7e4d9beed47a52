import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';

// Ballot secrecy (DESIGN.md "Payloads stay small… Ballot contents are secret"). A ballot travels as
// an Update, and Update arguments stay in the workflow history for every administrator to read. So
// the voter's client seals the choices for the ballot box before sending them: X25519 with a fresh
// key per envelope, HKDF-SHA256, AES-256-GCM, the plaintext padded to one length. The history then
// links the voter to ciphertext only; the activity that casts the ballot stores the envelope apart
// from the voter's name, the count opens the envelopes, and the ballot box's private key is
// destroyed once the count is stored, so no one can open the envelopes in the history afterwards.
// It lives in its own folder because both sides use it: the client seals, the activities make the
// keys and open the envelopes; domain/ may not reach node:crypto, and the client may not import activities/.

const VERSION = 'v1';
const INFO = Buffer.from('tdkt ballot v1');
/**
 * Ballots are padded in blocks of this many bytes, to the size of the largest choices the ballot
 * allows (every voter of one ballot seals to the same size), so an envelope's size says nothing
 * about the choices. A ballot of a few nominees takes one block; a council's ballot of a province's
 * thirty nominations takes three (one block held only twelve of them).
 */
const BLOCK = 512;
/** The length prefix is two bytes. */
const MAX_PADDED = 0xffff;

export interface BallotKeys {
  /** Base64 SPKI DER: published to voters through the round's status. */
  publicKey: string;
  /** Base64 PKCS#8 DER: kept in Postgres until the count, then destroyed. */
  privateKey: string;
}

export function newBallotKeys(): BallotKeys {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

function keyFor(shared: Buffer, ephemeral: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, ephemeral, INFO, 32));
}

/** The padded size of a ballot whose largest allowed choices are `largest` (e.g. every nominee with the longest vote). */
export function paddedSize(largest: unknown): number {
  const bytes = Buffer.byteLength(JSON.stringify(largest), 'utf8') + 2;
  return Math.min(MAX_PADDED, Math.max(1, Math.ceil(bytes / BLOCK)) * BLOCK);
}

/**
 * Seals the choices for the ballot box whose public key is given; returns the envelope as text.
 * `largest` is the largest choices this ballot allows (see paddedSize): every envelope of the
 * ballot is padded to its size; without it, to one block.
 */
export function sealBallot(publicKey: string, choices: unknown, largest?: unknown): string {
  const size = largest === undefined ? BLOCK : paddedSize(largest);
  const plaintext = Buffer.from(JSON.stringify(choices), 'utf8');
  if (plaintext.length > size - 2) throw new Error(`a ballot is at most ${size - 2} bytes of JSON`);
  const padded = Buffer.alloc(size);
  padded.writeUInt16BE(plaintext.length, 0);
  plaintext.copy(padded, 2);
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralDer = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
  const shared = diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' }),
  });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(shared, ephemeralDer), iv);
  const body = Buffer.concat([cipher.update(padded), cipher.final()]);
  return [
    VERSION,
    ephemeralDer.toString('base64'),
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.');
}

/** Opens an envelope; undefined when it cannot be opened (not sealed for this box, or tampered with): a spoiled ballot. */
export function openBallot(privateKey: string, envelope: string): unknown {
  try {
    const [version, ephemeralB64, ivB64, tagB64, bodyB64] = envelope.split('.');
    if (version !== VERSION || !ephemeralB64 || !ivB64 || !tagB64 || !bodyB64) return undefined;
    const ephemeralDer = Buffer.from(ephemeralB64, 'base64');
    const shared = diffieHellman({
      privateKey: createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
      publicKey: createPublicKey({ key: ephemeralDer, format: 'der', type: 'spki' }),
    });
    const decipher = createDecipheriv('aes-256-gcm', keyFor(shared, ephemeralDer), Buffer.from(ivB64, 'base64'));
    decipher.setAuthTag(Buffer.from(tagB64, 'base64'));
    const padded = Buffer.concat([decipher.update(Buffer.from(bodyB64, 'base64')), decipher.final()]);
    const length = padded.readUInt16BE(0);
    return JSON.parse(padded.subarray(2, 2 + length).toString('utf8'));
  } catch {
    return undefined;
  }
}
