// Tolerant zod schemas for the Proxmox VE endpoints the sync reads, one module per family.
export * from './primitives';
export * from './envelope';
export * from './version';
export * from './cluster-status';
export * from './cluster-resources';
export * from './nodes';
export * from './network';
export * from './guests';
export * from './guest-config';
export * from './guest-interfaces';
export * from './snapshots';
export * from './storage';
export * from './tasks';
export * from './jobs';
export * from './rrd';
export * from './tolerant';
