import { defineConfig } from 'drizzle-kit';

// The inventory database: one schema and one migration folder for PostgreSQL and PGlite.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
