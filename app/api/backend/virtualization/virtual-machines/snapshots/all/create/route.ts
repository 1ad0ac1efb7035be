// GET|POST /api/backend/virtualization/virtual-machines/snapshots/all/create — start the vm-snapshots stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('vm-snapshots', 'job');
export const POST = GET;
