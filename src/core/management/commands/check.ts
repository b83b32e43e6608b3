// `reinhardt check`: run the system checks and report their findings, Django-style.
import { defineCommand, CommandError } from '../base.ts';
import { checks, failsAt, registerBuiltinChecks, CheckLevel, type CheckMessage } from '../../checks/index.ts';
import { settings } from '../../../conf/settings.ts';
import { apps } from '../../../apps/registry.ts';
import { registerProjectChecks } from '../project-checks.ts';

const HEADINGS: Record<string, string> = { CRITICAL: 'CRITICALS', ERROR: 'ERRORS', WARNING: 'WARNINGS', INFO: 'INFOS', DEBUG: 'DEBUGS' };

/** Format messages as Django does: grouped by level, then a summary line. */
export function formatCheckReport(messages: CheckMessage[], silencedCount: number): string {
  const lines: string[] = [];
  const visible = messages.filter((m) => CheckLevel[m.level] >= CheckLevel.INFO);
  if (visible.length) lines.push('System check identified some issues:', '');
  for (const level of ['CRITICAL', 'ERROR', 'WARNING', 'INFO'] as const) {
    const group = visible.filter((m) => m.level === level);
    if (!group.length) continue;
    lines.push(`${HEADINGS[level]}:`);
    for (const m of group.sort((a, b) => a.id.localeCompare(b.id))) lines.push(String(m));
    lines.push('');
  }
  const n = visible.length;
  lines.push(`System check identified ${n === 0 ? 'no issues' : n === 1 ? '1 issue' : `${n} issues`} (${silencedCount} silenced).`);
  return lines.join('\n') + '\n';
}

export default defineCommand({
  help: 'Check the project for common problems.',
  args: [{ name: 'appLabels', help: 'only check these apps', variadic: true }],
  options: {
    tag: { type: 'string', short: 't', multiple: true, help: 'only run checks with this tag' },
    'list-tags': { type: 'boolean', help: 'list the available tags' },
    deploy: { type: 'boolean', help: 'also run the deployment checks' },
    'fail-level': { type: 'string', choices: ['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG'], default: 'ERROR', help: 'exit non-zero at this level' },
    database: { type: 'string', multiple: true, help: 'run database checks against this alias' },
  },
  async handle({ options, rest, stdout, stderr }) {
    registerBuiltinChecks();
    registerProjectChecks();
    if (options['list-tags']) {
      stdout.write(checks.tags({ deploy: options.deploy }).join('\n') + '\n');
      return;
    }
    for (const label of rest) apps.getAppConfig(label);
    const known = checks.tags({ deploy: true });
    for (const t of options.tag) if (!known.includes(t)) throw new CommandError(`There is no system check with the '${t}' tag.`);
    const all = await checks.run({ tags: options.tag, deploy: options.deploy, appLabels: rest.length ? rest : undefined, databases: options.database });
    const silenced = new Set(settings.SILENCED_SYSTEM_CHECKS);
    const messages = all.filter((m) => !silenced.has(m.id));
    const report = formatCheckReport(messages, all.length - messages.length);
    const failing = failsAt(messages, options['fail-level'] as keyof typeof CheckLevel);
    (failing ? stderr : stdout).write(report);
    return failing ? 1 : 0;
  },
});
