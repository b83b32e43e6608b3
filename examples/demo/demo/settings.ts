// Settings of the demo project: SQLite next to this folder, DEBUG on, one app (polls).
import { defineSettings } from 'reinhardt/conf';

export default defineSettings({
  BASE_DIR: new URL('..', import.meta.url).pathname,
  SECRET_KEY: 'reinhardt-insecure-demo-key-do-not-use-in-production-0123456789',
  DEBUG: true,
  ALLOWED_HOSTS: ['localhost', '127.0.0.1'],
  INSTALLED_APPS: ['./polls'],
  MIDDLEWARE: [
    'reinhardt/middleware:SecurityMiddleware',
    'reinhardt/middleware:CommonMiddleware',
    'reinhardt/middleware:XFrameOptionsMiddleware',
  ],
  ROOT_URLCONF: './demo/urls.ts',
  DATABASES: {
    default: { ENGINE: 'sqlite', NAME: 'db.sqlite3' },
  },
  TEMPLATES: [{ BACKEND: 'reinhardt', DIRS: ['templates'], APP_DIRS: true }],
  TIME_ZONE: 'UTC',
  USE_TZ: true,
});
