// GET|POST /api/backend/virtualization/virtual-machines/backups/all/create — start the vm-backups stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('vm-backups', 'job');
export const POST = GET;
