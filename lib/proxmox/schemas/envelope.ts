// The JSON envelope of every answer: {data} plus `total` on paged lists,
// `errors` on 400s and, from PVE 8.4, `message` on every error.
import { z } from 'zod';
import { opt, optNum, optStr } from './primitives';

export const pveEnvelopeSchema = z
  .object({
    data: z.unknown(),
    /** Only present when non-zero. */
    total: optNum,
    message: optStr,
    errors: opt(z.record(z.string(), z.unknown())),
  })
  .loose();
export type PveEnvelope = z.infer<typeof pveEnvelopeSchema>;
