import { AppConfig } from 'reinhardt/apps';

export default class PollsConfig extends AppConfig {
  override label = 'polls';
  override verboseName = 'Polls';
}
