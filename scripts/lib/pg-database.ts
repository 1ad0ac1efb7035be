import pg from 'pg';

// A throwaway PostgreSQL database for one test or benchmark run, created and dropped through the
// server's admin connection (PG_ADMIN_URL).

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The admin URL with its database replaced by `name` (credentials, host and options kept). */
function urlForDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Hides the password when a URL is printed. */
export function redactUrl(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<timestamp>` on the server of `adminUrl`. */
export async function createScratchDatabase(
  adminUrl: string,
  prefix: string,
  name = `${prefix}_${Date.now()}`,
): Promise<ScratchDatabase> {
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: urlForDatabase(adminUrl, name),
    // FORCE (PostgreSQL 13+) ends connections a killed server may have left behind.
    drop: () =>
      withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
