// POST /api/backend/auth/register-key — one-shot first-key bootstrap (no authentication; 409 ever after)
import { backendRoute, readBody } from '@/lib/backend/http';
import { registerFirstKey } from '@/lib/backend/keys';

export const POST = backendRoute('none', async ({ req }) => ({
  status: 201,
  body: await registerFirstKey(await readBody(req)),
}));
