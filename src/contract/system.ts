/** Schemas of the operations endpoints (liveness, readiness). */
import { z } from 'zod';
import { named } from './named.ts';

export const healthSchema = named(
  'Health',
  z.looseObject({
    status: z.enum(['ok', 'unavailable']),
    version: z.string().optional(),
    emulated: z.boolean().optional().describe('True when videos are made by the built-in emulator.'),
  }),
);

export type Health = z.infer<typeof healthSchema>;
