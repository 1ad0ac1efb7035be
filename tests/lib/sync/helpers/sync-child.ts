// A sync in its own process, for the kill test: prints "stage <name>" as stages finish.
import { openDatabase } from '@/db/client';
import { runSync } from '@/lib/sync/engine';

const handle = await openDatabase({ url: process.argv[2] });
await runSync(handle.db, {
  requestedBy: 'doomed',
  onEvent: (e) => {
    if (e.event === 'phase_summary') process.stdout.write(`stage ${e.phase}\n`);
  },
});
await handle.close();
