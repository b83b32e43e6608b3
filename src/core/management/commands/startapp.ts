// `reinhardt startapp NAME [DIR]`: create an app folder with its conventional parts.
import { relative } from 'node:path';
import { defineCommand } from '../base.ts';
import { targetDir, validateName, writeTree } from '../scaffold.ts';

/** The files of a new app, by relative path. */
export function appFiles(name: string): Record<string, string> {
  const className = name.split('_').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('') + 'Config';
  return {
    'app.ts': `import { AppConfig } from 'reinhardt/apps';

export default class ${className} extends AppConfig {
  override label = '${name}';
}
`,
    'models.ts': `// The ${name} app's models: declare them here and export them.
`,
    'views.ts': `import { HttpResponse } from 'reinhardt/http';
import type { HttpRequest } from 'reinhardt/http';

export function index(_request: HttpRequest) {
  return new HttpResponse('Hello from ${name}.');
}
`,
    'urls.ts': `import { path } from 'reinhardt/urls';
import { index } from './views.ts';

export const appName = '${name}';

export const urlpatterns = [
  path('', index, { name: 'index' }),
];
`,
    'migrations/.gitkeep': '',
    [`templates/${name}/.gitkeep`]: '',
    'commands/.gitkeep': '',
    'tests/.gitkeep': '',
  };
}

export default defineCommand({
  help: 'Create a new app in DIR (default: a new folder named NAME in the current directory).',
  args: [
    { name: 'name', help: 'the app name (an identifier; also its label)' },
    { name: 'directory', help: 'where to create it', optional: true },
  ],
  requiresSetup: false,
  handle({ args, stdout, cwd }) {
    const name = args.name!;
    validateName('app', name);
    const dir = targetDir(cwd, args.directory, name);
    writeTree(dir, appFiles(name));
    const rel = relative(cwd, dir) || '.';
    stdout.write(
      `Created app '${name}' in ${dir}\n\nNext: add it to INSTALLED_APPS in your settings:\n` +
        `  INSTALLED_APPS: [..., './${rel.replace(/^\.\//, '')}'],\n` +
        `and include its URLs in your root urls.ts.\n`,
    );
  },
});
