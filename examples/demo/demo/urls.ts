// The demo's root URLconf: the polls app under /polls/, and / redirecting there.
import { path, include } from 'reinhardt/urls';
import { redirect } from 'reinhardt/shortcuts';
import * as polls from '../polls/urls.ts';

export const urlpatterns = [
  path('', () => redirect('polls:index'), { name: 'home' }),
  path('polls/', include(polls)),
];

export default urlpatterns;
