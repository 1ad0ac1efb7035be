// Every inventory table (one pg-core schema for PostgreSQL and PGlite). The backend's own
// SQLite tables live in db/backend/schema.ts.
export * from './auth';
export * from './organization';
export * from './dcim';
export * from './virtualization';
export * from './ipam';
export * from './extras';
export * from './proxbox-endpoints';
export * from './proxbox-infra';
export * from './proxbox-vm-data';
export * from './proxbox-operations';
export * from './sync';
export * from './netbox-push';
