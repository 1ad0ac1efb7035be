// GET /nodes/{node}/{qemu|lxc}/{vmid}/config[?current=1][&snapshot=].
// Only the keys that are set, plus `digest`. Values stay as sent (strings, numbers, true/false, and
// LXC's raw `lxc: [[key, value], ...]`); lib/proxmox/config parses the property strings.
import { z } from 'zod';
import { optBool, optNum, optStr } from './primitives';

export const pveGuestConfigSchema = z.record(z.string(), z.unknown());
export type PveGuestConfig = z.infer<typeof pveGuestConfigSchema>;

/**
 * The VM-level keys of a config, typed (the inventory's name, CPU, boot and DNS facts). `memory`
 * and `agent` are property strings and stay with lib/proxmox/config; unlisted keys are dropped.
 */
export const pveGuestConfigSummarySchema = z.object({
  /** qemu. */
  name: optStr,
  /** lxc. */
  hostname: optStr,
  cores: optNum,
  sockets: optNum,
  vcpus: optNum,
  onboot: optBool,
  /** lxc. */
  unprivileged: optBool,
  searchdomain: optStr,
  tags: optStr,
});
export type PveGuestConfigSummary = z.infer<typeof pveGuestConfigSummarySchema>;
