// GET|POST /api/backend/dcim/devices/interfaces/create/stream — start the network-interfaces stage and stream its events (SSE, one `complete`)
import { stageRoute } from '@/lib/backend/stage-sync';

export const dynamic = 'force-dynamic';

export const GET = stageRoute('network-interfaces', 'stream');
export const POST = GET;
