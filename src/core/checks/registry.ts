// The check registry: functions that inspect the project and return CheckMessages, tagged
// (`urls`, `templates`, `models`, `security`, ...). Layer 2; later layers register their checks.
import { CheckLevel, CheckMessage, type CheckLevelName } from './messages.ts';

/** What a check function receives. */
export interface CheckContext {
  /** Limit the run to these app labels (undefined = all). */
  appLabels?: string[];
  /** `check --deploy`: include the deployment checks. */
  deploy: boolean;
  /** Database aliases whose checks may query (`--database`). */
  databases: string[];
}

export type CheckFunction = (ctx: CheckContext) => CheckMessage[] | Promise<CheckMessage[]>;

interface Registered {
  fn: CheckFunction;
  tags: string[];
  deploy: boolean;
}

/** The well-known tags. */
export const Tags = {
  apps: 'apps', compatibility: 'compatibility', database: 'database', models: 'models',
  security: 'security', templates: 'templates', urls: 'urls', settings: 'settings', staticfiles: 'staticfiles',
} as const;

/**
 * A registry of checks; `checks` is the process-wide one `reinhardt check` runs.
 *
 * @example
 * checks.register(() => settings.DEBUG ? [warning('myapp.W001', 'Debug is on')] : [], ['myapp']);
 */
export class CheckRegistry {
  #checks: Registered[] = [];

  /** Register a check with tags; `deploy: true` runs it only with `--deploy`. Returns an unregister function. */
  register(fn: CheckFunction, tags: string[] = [], options: { deploy?: boolean } = {}): () => void {
    const entry = { fn, tags, deploy: options.deploy ?? false };
    this.#checks.push(entry);
    return () => {
      this.#checks = this.#checks.filter((c) => c !== entry);
    };
  }

  /** Every tag any registered check has. */
  tags(options: { deploy?: boolean } = {}): string[] {
    const set = new Set<string>();
    for (const c of this.#checks) if (!c.deploy || options.deploy) c.tags.forEach((t) => set.add(t));
    return [...set].sort();
  }

  /**
   * Run the checks (those with any of `tags`, or all), drop silenced ids, and return the messages.
   * A check that throws becomes a CRITICAL message naming it, so one broken check does not hide the others.
   */
  async run(options: { tags?: string[]; deploy?: boolean; appLabels?: string[]; databases?: string[]; silenced?: string[] } = {}): Promise<CheckMessage[]> {
    const ctx: CheckContext = { appLabels: options.appLabels, deploy: options.deploy ?? false, databases: options.databases ?? [] };
    const out: CheckMessage[] = [];
    for (const c of this.#checks) {
      if (c.deploy && !ctx.deploy) continue;
      if (options.tags?.length && !c.tags.some((t) => options.tags!.includes(t))) continue;
      try {
        out.push(...(await c.fn(ctx)));
      } catch (err) {
        out.push(new CheckMessage('CRITICAL', 'checks.E001', `The check '${c.fn.name || 'anonymous'}' raised: ${(err as Error).stack ?? String(err)}`));
      }
    }
    const silenced = new Set(options.silenced ?? []);
    return out.filter((m) => !silenced.has(m.id));
  }
}

/** The process-wide check registry. */
export const checks = new CheckRegistry();

/** Whether any message is at or above `level`. */
export function failsAt(messages: CheckMessage[], level: CheckLevelName): boolean {
  return messages.some((m) => CheckLevel[m.level] >= CheckLevel[level]);
}
