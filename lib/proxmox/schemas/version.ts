// GET /version and GET /nodes/{node}/version (same `version_info()` object).
import { z } from 'zod';
import { optStr, pveStr } from './primitives';

/** `version` is "7.4-16" on PVE 7 and "8.2.4" from PVE 8; `console` only when set in datacenter.cfg. */
export const pveVersionSchema = z.object({ version: pveStr, release: optStr, repoid: optStr, console: optStr }).loose();
export type PveVersion = z.infer<typeof pveVersionSchema>;
