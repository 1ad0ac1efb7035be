// GET|POST /api/backend/proxmox/replication/stream — start the replications stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('replications', 'stream');
export const POST = GET;
