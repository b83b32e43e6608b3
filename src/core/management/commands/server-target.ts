// What `runserver` and `serve` both need before starting: the address to bind and the project.
import { CommandError } from '../base.ts';
import { parseAddrPort } from '../../servers/parse-addrport.ts';
import { findSettingsModule } from '../../setup.ts';

/** Parse `[addr:]port` (a bad value is a usage error) and locate the project's settings. */
export function serverTarget(addrport: string | undefined, settingsPath: string | undefined, cwd: string): { host: string; port: number; settingsPath: string | undefined; projectRoot: string } {
  let addr;
  try {
    addr = parseAddrPort(addrport);
  } catch (err) {
    throw new CommandError((err as Error).message, 2);
  }
  const { path, root } = findSettingsModule({ settings: settingsPath, cwd });
  return { host: addr.host, port: addr.port, settingsPath: path, projectRoot: root };
}
