import { buildSchemaGraph } from './schema-graph';
import { layoutSchemaGraph } from './schema-layout';
import { modelRefs, schemaSources, tablePages } from './schema-sources';
import type { LaidOutSchemaGraph } from './types';

let cached: LaidOutSchemaGraph | null = null;

/**
 * The laid-out ER diagram of both databases. The schema is fixed for the life of the process,
 * so it is built and laid out once (about a quarter of a second), not per request.
 */
export function getSchemaDiagram(): LaidOutSchemaGraph {
  cached ??= layoutSchemaGraph(buildSchemaGraph(schemaSources(), modelRefs(), tablePages()));
  return cached;
}
