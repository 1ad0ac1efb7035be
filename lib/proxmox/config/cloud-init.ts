import { parseIpConfig } from './ipconfig';
import { decodeUrlEncoded } from './scalars';

/** What a QEMU guest's cloud-init settings say, as recorded on its VM (never the password itself). */
export interface CloudInitSettings {
  user: string | null;
  /** `nocloud`, `configdrive2` or `opennebula`; null when Proxmox's default applies. */
  type: string | null;
  /** Whether `cipassword` is set (Proxmox only ever returns it masked). */
  passwordSet: boolean;
  /** `ipconfigN` by NIC key (`net0`), unparseable ones as sent. */
  ipConfig: Record<string, Record<string, string> | string>;
  nameservers: string[];
  searchDomain: string | null;
  /** Number of public keys in `sshkeys` (the keys themselves are not kept). */
  sshKeys: number;
  /** `ciupgrade`: whether the guest upgrades packages on first boot; null when unset. */
  upgrade: boolean | null;
  custom: string | null;
}

const CLOUD_INIT_KEYS = /^(ciuser|cipassword|citype|ciupgrade|cicustom|sshkeys|nameserver|ipconfig\d+)$/;

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;

/**
 * The cloud-init settings of a QEMU guest config, or null when it has none (no `ci*`, `ipconfigN`,
 * `sshkeys` or `nameserver` key). `searchdomain` alone is not cloud-init: containers carry it too.
 */
export function readCloudInit(config: Record<string, unknown>): CloudInitSettings | null {
  const keys = Object.keys(config).filter((k) => CLOUD_INIT_KEYS.test(k));
  if (keys.length === 0) return null;
  const ipConfig: CloudInitSettings['ipConfig'] = {};
  for (const key of keys
    .filter((k) => k.startsWith('ipconfig'))
    .sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)))) {
    const raw = text(config[key]);
    if (raw === null) continue;
    const parsed = parseIpConfig(raw);
    ipConfig[`net${key.slice(8)}`] = parsed.ok
      ? (Object.fromEntries(Object.entries(parsed.value).filter(([, v]) => v !== undefined)) as Record<string, string>)
      : raw;
  }
  const sshRaw = text(config.sshkeys);
  const sshText = sshRaw === null ? '' : decodeUrlEncoded(sshRaw);
  const upgrade = config.ciupgrade;
  return {
    user: text(config.ciuser),
    type: text(config.citype),
    passwordSet: text(config.cipassword) !== null,
    ipConfig,
    nameservers: (text(config.nameserver) ?? '').split(/[\s,;]+/).filter(Boolean),
    searchDomain: text(config.searchdomain),
    sshKeys: sshText.split('\n').filter((line) => /^\s*(ssh-|ecdsa-|sk-)/.test(line)).length,
    upgrade:
      upgrade === undefined || upgrade === null || upgrade === ''
        ? null
        : upgrade === 1 || upgrade === '1' || upgrade === true,
    custom: text(config.cicustom),
  };
}
