import { defineConfig } from 'drizzle-kit';

// The backend role's SQLite store (data/backend.db), with its own migrations.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/backend/schema.ts',
  out: './db/backend/migrations',
  casing: 'snake_case',
});
