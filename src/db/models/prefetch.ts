// prefetchRelated: load relations of many instances with one query per relation level and
// attach the results, so loops read them without queries (`question.choiceSet.all()`).
import { ForeignKey, ManyToManyField } from './fields/related-fields.ts';
import { F } from './expressions.ts';
import { FieldError } from './errors.ts';
import { querySetHooks, type QuerySet } from './query-set.ts';
import { STATE, type Model, type ModelClass } from './model.ts';

type Inst = Model & Record<string, unknown>;

/**
 * A prefetch lookup with a custom QuerySet and/or a different attribute name.
 *
 * @example
 * Question.objects.prefetchRelated(new Prefetch('choiceSet', Choice.objects.filter({ votes__gt: 0 }), { toAttr: 'popular' }))
 */
export class Prefetch {
  readonly lookup: string;
  readonly queryset: QuerySet<any, any, any> | null;
  readonly toAttr: string | null;
  constructor(lookup: string, queryset: QuerySet<any, any, any> | null = null, options: { toAttr?: string } = {}) {
    this.lookup = lookup;
    this.queryset = queryset;
    this.toAttr = options.toAttr ?? null;
  }
}

function group<T>(rows: T[], key: (r: T) => unknown): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = String(key(r));
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return m;
}

async function prefetchOne(instances: Inst[], name: string, rest: string, custom: QuerySet<any, any, any> | null, toAttr: string | null, db: string): Promise<Inst[]> {
  const model = instances[0]!.constructor as ModelClass;
  const meta = model.meta;
  const f = meta.findField(name);
  const rel = f ? null : meta.findReverse(name);
  if (!f && !rel) throw new FieldError(`Cannot find '${name}' on ${meta.label} to prefetch; it is not a relation${meta.queryNames().length ? ` (relations: ${[...meta.fields.filter((x) => x.isRelation).map((x) => x.name), ...meta.relatedObjects.filter((r) => !r.name.endsWith('+')).map((r) => r.name)].join(', ')})` : ''}`);
  let fetched: Inst[] = [];
  if (f instanceof ForeignKey) {
    const target = f.target as unknown as ModelClass;
    const ids = [...new Set(instances.map((i) => i[f.attname]).filter((v) => v !== null && v !== undefined))];
    const qs = (custom ?? target.objects.all()).using(db).filter({ pk__in: ids } as never);
    fetched = ids.length ? ((await qs) as Inst[]) : [];
    const byPk = new Map(fetched.map((o) => [String(o.pk), o]));
    for (const i of instances) {
      const v = i[f.attname];
      const obj = v === null || v === undefined ? null : byPk.get(String(v)) ?? null;
      if (toAttr) i[toAttr] = obj;
      else i[STATE].cache[f.name] = obj;
    }
  } else if (f instanceof ManyToManyField || rel?.field instanceof ManyToManyField) {
    const m2m = (f ?? rel!.field) as ManyToManyField;
    const reverse = !f;
    const other = (reverse ? m2m.model : m2m.target) as unknown as ModelClass;
    // Name of the relation from the other model back to this one.
    const back = reverse ? m2m.name : other.meta.relatedObjects.find((r) => r.field === m2m)?.name;
    if (!back) throw new FieldError(`prefetchRelated('${name}') needs the reverse relation of ${meta.label}.${name} (do not use relatedName '+')`);
    const pks = instances.map((i) => i.pk);
    const base = (custom ?? other.objects.all()).using(db);
    const qs = base.filter({ [`${back}__in`]: pks } as never).annotate({ prefetchSource: F(back) });
    qs.query.shareMultiJoins = true;
    fetched = (await qs) as Inst[];
    const groups = group(fetched, (o) => o['prefetchSource']);
    for (const i of instances) {
      const list = groups.get(String(i.pk)) ?? [];
      if (toAttr) i[toAttr] = list;
      else i[STATE].prefetched[name] = list;
    }
  } else if (rel) {
    const fk = rel.field as ForeignKey;
    const related = rel.relatedModel as unknown as ModelClass;
    const keys = [...new Set(instances.map((i) => i[fk.targetField.attname]))];
    const qs = (custom ?? related.objects.all()).using(db).filter({ [`${fk.attname}__in`]: keys } as never);
    fetched = keys.length ? ((await qs) as Inst[]) : [];
    const groups = group(fetched, (o) => o[fk.attname]);
    for (const i of instances) {
      const list = groups.get(String(i[fk.targetField.attname])) ?? [];
      for (const o of list) o[STATE].cache[fk.name] = i;
      if (toAttr) i[toAttr] = rel.multiple ? list : list[0] ?? null;
      else if (rel.multiple) i[STATE].prefetched[name] = list;
      else i[STATE].cache[name] = list[0] ?? null;
    }
  }
  if (rest && fetched.length) await prefetchInstances(fetched, [rest], db);
  return fetched;
}

/** Prefetch `lookups` for `instances` (all of one model). */
export async function prefetchInstances(instances: Model[], lookups: unknown[], db: string): Promise<void> {
  if (instances.length === 0) return;
  const done = new Map<string, Inst[]>();
  for (const l of lookups) {
    const p = l instanceof Prefetch ? l : typeof l === 'string' ? new Prefetch(l) : null;
    if (!p) throw new FieldError('prefetchRelated() takes relation names or Prefetch objects');
    const [head, ...tail] = p.lookup.split('__');
    const rest = tail.join('__');
    const key = `${head}`;
    const prior = done.get(key);
    if (prior && !p.queryset && !p.toAttr) {
      if (rest && prior.length) await prefetchInstances(prior, [rest], db);
      continue;
    }
    const fetched = await prefetchOne(instances as Inst[], head!, tail.length ? rest : '', tail.length ? null : p.queryset, tail.length ? null : p.toAttr, db);
    if (tail.length && p.queryset) await prefetchInstances(fetched, [new Prefetch(rest, p.queryset, p.toAttr ? { toAttr: p.toAttr } : {})], db);
    done.set(key, fetched);
  }
}

querySetHooks.prefetch = prefetchInstances;
