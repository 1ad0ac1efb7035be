// POST /api/backend/auth/keys/{id}/activate — re-activate an API key
import { activateApiKey, listApiKeys } from '@/lib/auth/api-keys';
import { backendRoute, idParam } from '@/lib/backend/http';
import { serializeKey } from '@/lib/backend/keys';

export const POST = backendRoute('write', async ({ params }) => {
  const id = idParam(params.id, 'API key');
  activateApiKey(id);
  return { status: 200, body: serializeKey(listApiKeys().find((k) => k.id === id)!) };
});
