// GET|POST /api/backend/auth/keys — list API keys (no hashes) / create one (its key shown once)
import { backendRoute, readBody } from '@/lib/backend/http';
import { createKeyFromBody, listKeysBody } from '@/lib/backend/keys';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('admin', async ({ actor }) => ({ status: 200, body: listKeysBody(actor!) }));

export const POST = backendRoute('admin', async ({ req, actor }) => ({
  status: 201,
  body: await createKeyFromBody(actor!, await readBody(req)),
}));
