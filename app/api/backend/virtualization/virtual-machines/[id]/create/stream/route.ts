// GET|POST /api/backend/virtualization/virtual-machines/{id}/create/stream — sync one virtual machine (the seed's per-VM route) and stream its events (SSE, one `complete`)
import { objectRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = objectRoute('stream', 'virtual-machines');
export const POST = GET;
