// Every simulated endpoint, for every simulated release, against the official apidoc schema
// (`returns` of the 9.1 subset for 9.1, of the 8.4 subset for 7.4/8.2 – the closest published),
// plus reference-derived shapes where the official schema is a stub.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PVE_VERSIONS, startSimulator, type PveVersion } from '@/simulators/proxmox';
import { ROUTES } from '@/simulators/proxmox/http/routes';
import { versionProfile } from '@/simulators/proxmox/versions';
import { validateApidoc, type Allowance, type ApidocSchema } from './apidoc-schema';
import { closeClients, FIXTURES, get } from './http-client';
import { REFERENCE_SHAPES } from './reference-shapes';
import { buildSamples } from './schema-samples';

type Endpoints = Record<string, { methods: { GET?: { returns: ApidocSchema } } }>;
const load = (file: string): Endpoints => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')).endpoints;
const SCHEMAS: Record<PveVersion, Endpoints> = {
  '7.4': load('api-schema-subset.pve-8.4.json'),
  '8.2': load('api-schema-subset.pve-8.4.json'),
  '9.1': load('api-schema-subset.json'),
};

/**
 * Documented deviations from the schema's declared types – each is what real Proxmox sends
 * (the captured fixtures and Proxmox's source show it), so the simulator must send it too.
 */
const EXCEPTIONS: {
  template: RegExp;
  at: RegExp;
  accept: 'numeric-string' | 'integer' | 'null' | 'absent';
  versions?: PveVersion[];
  why: string;
}[] = [
  {
    template: /\/qemu\/\{vmid\}\/config$/,
    at: /^memory$/,
    accept: 'integer',
    versions: ['7.4'],
    why: 'qemu `memory` is an integer before qemu-server 8.0.8 (PVE 8.1); the schema describes the newer property string',
  },
  {
    template: /^\/nodes\/\{node\}\/lxc$/,
    at: /^\[\]\.vmid$/,
    accept: 'numeric-string',
    versions: ['7.4'],
    why: 'LXC list `vmid` is a string before pve-container 5.0.10 (PVE 8.2)',
  },
  {
    template: /\/config$/,
    at: /^cpulimit$/,
    accept: 'numeric-string',
    why: '`number`-typed config keys are not numified (`"cpulimit":"4"`, fixture qemu-102 config)',
  },
  {
    template: /\/network(\/\{iface\})?$/,
    at: /(^|\.)(mtu|vlan-id|netmask6)$/,
    accept: 'numeric-string',
    why: 'ifupdown values stay strings (`"mtu":"1500"`, `"vlan-id":"2"`, `"netmask6":"64"` in fixture nodes_{node}_network.json)',
  },
  {
    template: /\/network(\/\{iface\})?$/,
    at: /(^|\.)exists$/,
    accept: 'null',
    why: '`"exists": null` on VLAN entries (fixture nodes_{node}_network.json)',
  },
  {
    template: /\/qemu\/\{vmid\}\/status\/current$/,
    at: /^clipboard$/,
    accept: 'null',
    why: '`clipboard: null` in running qemu status',
  },
  {
    template: /^\/nodes\/\{node\}\/status$/,
    at: /^(boot-info|current-kernel)$/,
    accept: 'absent',
    versions: ['7.4'],
    why: '`boot-info` and `current-kernel` were added in PVE 8 (fixture nodes_{node}_status.json, 7.4-16, has neither)',
  },
  {
    template: /\/lxc\/\{vmid\}\/interfaces$/,
    at: /^\[\]\.(hardware-address|ip-addresses)$/,
    accept: 'absent',
    versions: ['8.2'],
    why: 'PVE 8.1–8.3 return only the legacy `hwaddr/inet/inet6` keys (pve-container 5.2.6 added the others)',
  },
];

function allowance(template: string, version: PveVersion): Allowance {
  return (at, value) =>
    EXCEPTIONS.some((e) => {
      if (!e.template.test(template) || !e.at.test(at) || (e.versions && !e.versions.includes(version))) return false;
      if (e.accept === 'numeric-string') return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
      if (e.accept === 'integer') return Number.isInteger(value);
      return e.accept === 'null' ? value === null : value === undefined;
    });
}

const checkedPairs = new Set<string>();
let bodies = 0;

afterAll(() => {
  closeClients();
  console.log(
    `[schema] ${checkedPairs.size} (path, version) pairs validated over ${bodies} response bodies; ${EXCEPTIONS.length} documented type exceptions`,
  );
});

describe.each(PVE_VERSIONS)('PVE %s responses validate against the official schema', (version) => {
  it('every endpoint, every guest', async () => {
    const sim = await startSimulator({
      version,
      seed: 3,
      clusters: 2,
      standaloneClusters: [1],
      nodesPerCluster: 3,
      guests: 90,
    });
    try {
      const problems: string[] = [];
      const templates = new Set<string>();
      for (const s of buildSamples(sim)) {
        const res = await get(sim.clusters[s.cluster], s.url);
        if (res.status !== 200) {
          problems.push(`${s.url}: HTTP ${res.status} ${res.reason}`);
          continue;
        }
        const { data } = res.json();
        const official = SCHEMAS[version][s.template]?.methods.GET?.returns;
        if (!official) throw new Error(`no schema for ${s.template}`);
        const allow = allowance(s.template, version);
        const errors = [
          ...validateApidoc(data, official, allow),
          ...(REFERENCE_SHAPES[s.template] ? validateApidoc(data, REFERENCE_SHAPES[s.template], allow) : []),
        ];
        problems.push(...errors.slice(0, 5).map((e) => `${s.url}: ${e}`));
        templates.add(s.template);
        bodies++;
      }
      for (const t of templates) checkedPairs.add(`${t}@${version}`);
      expect(problems).toEqual([]);
      const served = ROUTES.filter((r) => !r.available || r.available(versionProfile(version))).map((r) => r.pattern);
      expect([...templates].sort()).toEqual(served.sort());
    } finally {
      await sim.stop();
    }
  });
});
