// GET|POST /api/backend/sync/{type}/{id}/stream — sync one object: virtual-machines, proxmox-nodes, devices, proxmox-clusters, clusters or storage and stream its events (SSE, one `complete`)
import { objectRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = objectRoute('stream');
export const POST = GET;
