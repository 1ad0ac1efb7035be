// GET /api/backend/full-update — run a full sync to its end and return the outcome (operator and admin keys)
import { backendRoute } from '@/lib/backend/http';
import { runFullUpdate } from '@/lib/backend/full-update';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('sync', async ({ key, actor }) => ({
  status: 200,
  body: await runFullUpdate(actor!, key!),
}));
