// GET /nodes/{node}/{qemu|lxc}/{vmid}/config[?current=1][&snapshot=] (proxmox-api.md §3.7, §3.10, §4).
// Only the keys that are set, plus `digest`. Values stay as sent (strings, numbers, true/false, and
// LXC's raw `lxc: [[key, value], ...]`); lib/proxmox/config parses the property strings.
import { z } from 'zod';

export const pveGuestConfigSchema = z.record(z.string(), z.unknown());
export type PveGuestConfig = z.infer<typeof pveGuestConfigSchema>;
