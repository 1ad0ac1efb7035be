// GET /api/backend/full-update — run a full sync to its end and return the outcome (read-write keys)
import { backendRoute } from '@/lib/backend/http';
import { runFullUpdate } from '@/lib/backend/full-update';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('write', async ({ key }) => ({ status: 200, body: await runFullUpdate(key!) }));
