export interface TagDTO {
  id: number;
  name: string;
  slug: string;
  color: string;
}

export function isTagList(value: unknown): value is TagDTO[] {
  return (
    Array.isArray(value) &&
    value.every((t) => typeof t === 'object' && t !== null && typeof (t as TagDTO).name === 'string')
  );
}

/** Dark text on light tag colours and vice versa (NetBox stores colours as 6-digit hex). */
function textColor(hex: string): string {
  const rgb = /^[0-9a-f]{6}$/i.test(hex) ? [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) : [158, 158, 158];
  const luminance = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255;
  return luminance > 0.6 ? '#18181b' : '#ffffff';
}

export function TagList({ tags }: { tags: TagDTO[] }) {
  return (
    <section className="card" aria-labelledby="tags-heading">
      <h2 id="tags-heading" className="card-title">
        Tags
      </h2>
      <div className="p-3">
        {tags.length === 0 ? (
          <p className="text-sm text-zinc-500">No tags assigned.</p>
        ) : (
          <ul className="flex flex-wrap gap-1">
            {tags.map((tag) => {
              const color = /^[0-9a-f]{6}$/i.test(tag.color) ? tag.color : '9e9e9e';
              return (
                <li key={tag.id}>
                  <span
                    className="inline-block rounded px-1.5 py-0.5 text-xs font-medium"
                    style={{ backgroundColor: `#${color}`, color: textColor(color) }}
                  >
                    {tag.name}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
