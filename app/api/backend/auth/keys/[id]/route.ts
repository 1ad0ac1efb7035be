// DELETE /api/backend/auth/keys/{id} — delete an API key (409 for the last active one)
import { deleteApiKey } from '@/lib/auth/api-keys';
import { backendRoute, idParam } from '@/lib/backend/http';

export const DELETE = backendRoute('admin', async ({ params, actor }) => {
  deleteApiKey(actor!, idParam(params.id, 'API key'));
  return { status: 204 };
});
