// The app module the servers load by default: set up the user's project (settings, apps) and
// return the node listener over its middleware and URLconf. `runserver` and `serve` import it
// in each server process (see core/servers/load-app.ts).
import { relative } from 'node:path';
import { settings } from '../../conf/index.ts';
import { setup } from '../setup.ts';
import { createNodeListener } from './node-handler.ts';

/**
 * Load the project and build its listener.
 *
 * @example
 * const app = await createProjectApp({ settingsPath: './mysite/settings.ts', projectRoot: '/srv/mysite', dev: true });
 */
export default async function createProjectApp(options: { settingsPath?: string; projectRoot?: string; dev: boolean }) {
  const project = await setup({ settings: options.settingsPath, cwd: options.projectRoot });
  const listener = await createNodeListener();
  const settingsName = project.settingsPath ? `./${relative(project.root, project.settingsPath)}` : undefined;
  return { listener, debug: settings.DEBUG === true, settingsName };
}
