// Q objects: filter conditions combined with and/or/not. A Q holds lookups as given; the
// Query resolves and validates them against the model when the Q is applied.

/** A Q node child: a `[lookupKey, value]` pair or a nested Q. */
export type QChild = readonly [string, unknown] | QObject;

/**
 * A filter condition that combines with `and`, `or` and `not`.
 *
 * Differs from Django: `Q(a).or(Q(b))` instead of `Q(a) | Q(b)`, `.not()` instead of `~`.
 * `Q<Question>({...})` checks keys like `filter()`; plain `Q({...})` is the untyped escape hatch
 * (keys are still validated at run time).
 *
 * @example
 * Question.objects.filter(Q({ questionText__startswith: 'What' }).or(Q({ pubDate__year: 2005 })))
 * // WHERE ("t0"."question_text" LIKE ? ESCAPE '\' OR EXTRACT(YEAR FROM ...) = ?)
 */
export class QObject {
  readonly children: QChild[];
  readonly connector: 'AND' | 'OR';
  readonly negated: boolean;
  readonly isQ = true;

  constructor(args: Record<string, unknown> = {}, connector: 'AND' | 'OR' = 'AND', negated = false, children?: QChild[]) {
    this.children = children ?? Object.entries(args);
    this.connector = connector;
    this.negated = negated;
  }

  /** Return `this AND other`. */
  and(...others: QObject[]): QObject {
    return new QObject({}, 'AND', false, [this, ...others]);
  }

  /** Return `this OR other`. */
  or(...others: QObject[]): QObject {
    return new QObject({}, 'OR', false, [this, ...others]);
  }

  /** Return the negation of this condition. */
  not(): QObject {
    return new QObject({}, this.connector, !this.negated, this.children);
  }

  /** Describe this Q as plain data (for migrations: constraints and index conditions). */
  deconstruct(): { connector: 'AND' | 'OR'; negated: boolean; children: unknown[] } {
    return {
      connector: this.connector,
      negated: this.negated,
      children: this.children.map((c) => (c instanceof QObject ? c.deconstruct() : [c[0], c[1]])),
    };
  }

  /** Rebuild a Q from `deconstruct()` output. */
  static fromDeconstructed(d: { connector: 'AND' | 'OR'; negated: boolean; children: unknown[] }): QObject {
    const children = d.children.map((c) => (Array.isArray(c) ? ([c[0], c[1]] as const) : QObject.fromDeconstructed(c as never)));
    return new QObject({}, d.connector, d.negated, children as QChild[]);
  }
}

/** A Q condition (the instance type of `Q(...)`). */
export type Q = QObject;

/**
 * Build a Q condition. Typed when given the filter type: `Q<FilterArgs<Question>>({...})`;
 * untyped keys are still validated against the model when applied.
 *
 * @example
 * Q({ votes__gt: 10 }).or(Q({ choiceText: 'Not much' }))
 */
export function Q<A extends object = Record<string, unknown>>(args: A): QObject {
  return new QObject(args as Record<string, unknown>);
}
