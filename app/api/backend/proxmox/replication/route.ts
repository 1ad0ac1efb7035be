// GET|POST /api/backend/proxmox/replication — start the replications stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('replications', 'job');
export const POST = GET;
