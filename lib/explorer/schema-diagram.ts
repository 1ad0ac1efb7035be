import { buildSchemaGraph } from './schema-graph';
import { modelRefs, schemaSources, tablePages } from './schema-sources';
import type { SchemaGraph } from './types';

let cached: SchemaGraph | null = null;

/**
 * The ER graph of both databases. The schema is fixed for the life of the process, so it is
 * built once, not per request; the canvas lays out the part it shows (groups collapse and expand).
 */
export function getSchemaDiagram(): SchemaGraph {
  cached ??= buildSchemaGraph(schemaSources(), modelRefs(), tablePages());
  return cached;
}
