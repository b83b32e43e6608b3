// `reinhardt startproject NAME [DIR]`: create a project that runs at once (welcome page).
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { defineCommand } from '../base.ts';
import { frameworkRoot, linkCheckout, runsFromCheckout, targetDir, validateName, writeTree } from '../scaffold.ts';
import { frameworkVersion } from './version.ts';

/** The files of a new project, by relative path. */
export function projectFiles(name: string, dependency: string): Record<string, string> {
  const secret = `reinhardt-insecure-${randomBytes(36).toString('base64url')}`;
  return {
    'package.json': JSON.stringify({
      name: name.replace(/_/g, '-').toLowerCase(),
      private: true,
      type: 'module',
      scripts: { dev: 'reinhardt runserver', start: 'reinhardt serve', check: 'reinhardt check' },
      dependencies: { reinhardt: dependency },
      reinhardt: { settings: `./${name}/settings.ts` },
    }, null, 2) + '\n',
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true,
        allowImportingTsExtensions: true, noEmit: true, erasableSyntaxOnly: true, verbatimModuleSyntax: true, skipLibCheck: true,
      },
    }, null, 2) + '\n',
    '.gitignore': 'node_modules/\n*.sqlite3\n.env\n',
    '.env.example': '# Copy to .env; variables here override settings (REINHARDT_<SETTING>, DATABASE_URL).\n# REINHARDT_DEBUG=false\n# REINHARDT_SECRET_KEY=change-me\n# DATABASE_URL=postgres://user:password@127.0.0.1:5432/' + name + '\n',
    [`${name}/settings.ts`]: `// Settings of the ${name} project. Every setting and its default: docs/ref/settings.md.
// Values can be overridden from the environment: REINHARDT_DEBUG=false, DATABASE_URL=...
import { defineSettings } from 'reinhardt/conf';

export default defineSettings({
  // The project root: relative paths in settings resolve against it.
  BASE_DIR: new URL('..', import.meta.url).pathname,

  // Development key: set REINHARDT_SECRET_KEY in production (reinhardt check --deploy warns).
  SECRET_KEY: '${secret}',

  // Never run with DEBUG on in production.
  DEBUG: true,
  ALLOWED_HOSTS: [],

  // Local apps are folders ('./polls'); packages by name.
  INSTALLED_APPS: [],

  MIDDLEWARE: [
    'reinhardt/middleware:SecurityMiddleware',
    'reinhardt/middleware:CommonMiddleware',
    'reinhardt/middleware:XFrameOptionsMiddleware',
  ],

  ROOT_URLCONF: './${name}/urls.ts',

  DATABASES: {
    default: { ENGINE: 'sqlite', NAME: 'db.sqlite3' },
  },

  TEMPLATES: [{ BACKEND: 'reinhardt', DIRS: [], APP_DIRS: true }],

  TIME_ZONE: 'UTC',
  USE_TZ: true,
  STATIC_URL: 'static/',
});
`,
    [`${name}/urls.ts`]: `// The URL configuration of ${name}: the list of patterns the server matches requests against.
// Examples:
//   import { path, include } from 'reinhardt/urls';
//   import { index } from '../polls/views.ts';
//   path('', index, { name: 'index' })
//   path('polls/', include(await import('../polls/urls.ts')))
export const urlpatterns = [];

export default urlpatterns;
`,
    'README.md': `# ${name}\n\nA Reinhardt project.\n\n    npx reinhardt runserver     # development server with reload\n    npx reinhardt startapp polls\n    npx reinhardt check\n`,
  };
}

export default defineCommand({
  help: 'Create a new project in DIR (default: a new folder named NAME).',
  args: [
    { name: 'name', help: 'the project name (an identifier)' },
    { name: 'directory', help: 'where to create it', optional: true },
  ],
  options: {
    'no-link': { type: 'boolean', help: 'do not link node_modules/reinhardt to this checkout' },
  },
  requiresSetup: false,
  handle({ args, options, stdout, cwd }) {
    const name = args.name!;
    validateName('project', name);
    const dir = targetDir(cwd, args.directory, name);
    const fromCheckout = runsFromCheckout();
    const dependency = fromCheckout ? `file:${frameworkRoot()}` : `^${frameworkVersion()}`;
    writeTree(dir, projectFiles(name, dependency));
    const linked = fromCheckout && !options['no-link'];
    if (linked) linkCheckout(dir);
    const rel = relative(cwd, dir) || '.';
    stdout.write(
      `Created project '${name}' in ${dir}\n\nNext:\n` +
        `  cd ${rel}\n` +
        (linked ? '' : '  npm install\n') +
        '  npx reinhardt runserver\n',
    );
  },
});
