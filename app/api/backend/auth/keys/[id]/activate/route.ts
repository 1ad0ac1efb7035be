// POST /api/backend/auth/keys/{id}/activate — re-activate an API key
import { activateApiKey, listApiKeys } from '@/lib/auth/api-keys';
import { backendRoute, idParam } from '@/lib/backend/http';
import { serializeKey } from '@/lib/backend/keys';

export const POST = backendRoute('admin', async ({ params, actor }) => {
  const id = idParam(params.id, 'API key');
  activateApiKey(actor!, id);
  return { status: 200, body: serializeKey(listApiKeys(actor!).find((k) => k.id === id)!) };
});
