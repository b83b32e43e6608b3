// Questions the autodetector cannot answer alone: was this a rename, what value should existing
// rows get. Answers come from `--rename`/`--default` flags first, then from a prompt on a TTY;
// with `--noinput` the documented defaults apply, so CI never waits for input.

import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { MigrationError } from './errors.ts';
import type { FieldDescription } from './descriptions.ts';

/** Marker: keep the alteration without a one-off default (existing NULLs must be handled by hand). */
export const NO_DEFAULT = Symbol('reinhardt.migrations.noDefault');

/**
 * Answers the autodetector asks for.
 */
export interface Questioner {
  /** Whether model `oldName` of `app` was renamed to `newName`. */
  askRenameModel(app: string, oldName: string, newName: string): Promise<boolean>;
  /** Whether field `oldName` of `app.model` was renamed to `newName`. */
  askRenameField(app: string, model: string, oldName: string, newName: string, field: FieldDescription): Promise<boolean>;
  /** A one-off value for existing rows of a new non-null field without a default. */
  askNotNullAddition(app: string, model: string, field: string): Promise<unknown>;
  /** A one-off value for existing NULL rows of a field becoming non-null, or NO_DEFAULT. */
  askNotNullAlteration(app: string, model: string, field: string): Promise<unknown>;
  /** The rename given up front for `'app.Model'` or `'app.Model.field'`, if any. */
  renameAnswer(key: string): string | undefined;
  /** Renames answered up front: the keys of those the autodetector never used. */
  unusedAnswers(): string[];
}

/** Options shared by the questioners. */
export interface QuestionerOptions {
  /**
   * Rename answers: `'app.Model=NewModel'` (a model) or `'app.Model.old=new'` (a field).
   * Names are those in the models (the old name is the one in the migration files).
   */
  renames?: string[];
  /** One-off defaults: `'app.Model.field=<JSON value>'`. */
  defaults?: string[];
  /** Never prompt: apply the documented defaults (a possible rename is not a rename). */
  noInput?: boolean;
  input?: Readable;
  output?: Writable;
}

function parsePairs(list: string[], flag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) {
      throw new MigrationError(`${flag} expects 'app.Model=NewName' or 'app.Model.old=new', got '${item}'`, 'migrations.bad_option');
    }
    out.set(item.slice(0, eq).toLowerCase(), item.slice(eq + 1));
  }
  return out;
}

function parseValue(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MigrationError(`The default for ${where} must be a JSON value (e.g. 0, "text", true, null), got ${text}`, 'migrations.bad_option');
  }
}

/**
 * Answer from flags, then prompt when interactive; with `noInput`, apply the defaults:
 * a possible rename is treated as remove + add (a warning names the `--rename` flag that would
 * keep the data), a new non-null field without a default is an error naming `--default`, and a
 * field becoming non-null proceeds without a one-off default.
 *
 * @example
 * const q = new MigrationQuestioner({ renames: ['polls.Question.text=questionText'], noInput: true });
 * await q.askRenameField('polls', 'Question', 'text', 'questionText', field); // true
 */
export class MigrationQuestioner implements Questioner {
  #renames: Map<string, string>;
  #defaults: Map<string, string>;
  #used = new Set<string>();
  #noInput: boolean;
  #input: Readable | undefined;
  #output: Writable | undefined;

  constructor(options: QuestionerOptions = {}) {
    this.#renames = parsePairs(options.renames ?? [], '--rename');
    this.#defaults = parsePairs(options.defaults ?? [], '--default');
    const input = options.input ?? process.stdin;
    this.#noInput = options.noInput === true || !(input as { isTTY?: boolean }).isTTY;
    this.#input = input;
    this.#output = options.output ?? process.stdout;
  }

  /** Return the explicit rename target for a model or field key, marking it used. */
  renameAnswer(key: string): string | undefined {
    const k = key.toLowerCase();
    const v = this.#renames.get(k);
    if (v !== undefined) this.#used.add(k);
    return v;
  }

  unusedAnswers(): string[] {
    return [...this.#renames.keys()].filter((k) => !this.#used.has(k));
  }

  async #ask(question: string): Promise<string> {
    const rl = createInterface({ input: this.#input!, output: this.#output!, terminal: false });
    try {
      return (await rl.question(question)).trim();
    } finally {
      rl.close();
    }
  }

  #warn(message: string): void {
    this.#output?.write(`${message}\n`);
  }

  async askRenameModel(app: string, oldName: string, newName: string): Promise<boolean> {
    const answer = this.renameAnswer(`${app}.${oldName}`);
    if (answer !== undefined) return answer.toLowerCase() === newName.toLowerCase();
    if (this.#noInput) {
      this.#warn(`  Note: treating ${app}.${oldName} -> ${newName} as delete + create; pass --rename ${app}.${oldName}=${newName} if it was a rename.`);
      return false;
    }
    const a = await this.#ask(`Was the model ${app}.${oldName} renamed to ${newName}? [y/N] `);
    return /^y(es)?$/i.test(a);
  }

  async askRenameField(app: string, model: string, oldName: string, newName: string, field: FieldDescription): Promise<boolean> {
    const answer = this.renameAnswer(`${app}.${model}.${oldName}`);
    if (answer !== undefined) return answer === newName;
    if (this.#noInput) {
      this.#warn(`  Note: treating ${app}.${model}.${oldName} -> ${newName} as remove + add; pass --rename ${app}.${model}.${oldName}=${newName} if it was a rename.`);
      return false;
    }
    const a = await this.#ask(`Was ${app}.${model}.${oldName} renamed to ${model}.${newName} (a ${field.type})? [y/N] `);
    return /^y(es)?$/i.test(a);
  }

  async askNotNullAddition(app: string, model: string, field: string): Promise<unknown> {
    const where = `${app}.${model}.${field}`;
    const flag = this.#defaults.get(where.toLowerCase());
    if (flag !== undefined) return parseValue(flag, where);
    if (this.#noInput) {
      throw new MigrationError(
        `It is impossible to add the non-nullable field '${field}' to ${model} without a default: existing rows need a value. ` +
          `Give the field a default or dbDefault, make it null: true, or pass --default ${where}=<JSON value>.`,
        'migrations.needs_default',
      );
    }
    this.#warn(`It is impossible to add a non-nullable field '${field}' to ${model} without a default; existing rows need a value.`);
    const a = await this.#ask(`Provide a one-off default now as JSON (e.g. 0, "text", true), or leave empty to quit and add a default in ${model}: `);
    if (!a) throw new MigrationError(`Stopped: add a default to ${where} and run makemigrations again`, 'migrations.cancelled');
    return parseValue(a, where);
  }

  async askNotNullAlteration(app: string, model: string, field: string): Promise<unknown> {
    const where = `${app}.${model}.${field}`;
    const flag = this.#defaults.get(where.toLowerCase());
    if (flag !== undefined) return parseValue(flag, where);
    if (this.#noInput) {
      this.#warn(`  Note: ${where} becomes non-nullable without a default; existing NULL rows make the migration fail. Pass --default ${where}=<JSON value> to fill them.`);
      return NO_DEFAULT;
    }
    const a = await this.#ask(`${where} becomes non-nullable. Provide a one-off default for existing NULL rows as JSON, or leave empty to handle them yourself: `);
    return a ? parseValue(a, where) : NO_DEFAULT;
  }
}
