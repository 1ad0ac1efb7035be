import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { readOrCreateSecretFile, secretsDir } from './key-file';

// Credentials at rest (Proxmox tokens, NetBox tokens, the backend token) are stored as
// `enc:v1:<base64(iv | tag | ciphertext)>`: AES-256-GCM with a random 12-byte IV and a 16-byte tag.
//
// The 32-byte key comes from PROXBOX_SECRET_KEY when set:
//   - 64 hex characters → those 32 bytes;
//   - base64 (or base64url) of exactly 32 bytes → those bytes;
//   - any other non-empty string is a passphrase → SHA-256(passphrase). Convenient, but a short
//     passphrase is only as strong as the passphrase; prefer `openssl rand -hex 32`.
// Otherwise it is read from <PROXBOX_DATA_DIR>/secret.key, generated (mode 0600) on first use.
// Losing the key makes every stored credential unreadable: back it up with the database.

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binding the format version as associated data stops a future format from being downgraded.
const AAD = Buffer.from(PREFIX, 'utf8');
const FINGERPRINT_INFO = 'proxbox:secret-fingerprint:v1';

/** Thrown when a stored secret cannot be decrypted (wrong key, altered value, not encrypted). */
export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

interface SecretKeys {
  encryption: Buffer;
  fingerprint: Buffer;
}

let cachedKeys: SecretKeys | null = null;

/** Interprets PROXBOX_SECRET_KEY or the key file's contents as 32 bytes (rules above). */
function parseKeyMaterial(raw: string): Buffer {
  const text = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length === 32) return bytes;
  }
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Path of the generated key file used when PROXBOX_SECRET_KEY is not set. */
export function secretKeyFile(): string {
  return path.join(secretsDir(), 'secret.key');
}

function loadKeys(): SecretKeys {
  if (cachedKeys) return cachedKeys;
  const fromEnv = process.env.PROXBOX_SECRET_KEY?.trim();
  const material = fromEnv ? fromEnv : readOrCreateSecretFile(secretKeyFile(), () => randomBytes(32).toString('hex'));
  const encryption = parseKeyMaterial(material);
  const fingerprint = Buffer.from(hkdfSync('sha256', encryption, Buffer.alloc(0), FINGERPRINT_INFO, 32));
  cachedKeys = { encryption, fingerprint };
  return cachedKeys;
}

/**
 * Forgets the cached key so the next call reads PROXBOX_SECRET_KEY / the key file again.
 * For tests that switch keys or data directories.
 */
export function resetSecretKeyCache(): void {
  cachedKeys = null;
}

/** Whether `value` is in the stored `enc:v1:` format (so it must not be encrypted again). */
export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/**
 * Encrypts a credential for storage. Each call uses a fresh random IV, so equal inputs give
 * different outputs; use `secretFingerprint` to compare credentials.
 */
export function encryptSecret(plain: string): string {
  const { encryption } = loadKeys();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', encryption, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/**
 * Decrypts a value produced by `encryptSecret`. Throws `SecretDecryptionError` (without echoing
 * the value) when it is not in the stored format, was altered, or was written with another key.
 */
export function decryptSecret(stored: string): string {
  if (!isEncrypted(stored)) {
    throw new SecretDecryptionError('Value is not an encrypted secret (expected the enc:v1: format).');
  }
  const body = stored.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new SecretDecryptionError('Encrypted secret is malformed.');
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptionError('Encrypted secret is truncated.');
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const ciphertext = bytes.subarray(IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', loadKeys().encryption, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(AAD);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError(
      'Cannot decrypt a stored secret: the secret key differs from the one it was saved with ' +
        '(PROXBOX_SECRET_KEY or secret.key), or the stored value was altered.',
    );
  }
}

/**
 * A short, stable tag for a credential (first 16 hex chars of HMAC-SHA256 under a key derived
 * from the secret key). Pages can show whether two copies match (e.g. the plugin's and the
 * backend's copy of an endpoint token) without revealing either; without the key it cannot be
 * used to guess the credential offline.
 */
export function secretFingerprint(plain: string): string {
  return createHmac('sha256', loadKeys().fingerprint).update(plain, 'utf8').digest('hex').slice(0, 16);
}
