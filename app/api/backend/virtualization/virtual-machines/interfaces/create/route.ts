// GET|POST /api/backend/virtualization/virtual-machines/interfaces/create — start the vm-interfaces stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('vm-interfaces', 'job');
export const POST = GET;
