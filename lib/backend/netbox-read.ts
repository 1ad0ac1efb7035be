import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { backendNetboxEndpoints } from '@/db/backend/schema';
import { netboxEndpoints, proxboxPluginSettings } from '@/db/schema';
import { backendDb } from '@/lib/auth/api-keys';
import { detail } from '@/lib/api/errors';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { NetboxError } from '@/lib/netbox/errors';
import { netboxClientFor } from '@/lib/netbox/endpoint';
import { backendRoute } from './http';
import { linkBackendEndpoints } from './inventory-link';

// proxbox-api's `/netbox/status` and `/netbox/openapi`: NetBox's `/api/status/` and
// `/api/schema/` read from the backend's NetBox endpoint with its own token (sent only to its
// own address), through the push's NetBox client (timeout, retries, bounded answer size).
// A NetBox that cannot be reached or refuses the token is a 502 with the category and advice.

async function client() {
  const copy = backendDb().select().from(backendNetboxEndpoints).orderBy(backendNetboxEndpoints.id).get();
  if (!copy) throw detail(404, 'No NetBox endpoint is configured.');
  const db = await getDb();
  await linkBackendEndpoints(db);
  const [endpoint] =
    copy.sourceId !== null
      ? await db.select().from(netboxEndpoints).where(eq(netboxEndpoints.id, copy.sourceId))
      : await db.select().from(netboxEndpoints).where(eq(netboxEndpoints.name, copy.name));
  if (!endpoint) throw detail(404, 'No NetBox endpoint is configured.');
  await ensureSettings(db);
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  return netboxClientFor(db, endpoint, settings);
}

async function read(path: string) {
  try {
    return { status: 200, body: await (await client()).request<unknown>('GET', path) };
  } catch (error) {
    if (!(error instanceof NetboxError)) throw error;
    return { status: 502, body: { detail: error.message, category: error.category, suggestion: error.suggestion } };
  }
}

/** `GET /netbox/status`. */
export const netboxStatusRoute = backendRoute('read', () => read('/api/status/'));

/** `GET /netbox/openapi`: NetBox's OpenAPI document as JSON. */
export const netboxOpenapiRoute = backendRoute('read', () => read('/api/schema/?format=json'));
