// GET|POST /api/backend/proxmox/endpoints — list / register Proxmox endpoints (credentials never returned)
import { backendRoute, readBody } from '@/lib/backend/http';
import { createProxmoxEndpoint, listProxmoxEndpoints } from '@/lib/backend/proxmox-endpoints';

export const dynamic = 'force-dynamic';

export const GET = backendRoute('read', async () => ({ status: 200, body: listProxmoxEndpoints() }));

export const POST = backendRoute('admin', async ({ req }) => ({
  status: 201,
  body: createProxmoxEndpoint(await readBody(req)),
}));
