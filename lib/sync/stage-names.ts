// The sync stages' names in their fixed order, for code that may not import db/ (components).
// They are stored choice values, so db/schema/choices.ts defines them; that module imports
// nothing, so this one is pure and safe in client bundles.
export { SYNC_STAGES } from '@/db/schema/choices';
export type { StageName } from './types';
