import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  decryptSecret,
  encryptSecret,
  isEncrypted,
  resetSecretKeyCache,
  SecretDecryptionError,
  secretFingerprint,
  secretKeyFile,
} from '@/lib/crypto/secrets';

const HEX_KEY = 'a'.repeat(64);
const OTHER_HEX_KEY = 'b'.repeat(64);
const tempDirs: string[] = [];

/** A fresh, not yet existing data directory (nested, to check that it is created). */
function freshDataDir(): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'proxbox-secrets-'));
  tempDirs.push(base);
  return path.join(base, 'data');
}

function useKey(key: string | undefined): void {
  if (key === undefined) delete process.env.PROXBOX_SECRET_KEY;
  else process.env.PROXBOX_SECRET_KEY = key;
  resetSecretKeyCache();
}

/** Flips one bit of the decoded payload at `offset` and re-encodes it. */
function tamper(stored: string, offset: number): string {
  const bytes = Buffer.from(stored.slice('enc:v1:'.length), 'base64');
  bytes[offset] ^= 0x01;
  return `enc:v1:${bytes.toString('base64')}`;
}

const savedEnv = { key: process.env.PROXBOX_SECRET_KEY, dir: process.env.PROXBOX_DATA_DIR };

beforeEach(() => {
  process.env.PROXBOX_DATA_DIR = freshDataDir();
  useKey(undefined);
});

afterAll(() => {
  if (savedEnv.key === undefined) delete process.env.PROXBOX_SECRET_KEY;
  else process.env.PROXBOX_SECRET_KEY = savedEnv.key;
  if (savedEnv.dir === undefined) delete process.env.PROXBOX_DATA_DIR;
  else process.env.PROXBOX_DATA_DIR = savedEnv.dir;
  resetSecretKeyCache();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('encryptSecret / decryptSecret', () => {
  it('round-trips ASCII, Unicode and empty values', () => {
    for (const plain of ['PVEAPIToken=root@pam!sync=3f1c', 'pässwörd ✓ 日本', '']) {
      const stored = encryptSecret(plain);
      expect(isEncrypted(stored)).toBe(true);
      expect(decryptSecret(stored)).toBe(plain);
    }
  });

  it('stores enc:v1:<base64(iv|tag|ciphertext)> without the plaintext', () => {
    const plain = 'super-secret-token-value-1234';
    const stored = encryptSecret(plain);
    expect(stored).toMatch(/^enc:v1:[A-Za-z0-9+/]+={0,2}$/);
    expect(stored).not.toContain(plain);
    expect(stored).not.toContain(Buffer.from(plain).toString('base64'));
    const payload = Buffer.from(stored.slice('enc:v1:'.length), 'base64');
    expect(payload.length).toBe(12 + 16 + Buffer.byteLength(plain));
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same')).not.toBe(encryptSecret('same'));
  });

  it('rejects a tampered IV, tag or ciphertext', () => {
    const stored = encryptSecret('token-value');
    for (const offset of [0, 12, 28]) {
      expect(() => decryptSecret(tamper(stored, offset))).toThrow(SecretDecryptionError);
    }
    expect(() => decryptSecret(stored.slice(0, -4))).toThrow(SecretDecryptionError);
  });

  it('rejects a value written with another key, with a message naming the key', () => {
    useKey(HEX_KEY);
    const stored = encryptSecret('token-value');
    useKey(OTHER_HEX_KEY);
    expect(() => decryptSecret(stored)).toThrow(/secret key differs/);
    useKey(HEX_KEY);
    expect(decryptSecret(stored)).toBe('token-value');
  });

  it('rejects values that are not in the stored format', () => {
    expect(() => decryptSecret('plain-token')).toThrow(SecretDecryptionError);
    expect(() => decryptSecret('enc:v1:***')).toThrow(SecretDecryptionError);
    expect(() => decryptSecret('enc:v1:AAAA')).toThrow(/truncated/);
  });

  it('never puts the stored value in the error message', () => {
    const stored = encryptSecret('token-value');
    useKey(OTHER_HEX_KEY);
    try {
      decryptSecret(stored);
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain(stored.slice(7));
    }
  });
});

describe('secret key', () => {
  it('generates <data dir>/secret.key with mode 0600 on first use and reuses it', () => {
    const stored = encryptSecret('token-value');
    const file = secretKeyFile();
    expect(file).toBe(path.join(process.env.PROXBOX_DATA_DIR ?? '', 'secret.key'));
    expect(fs.readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    resetSecretKeyCache();
    expect(decryptSecret(stored)).toBe('token-value');
  });

  it('prefers PROXBOX_SECRET_KEY and creates no key file', () => {
    useKey(HEX_KEY);
    encryptSecret('x');
    expect(fs.existsSync(secretKeyFile())).toBe(false);
  });

  it('accepts the key as hex or base64 of the same 32 bytes', () => {
    useKey(HEX_KEY);
    const stored = encryptSecret('token-value');
    useKey(Buffer.from(HEX_KEY, 'hex').toString('base64'));
    expect(decryptSecret(stored)).toBe('token-value');
    useKey(Buffer.from(HEX_KEY, 'hex').toString('base64url'));
    expect(decryptSecret(stored)).toBe('token-value');
  });

  it('derives a key from any other string (passphrase)', () => {
    useKey('correct horse battery staple');
    const stored = encryptSecret('token-value');
    useKey('correct horse battery staple');
    expect(decryptSecret(stored)).toBe('token-value');
    useKey('another passphrase');
    expect(() => decryptSecret(stored)).toThrow(SecretDecryptionError);
  });

  it('warns once when the key file is readable by others', () => {
    encryptSecret('x');
    if (process.platform === 'win32') return;
    fs.chmodSync(secretKeyFile(), 0o644);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      resetSecretKeyCache();
      encryptSecret('x');
      resetSecretKeyCache();
      encryptSecret('x');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/chmod 600/);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('secretFingerprint', () => {
  it('is 16 hex characters, stable, and different per secret', () => {
    const a = secretFingerprint('token-a');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(secretFingerprint('token-a')).toBe(a);
    expect(secretFingerprint('token-b')).not.toBe(a);
  });

  it('depends on the secret key', () => {
    useKey(HEX_KEY);
    const a = secretFingerprint('token-a');
    useKey(OTHER_HEX_KEY);
    expect(secretFingerprint('token-a')).not.toBe(a);
  });
});

describe('isEncrypted', () => {
  it('recognises only the stored format', () => {
    expect(isEncrypted(encryptSecret('x'))).toBe(true);
    expect(isEncrypted('token')).toBe(false);
    expect(isEncrypted(null)).toBe(false);
    expect(isEncrypted(42)).toBe(false);
  });
});
