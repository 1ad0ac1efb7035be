// Objects as NetBox's serializers render them: id, url, display_url, display, the model's fields
// in serializer order (related objects as nested brief objects, choices as {value, label}),
// then tags, custom_fields, created, last_updated. Brief mode keeps `Meta.brief_fields`; nested
// objects drop their related-object counters.
import { customFieldsFor } from './write';
import { label } from './models/common';
import type { FieldSpec, ModelSpec, RenderContext, Row } from './models/types';
import type { Store } from './store';

export interface Renderer {
  render(endpoint: string, row: Row, brief?: boolean): Record<string, unknown>;
  nested(endpoint: string, id: unknown, mode?: 'ip'): unknown;
}

const UI_PATHS: Record<string, string> = {
  'extras/custom-fields': 'extras/custom-fields',
  'virtualization/interfaces': 'virtualization/interfaces',
};

export function createRenderer(store: Store, baseUrl: string): Renderer {
  const cfCache = new Map<string, Row[]>();
  const ctx: RenderContext = {
    db: store,
    profile: store.profile,
    baseUrl,
    nested: (ep, id, mode) => nested(ep, id, mode),
  };
  const apiUrl = (ep: string, id: number) => `${baseUrl}/api/${ep}/${id}/`;
  const uiUrl = (ep: string, id: number) => `${baseUrl}/${UI_PATHS[ep] ?? ep}/${id}/`;

  const fieldMaps = new Map<ModelSpec, Map<string, FieldSpec>>();
  const fieldsOf = (model: ModelSpec) => {
    let map = fieldMaps.get(model);
    if (!map) fieldMaps.set(model, (map = new Map(model.fields)));
    return map;
  };

  function value(model: ModelSpec, name: string, row: Row, field = fieldsOf(model).get(name)): unknown {
    if (!field) return undefined;
    switch (field.kind) {
      case 'computed':
        return field.render(row, ctx);
      case 'fk':
        return nested(field.to, row[name], field.render);
      case 'choice': {
        const v = row[name];
        if (v === null || v === undefined || v === '') return null;
        return { value: v, label: field.labels?.[String(v)] ?? label(String(v)) };
      }
      default:
        return row[name] ?? null;
    }
  }

  function head(model: ModelSpec, row: Row): Record<string, unknown> {
    return {
      id: row.id,
      url: apiUrl(model.endpoint, row.id),
      display_url: uiUrl(model.endpoint, row.id),
      display: model.display(row, store),
    };
  }

  function nested(endpoint: string, id: unknown, mode?: 'ip'): unknown {
    if (typeof id !== 'number' || !store.has(endpoint)) return null;
    const row = store.get(endpoint, id);
    if (!row) return null;
    const model = store.model(endpoint);
    const out: Record<string, unknown> = {};
    for (const name of model.brief) {
      if (name.endsWith('_count')) continue;
      if (name === 'id' || name === 'url' || name === 'display')
        out[name] = name === 'id' ? row.id : name === 'url' ? apiUrl(endpoint, row.id) : model.display(row, store);
      else if (fieldsOf(model).has(name)) out[name] = value(model, name, row);
    }
    if (mode === 'ip' && store.profile.v46) {
      out.dns_name = row.dns_name ?? '';
      out.nat_inside = nested(endpoint, row.nat_inside, 'ip');
      out.nat_outside = value(model, 'nat_outside', row);
    }
    return out;
  }

  function tagList(row: Row): unknown[] {
    return ((row.tags as number[] | undefined) ?? [])
      .map((id) => store.get('extras/tags', id))
      .filter((t): t is Row => !!t)
      .sort((a, b) => String(a.name).localeCompare(String(b.name)))
      .map((t) => ({
        id: t.id,
        url: apiUrl('extras/tags', t.id),
        display_url: uiUrl('extras/tags', t.id),
        display: String(t.name),
        name: t.name,
        slug: t.slug,
        color: t.color,
      }));
  }

  function customFields(model: ModelSpec, row: Row): Record<string, unknown> {
    let defs = cfCache.get(model.endpoint);
    if (!defs)
      cfCache.set(
        model.endpoint,
        (defs = [...customFieldsFor(store, model)].sort((a, b) => String(a.name).localeCompare(String(b.name)))),
      );
    const data = (row.custom_fields ?? {}) as Record<string, unknown>;
    return Object.fromEntries(defs.map((cf) => [String(cf.name), data[String(cf.name)] ?? null]));
  }

  function render(endpoint: string, row: Row, brief = false): Record<string, unknown> {
    const model = store.model(endpoint);
    if (brief) {
      const out: Record<string, unknown> = {};
      for (const name of model.brief) {
        if (name === 'id') out.id = row.id;
        else if (name === 'url') out.url = apiUrl(endpoint, row.id);
        else if (name === 'display') out.display = model.display(row, store);
        else if (fieldsOf(model).has(name)) out[name] = value(model, name, row);
      }
      return out;
    }
    const out = head(model, row);
    const counters: [string, unknown][] = [];
    for (const [name, field] of model.fields) {
      const v = value(model, name, row, field);
      if (
        field.kind === 'computed' &&
        (name.endsWith('_count') ||
          name.startsWith('count_') ||
          name === 'tagged_items' ||
          name.startsWith('allocated_'))
      )
        counters.push([name, v]);
      else out[name] = v;
    }
    if (model.tagged) out.tags = tagList(row);
    if (model.customFields) out.custom_fields = customFields(model, row);
    out.created = row.created ?? null;
    out.last_updated = row.last_updated ?? null;
    for (const [k, v] of counters) out[k] = v;
    return out;
  }

  return { render, nested };
}
