// Index and constraint declarations for model Meta: they describe themselves for migrations
// (`deconstruct`) and for the schema editor (`spec`, with conditions compiled by the caller).
import type { Q } from './query-utils.ts';

/** A plain description that rebuilds an index or constraint. */
export interface DeconstructedIndex {
  type: 'Index' | 'UniqueConstraint' | 'CheckConstraint';
  options: Record<string, unknown>;
}

/** Shared shape of Index and UniqueConstraint: named fields with an optional condition. */
abstract class FieldsDeclaration {
  readonly fields: readonly string[];
  readonly name: string;
  readonly condition: Q | undefined;
  protected abstract readonly kind: 'Index' | 'UniqueConstraint';

  constructor(options: { fields: readonly string[]; name: string; condition?: Q }) {
    this.fields = options.fields;
    this.name = options.name;
    this.condition = options.condition;
  }

  deconstruct(): DeconstructedIndex {
    const options: Record<string, unknown> = { fields: [...this.fields], name: this.name };
    if (this.condition) options['condition'] = this.condition.deconstruct();
    return { type: this.kind, options };
  }
}

/**
 * A database index over fields (`'-field'` for descending), optionally partial.
 *
 * @example
 * indexes: [new Index({ fields: ['lastName', 'firstName'], name: 'person_name_idx' })]
 */
export class Index extends FieldsDeclaration {
  protected readonly kind = 'Index';
}

/**
 * A unique constraint over fields, optionally conditional.
 *
 * @example
 * constraints: [new UniqueConstraint({ fields: ['user', 'slug'], name: 'uniq_user_slug' })]
 */
export class UniqueConstraint extends FieldsDeclaration {
  protected readonly kind = 'UniqueConstraint';
}

/**
 * A CHECK constraint written as a Q condition.
 *
 * @example
 * constraints: [new CheckConstraint({ check: Q({ age__gte: 18 }), name: 'age_gte_18' })]
 */
export class CheckConstraint {
  readonly check: Q;
  readonly name: string;
  constructor(options: { check: Q; name: string }) {
    this.check = options.check;
    this.name = options.name;
  }
  deconstruct(): DeconstructedIndex {
    return { type: 'CheckConstraint', options: { check: this.check.deconstruct(), name: this.name } };
  }
}

/** Any Meta constraint. */
export type Constraint = UniqueConstraint | CheckConstraint;
