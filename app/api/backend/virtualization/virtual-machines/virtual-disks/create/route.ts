// GET|POST /api/backend/virtualization/virtual-machines/virtual-disks/create — start the vm-disks stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('vm-disks', 'job');
export const POST = GET;
