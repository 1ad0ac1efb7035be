import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../helpers/db';

// The role migrations on existing rows: administrators stay admin and other users become
// operators (they could start syncs before); read-only API keys become viewer keys and
// read-write keys admin keys. The statements run on the users table as 0000_init created it
// (in a scratch schema on PostgreSQL, a fresh PGlite otherwise) and on the backend store.

const root = process.cwd();
const statements = (file: string) =>
  fs
    .readFileSync(path.join(root, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);

interface Sql {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

async function openScratch(): Promise<Sql> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const schema = `role_migration_${process.pid}`;
    await client.query(
      `drop schema if exists ${schema} cascade; create schema ${schema}; set search_path to ${schema}`,
    );
    return {
      exec: async (sql) => void (await client.query(sql)),
      rows: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      close: async () => {
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  return {
    exec: async (sql) => void (await db.exec(sql)),
    rows: async <T>(sql: string) => (await db.query<T>(sql)).rows,
    close: () => db.close(),
  };
}

describe(`role migrations (${testDriver})`, () => {
  let db: Sql;
  beforeAll(async () => {
    db = await openScratch();
  });
  afterAll(() => db.close());

  it('maps is_admin to admin/operator, adds session versions and the login attempts table', async () => {
    const usersTable = statements('db/migrations/0000_init.sql').find((s) => s.startsWith('CREATE TABLE "users"'))!;
    await db.exec(usersTable);
    await db.exec(
      `insert into users (username, password_hash, is_admin) values ('root', 'x', true), ('ops', 'x', false)`,
    );
    for (const file of ['db/migrations/0012_user_roles_and_login_attempts.sql']) {
      for (const statement of statements(file)) await db.exec(statement);
    }
    expect(await db.rows('select username, role, session_version from users order by id')).toEqual([
      { username: 'root', role: 'admin', session_version: 0 },
      { username: 'ops', role: 'operator', session_version: 0 },
    ]);
    expect(
      await db.rows(
        `select count(*)::int as n from information_schema.columns where column_name = 'is_admin' and table_name = 'users' and table_schema = current_schema()`,
      ),
    ).toEqual([{ n: 0 }]);
    await db.exec(`insert into users (username, password_hash) values ('new', 'x')`);
    expect(await db.rows(`select role from users where username = 'new'`)).toEqual([{ role: 'viewer' }]);
    expect(await db.rows('select count(*)::int as n from login_attempts')).toEqual([{ n: 0 }]);
  });
});

describe('API key role migration (backend store)', () => {
  it('maps read_only keys to viewer and read-write keys to admin', () => {
    const db = new Database(':memory:');
    for (const statement of statements('db/backend/migrations/0000_init.sql')) db.exec(statement);
    db.exec(
      `insert into api_key (key_id, key_hash, description, read_only) values ('a', 'h', 'reader', 1), ('b', 'h', 'writer', 0)`,
    );
    for (const file of [
      'db/backend/migrations/0001_api_key_roles.sql',
      'db/backend/migrations/0002_drop_api_key_read_only.sql',
    ]) {
      for (const statement of statements(file)) db.exec(statement);
    }
    expect(db.prepare('select description, role from api_key order by id').all()).toEqual([
      { description: 'reader', role: 'viewer' },
      { description: 'writer', role: 'admin' },
    ]);
    expect(
      (
        db.prepare(`select count(*) as n from pragma_table_info('api_key') where name = 'read_only'`).get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
    db.close();
  });
});
