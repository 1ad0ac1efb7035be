// POST /api/backend/auth/keys/{id}/deactivate — deactivate an API key (409 for the last active one)
import { deactivateApiKey, listApiKeys } from '@/lib/auth/api-keys';
import { backendRoute, idParam } from '@/lib/backend/http';
import { serializeKey } from '@/lib/backend/keys';

export const POST = backendRoute('admin', async ({ params, actor }) => {
  const id = idParam(params.id, 'API key');
  deactivateApiKey(actor!, id);
  return { status: 200, body: serializeKey(listApiKeys(actor!).find((k) => k.id === id)!) };
});
