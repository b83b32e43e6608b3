// Errors raised by the model layer, each with a stable `code`.
import { ReinhardtError } from '../../core/exceptions.ts';
import { closest } from '../../utils/suggest.ts';

/**
 * Raise when a name (field, lookup, annotation, ordering key) is not known to a model. The
 * message names the model and suggests the closest known name.
 *
 * @example
 * // polls.Question has no field 'pub_dat'; did you mean 'pubDate'? Choices: id, questionText, pubDate
 */
export class FieldError extends ReinhardtError {
  constructor(message: string, code = 'db.field_error') {
    super(message, code);
  }
}

/** Raise when a model has no field `name`. */
export class FieldDoesNotExist extends FieldError {
  constructor(message: string) {
    super(message, 'db.field_does_not_exist');
  }
}

/** Raise when deleting an object is prevented by a PROTECT foreign key. */
export class ProtectedError extends ReinhardtError {
  readonly protectedObjects: unknown[];
  constructor(message: string, protectedObjects: unknown[], code = 'db.protected') {
    super(message, code);
    this.protectedObjects = protectedObjects;
  }
}

/** Raise when deleting an object is prevented by a RESTRICT foreign key. */
export class RestrictedError extends ProtectedError {
  constructor(message: string, objects: unknown[]) {
    super(message, objects, 'db.restricted');
  }
}

/** Build the "did you mean" suffix for an unknown `name` among `known`. */
export function suggestion(name: string, known: Iterable<string>): string {
  const list = [...known];
  const best = closest(name, list);
  return (best ? `; did you mean '${best}'?` : '') + ` Choices are: ${list.join(', ')}`;
}
