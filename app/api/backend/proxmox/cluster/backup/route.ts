// GET|POST /api/backend/proxmox/cluster/backup — start the backup-routines stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('backup-routines', 'job');
export const POST = GET;
