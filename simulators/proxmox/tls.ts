// A throwaway self-signed certificate per simulated endpoint, made with the system's openssl
// (as the brief allows), so HTTPS clients can be tested with pinning or a custom CA.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM key and certificate plus the SHA-256 fingerprint Proxmox shows (`AA:BB:…`). */
export interface SelfSigned {
  key: string;
  cert: string;
  fingerprint: string;
}

/** Generates an EC P-256 certificate for `commonName`, valid for 127.0.0.1, ::1 and localhost. */
export async function generateSelfSigned(commonName: string, host: string): Promise<SelfSigned> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pve-sim-tls-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const san = [`DNS:localhost`, `DNS:${commonName}`, 'IP:127.0.0.1', 'IP:::1'];
    if (/^[\d.]+$/.test(host) && host !== '127.0.0.1') san.push(`IP:${host}`);
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '3650',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      `/OU=PVE Cluster Node/O=Proxmox Virtual Environment/CN=${commonName}`,
      '-addext',
      `subjectAltName=${san.join(',')}`,
    ]);
    const [key, cert] = await Promise.all([fs.readFile(keyFile, 'utf8'), fs.readFile(certFile, 'utf8')]);
    return { key, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
