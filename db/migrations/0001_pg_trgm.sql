-- Trigram indexes make the quick search (ILIKE '%text%') on large tables use an index.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
