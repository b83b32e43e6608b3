// The project's template engine, built once from settings.TEMPLATES and the installed apps
// (templates/ folders, templatetags/ libraries), with `{% url %}` wired to `reverse()` and
// `{% static %}` to STATIC_URL. Layer 5: it joins template (3b), urls (3b) and apps (2).
import { Engine, loadTemplatetags } from '../template/index.ts';
import type { TemplatesSetting } from '../template/index.ts';
import { settings, projectPath } from '../conf/settings.ts';
import { apps } from '../apps/registry.ts';
import { reverse } from '../urls/reverse.ts';
import { settingChanged } from '../core/signals.ts';
import { ImproperlyConfigured } from '../core/exceptions.ts';

const BACKENDS = new Set(['reinhardt', 'reinhardt/template', 'django.template.backends.django.DjangoTemplates']);

let cached: Promise<Engine> | undefined;

settingChanged.connect(({ setting }) => {
  if (['TEMPLATES', 'DEBUG', 'INSTALLED_APPS', 'STATIC_URL', 'USE_TZ', 'TIME_ZONE'].includes(setting)) cached = undefined;
});

/**
 * Return the project's template engine (the first `TEMPLATES` entry), building it on first use.
 *
 * @example
 * const html = await (await templateEngine()).renderToString('polls/index.html', { questions });
 */
export function templateEngine(): Promise<Engine> {
  cached ??= buildEngine().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function buildEngine(): Promise<Engine> {
  const entry = settings.TEMPLATES[0] as TemplatesSetting | undefined;
  if (!entry) {
    throw new ImproperlyConfigured("No template engine: add TEMPLATES: [{ BACKEND: 'reinhardt', DIRS: [], APP_DIRS: true }] to settings");
  }
  if (!BACKENDS.has(entry.BACKEND ?? '')) {
    throw new ImproperlyConfigured(`TEMPLATES[0].BACKEND '${entry.BACKEND}' is not a known template engine; use 'reinhardt'`);
  }
  const appDirs = apps.isReady ? apps.getAppConfigs().map((c) => c.path) : [];
  const staticUrl = settings.STATIC_URL ?? '';
  return Engine.fromSettings(
    { ...entry, DIRS: (entry.DIRS ?? []).map((d) => projectPath(d)) },
    {
      appTemplateDirs: appDirs,
      appLibraries: await loadTemplatetags(appDirs),
      debug: settings.DEBUG,
      timeZone: settings.USE_TZ ? settings.TIME_ZONE : undefined,
      urlResolver: (name, args, kwargs, currentApp) =>
        reverse(name as never, (args.length ? { args, currentApp } : { kwargs, currentApp }) as never),
      staticUrl: staticUrl === '' || staticUrl.startsWith('/') || /^\w+:\/\//.test(staticUrl) ? staticUrl : `/${staticUrl}`,
    },
  );
}

/** Forget the built engine (tests that change templates on disk or settings call this). */
export function resetTemplateEngine(): void {
  cached = undefined;
}
