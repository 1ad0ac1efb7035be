// GET|POST /api/backend/dcim/devices/interfaces/create — start the network-interfaces stage (202 with the job)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('network-interfaces', 'job');
export const POST = GET;
