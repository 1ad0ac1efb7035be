// GET|POST /api/backend/auth/keys — list API keys (no hashes) / create one (its key shown once)
import { backendRoute, readBody } from '@/lib/backend/http';
import { createKeyFromBody, listKeysBody } from '@/lib/backend/keys';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('read', async () => ({ status: 200, body: listKeysBody() }));

export const POST = backendRoute('write', async ({ req }) => ({ status: 201, body: await createKeyFromBody(await readBody(req)) }));
