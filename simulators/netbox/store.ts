// The in-memory tables with the indexes writes need (reverse FKs, generic relations and
// uniqueness keys) and an undo journal, so that a bulk write is all-or-nothing like NetBox's
// single database transaction.
import type { Db, ModelSpec, Row, UniqueRule } from './models/types';
import type { VersionProfile } from './versions';

type Index = Map<number | string, Set<number>>;
const EMPTY: ReadonlySet<number> = new Set();

export class Store implements Db {
  private tables = new Map<string, Map<number, Row>>();
  private nextIds = new Map<string, number>();
  /** `endpoint.field` → value → ids. */
  private refIndex = new Map<string, Index>();
  /** endpoint → one map per unique rule: key → ids. */
  private uniqueIndex = new Map<string, Map<string, Set<number>>[]>();
  /** Custom field definitions per content type, rebuilt after any change to them. */
  private cfByType: Map<string, Row[]> | null = null;
  private journal: (() => void)[] | null = null;

  constructor(
    private readonly models: Map<string, ModelSpec>,
    readonly profile: VersionProfile,
  ) {
    for (const ep of models.keys()) this.tables.set(ep, new Map());
  }

  model(endpoint: string): ModelSpec {
    const m = this.models.get(endpoint);
    if (!m) throw new Error(`netbox simulator: unknown endpoint ${endpoint}`);
    return m;
  }

  endpoints(): string[] {
    return [...this.models.keys()];
  }

  has(endpoint: string): boolean {
    return this.models.has(endpoint);
  }

  get(endpoint: string, id: number): Row | undefined {
    return this.tables.get(endpoint)?.get(id);
  }

  all(endpoint: string): Iterable<Row> {
    return this.tables.get(endpoint)?.values() ?? [];
  }

  size(endpoint: string): number {
    return this.tables.get(endpoint)?.size ?? 0;
  }

  referrers(endpoint: string, field: string, value: number | string): ReadonlySet<number> {
    return this.refIndex.get(`${endpoint}.${field}`)?.get(value) ?? EMPTY;
  }

  /** Ids already holding the unique key of `rule` for `row` (the row itself excluded). */
  uniqueHolders(endpoint: string, ruleIndex: number, rule: UniqueRule, row: Row): number[] {
    const key = uniqueKey(rule, row, this.profile);
    if (key === null) return [];
    const ids = this.uniqueMaps(endpoint)[ruleIndex].get(key);
    return ids ? [...ids].filter((id) => id !== row.id) : [];
  }

  /** Custom field definitions assigned to a content type. */
  customFieldsOf(contentType: string): Row[] {
    if (!this.cfByType) {
      this.cfByType = new Map();
      for (const cf of this.all('extras/custom-fields')) {
        for (const t of cf.object_types as string[]) {
          const list = this.cfByType.get(t) ?? [];
          list.push(cf);
          this.cfByType.set(t, list);
        }
      }
    }
    return this.cfByType.get(contentType) ?? [];
  }

  private uniqueMaps(endpoint: string): Map<string, Set<number>>[] {
    let maps = this.uniqueIndex.get(endpoint);
    if (!maps) this.uniqueIndex.set(endpoint, (maps = this.model(endpoint).unique.map(() => new Map())));
    return maps;
  }

  allocateId(endpoint: string): number {
    // Like a PostgreSQL sequence, ids are never handed out twice, even after a rollback.
    const id = this.nextIds.get(endpoint) ?? 1;
    this.nextIds.set(endpoint, id + 1);
    return id;
  }

  /** Inserts or replaces a row, keeping indexes and the journal. */
  put(endpoint: string, row: Row): void {
    const table = this.tables.get(endpoint)!;
    const old = table.get(row.id);
    if (old) this.unindex(endpoint, old);
    table.set(row.id, row);
    this.index(endpoint, row);
    this.journal?.push(() => {
      this.unindex(endpoint, row);
      if (old) {
        table.set(old.id, old);
        this.index(endpoint, old);
      } else table.delete(row.id);
    });
  }

  remove(endpoint: string, id: number): void {
    const table = this.tables.get(endpoint)!;
    const old = table.get(id);
    if (!old) return;
    this.unindex(endpoint, old);
    table.delete(id);
    this.journal?.push(() => {
      table.set(id, old);
      this.index(endpoint, old);
    });
  }

  patch(endpoint: string, id: number, values: Record<string, unknown>): void {
    const old = this.get(endpoint, id);
    if (old) this.put(endpoint, { ...old, ...values });
  }

  /** Runs `fn` atomically: any exception undoes every change it made. Nested calls join the outer one. */
  atomic<T>(fn: () => T): T {
    if (this.journal) return fn();
    const undo: (() => void)[] = [];
    this.journal = undo;
    try {
      const result = fn();
      this.journal = null;
      return result;
    } catch (err) {
      this.journal = null;
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
      throw err;
    }
  }

  /** Per endpoint: the indexed FK fields with their index names (computed once). */
  private layouts = new Map<string, { fks: [string, string][]; generic?: [string, string, string]; tags: string }>();

  private layout(endpoint: string) {
    let l = this.layouts.get(endpoint);
    if (!l) {
      const m = this.model(endpoint);
      l = {
        fks: m.fields.filter(([, f]) => f.kind === 'fk').map(([name]) => [name, `${endpoint}.${name}`]),
        generic: m.generic ? [m.generic.typeField, m.generic.idField, `${endpoint}.${m.generic.typeField}`] : undefined,
        tags: `${endpoint}.tags`,
      };
      this.layouts.set(endpoint, l);
    }
    return l;
  }

  private indexKeys(endpoint: string, row: Row): [string, number | string][] {
    const l = this.layout(endpoint);
    const keys: [string, number | string][] = [];
    for (const [name, key] of l.fks) if (typeof row[name] === 'number') keys.push([key, row[name] as number]);
    if (l.generic) {
      const t = row[l.generic[0]];
      const id = row[l.generic[1]];
      if (typeof t === 'string' && typeof id === 'number') keys.push([l.generic[2], `${t}:${id}`]);
    }
    if (Array.isArray(row.tags)) for (const t of row.tags as number[]) keys.push([l.tags, t]);
    return keys;
  }

  private index(endpoint: string, row: Row): void {
    if (endpoint === 'extras/custom-fields') this.cfByType = null;
    for (const [name, value] of this.indexKeys(endpoint, row)) {
      let idx = this.refIndex.get(name);
      if (!idx) this.refIndex.set(name, (idx = new Map()));
      let ids = idx.get(value);
      if (!ids) idx.set(value, (ids = new Set()));
      ids.add(row.id);
    }
    const rules = this.model(endpoint).unique;
    const maps = this.uniqueMaps(endpoint);
    for (let i = 0; i < rules.length; i++) {
      const key = uniqueKey(rules[i], row, this.profile);
      if (key === null) continue;
      let ids = maps[i].get(key);
      if (!ids) maps[i].set(key, (ids = new Set()));
      ids.add(row.id);
    }
  }

  private unindex(endpoint: string, row: Row): void {
    if (endpoint === 'extras/custom-fields') this.cfByType = null;
    for (const [name, value] of this.indexKeys(endpoint, row)) this.refIndex.get(name)?.get(value)?.delete(row.id);
    const rules = this.model(endpoint).unique;
    const maps = this.uniqueMaps(endpoint);
    for (let i = 0; i < rules.length; i++) {
      const key = uniqueKey(rules[i], row, this.profile);
      if (key !== null) maps[i].get(key)?.delete(row.id);
    }
  }
}

function uniqueKey(rule: UniqueRule, row: Row, p: VersionProfile): string | null {
  if (rule.gate && !rule.gate(p)) return null;
  if (rule.when && !rule.when(row, p)) return null;
  let key = '';
  for (const f of rule.fields) {
    const v = row[f];
    if (v === null || v === undefined) return null;
    key += (rule.ci?.includes(f) && typeof v === 'string' ? v.toLowerCase() : String(v)) + '\u0000';
  }
  return key;
}
