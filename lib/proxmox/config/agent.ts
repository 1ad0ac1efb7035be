import { collectFields, readKey } from './fields';
import { parsePropertyString } from './property-string';
import { fail, ok, type ParseResult } from './result';
import { describe, parseBoolean } from './scalars';

/** A QEMU `agent` setting: whether the guest agent is configured, and its options. */
export interface AgentConfig {
  enabled: boolean;
  type?: 'virtio' | 'isa';
  fstrimClonedDisks?: boolean;
  freezeFsOnBackup?: boolean;
}

function readAgentType(raw: string): ParseResult<'virtio' | 'isa'> {
  return raw === 'virtio' || raw === 'isa' ? ok(raw) : fail(`invalid agent type ${describe(raw)}`);
}

/**
 * Parses the QEMU `agent` option: `1`, `0`, `1,fstrim_cloned_disks=1`, `enabled=1,type=virtio`,
 * `enabled=1,freeze-fs-on-backup=0` or the newer `freeze-fs=` spelling of the same option.
 * A missing `enabled` means disabled (PVE's default). The API always sends a string; a JSON
 * number is accepted too. Unknown keys are ignored so newer options do not hide the agent.
 */
export function parseAgent(value: string | number): ParseResult<AgentConfig> {
  const text = typeof value === 'number' ? String(value) : value;
  const parsed = parsePropertyString(text, 'enabled');
  if (!parsed.ok) return parsed;
  const map = parsed.value;
  if (map.has('freeze-fs') && map.has('freeze-fs-on-backup')) {
    return fail("both 'freeze-fs' and 'freeze-fs-on-backup' are set");
  }
  const freezeKey = map.has('freeze-fs') ? 'freeze-fs' : 'freeze-fs-on-backup';
  const fields = collectFields({
    enabled: readKey(map, 'enabled', parseBoolean),
    type: readKey(map, 'type', readAgentType),
    fstrimClonedDisks: readKey(map, 'fstrim_cloned_disks', parseBoolean),
    freezeFsOnBackup: readKey(map, freezeKey, parseBoolean),
  });
  if (!fields.ok) return fields;
  return ok({ ...fields.value, enabled: fields.value.enabled ?? false });
}
