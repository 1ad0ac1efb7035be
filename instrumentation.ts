// Runs once when a Next.js server starts (not during `next build`).

/**
 * On the Node.js runtime: opens the database (the embedded one migrates itself) and creates the
 * first admin if there is no user yet, and the settings singleton if missing. Imports are dynamic so the edge bundle of this file does
 * not pull in the database drivers.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDatabase } = await import('./db/client');
  const { ensureFirstAdmin } = await import('./lib/bootstrap/admin');
  const { ensureSettings } = await import('./lib/bootstrap/settings');
  try {
    const { db } = await getDatabase();
    await ensureFirstAdmin(db);
    await ensureSettings(db);
    // Pushes wait until this server answers its own backend API (reconcileAfterStart below).
    const { getDb } = await import('./db/client');
    const { holdPushes } = await import('./lib/backend-client/push-state');
    holdPushes(true);
    // This process serves the backend role unless PROXBOX_BACKEND_URL sends it elsewhere; only
    // that process writes the backend log file, so two processes never rotate the same file.
    if (!process.env.PROXBOX_BACKEND_URL?.trim()) {
      const { startLogFile } = await import('./lib/backend/log-file-setting');
      await startLogFile(getDb);
    }
    const { ensureBackendRegistration } = await import('./lib/bootstrap/backend-registration');
    await ensureBackendRegistration(db);
    const { markInterruptedRuns } = await import('./lib/sync/jobs/run-store');
    await markInterruptedRuns(db);
    const { startScheduler } = await import('./lib/sync/jobs/scheduler');
    startScheduler(getDb);
    // Queued syncs (also those left from before a restart) run here unless PROXBOX_WORKER=off.
    const { localWorker } = await import('./lib/sync/jobs/worker');
    localWorker(db);
    const { resumeDemo } = await import('./lib/demo/demo-cluster');
    await resumeDemo().catch((error: unknown) =>
      console.error(`Proxbox demo: ${error instanceof Error ? error.message : error}`),
    );
    const { reconcileAfterStart } = await import('./lib/backend-client/startup');
    reconcileAfterStart(getDb);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    console.error(
      `Proxbox: startup failed while preparing the first admin: ${reason}\n` +
        'Check that the database is reachable and migrated (npm run db:migrate for PostgreSQL).',
    );
    throw err;
  }
}
