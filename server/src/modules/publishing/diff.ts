import type { Change } from './publishing.types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** No value: never set, cleared, or empty text. */
const absent = (v: unknown): boolean => v === undefined || v === null || v === '';
const scalar = (v: unknown): boolean => !isObject(v) && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const join = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));

/**
 * Field-by-field changes from `before` (the published version) to `after` (the draft), as the Compare page shows
 * them (L17273-17313): a field is added (not published, now set), removed (published, now gone), edited or unchanged.
 * Objects are compared by key and lists of objects by position; a list of plain values is one field.
 */
export function diff(before: unknown, after: unknown, path = ''): Change[] {
  if (absent(before) && absent(after)) return [];
  if (isObject(before) || isObject(after)) {
    if ((isObject(before) || absent(before)) && (isObject(after) || absent(after))) {
      const b = isObject(before) ? before : {};
      const a = isObject(after) ? after : {};
      const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
      return keys.flatMap((k) => diff(b[k], a[k], join(path, k)));
    }
  } else if (Array.isArray(before) || Array.isArray(after)) {
    const b = Array.isArray(before) ? before : [];
    const a = Array.isArray(after) ? after : [];
    if ((Array.isArray(before) || absent(before)) && (Array.isArray(after) || absent(after)) && !(b.every(scalar) && a.every(scalar))) {
      const out: Change[] = [];
      for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diff(b[i], a[i], join(path, i)));
      return out;
    }
    if (b.length === 0 && a.length === 0) return [];
  }
  const change: Change['change'] = absent(before) || (Array.isArray(before) && before.length === 0) ? 'added' : absent(after) || (Array.isArray(after) && after.length === 0) ? 'removed' : same(before, after) ? 'unchanged' : 'edited';
  return [{ path: path || '(value)', change, before: absent(before) ? null : before, after: absent(after) ? null : after }];
}

export type CompareFilter = 'all' | 'modified' | 'added' | 'removed' | 'edited' | 'unchanged';

export function keep(filter: CompareFilter, change: Change['change']): boolean {
  if (filter === 'all') return true;
  if (filter === 'modified') return change !== 'unchanged';
  return filter === change;
}
