// System check messages: a level, a Django-style id (`urls.W002`), a message and a hint.
// Layer 2.

/** Check message levels, with Django's numeric values. */
export const CheckLevel = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 } as const;
export type CheckLevelName = keyof typeof CheckLevel;

/**
 * One finding of a system check.
 *
 * @example
 * new CheckMessage('WARNING', 'urls.W002', "Your URL pattern '/polls/' has a route beginning with a '/'.", { hint: 'Remove this slash.' })
 */
export class CheckMessage {
  readonly level: CheckLevelName;
  readonly id: string;
  readonly message: string;
  readonly hint: string | undefined;
  /** What the message is about: a file and line, a model, a setting. */
  readonly obj: string | undefined;

  constructor(level: CheckLevelName, id: string, message: string, options: { hint?: string; obj?: string } = {}) {
    this.level = level;
    this.id = id;
    this.message = message;
    this.hint = options.hint;
    this.obj = options.obj;
  }

  /** Whether this message is at least ERROR. */
  get isSerious(): boolean {
    return CheckLevel[this.level] >= CheckLevel.ERROR;
  }

  toString(): string {
    const where = this.obj ? `${this.obj}: ` : '';
    return `${where}(${this.id}) ${this.message}${this.hint ? `\n\tHINT: ${this.hint}` : ''}`;
  }
}

/** Shorthands: `warning('urls.W002', '...')`. */
export const debug = (id: string, message: string, o?: { hint?: string; obj?: string }) => new CheckMessage('DEBUG', id, message, o);
export const info = (id: string, message: string, o?: { hint?: string; obj?: string }) => new CheckMessage('INFO', id, message, o);
export const warning = (id: string, message: string, o?: { hint?: string; obj?: string }) => new CheckMessage('WARNING', id, message, o);
export const error = (id: string, message: string, o?: { hint?: string; obj?: string }) => new CheckMessage('ERROR', id, message, o);
export const critical = (id: string, message: string, o?: { hint?: string; obj?: string }) => new CheckMessage('CRITICAL', id, message, o);
