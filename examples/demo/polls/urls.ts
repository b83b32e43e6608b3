import { path } from 'reinhardt/urls';
import { index, detail, results, vote } from './views.ts';

export const appName = 'polls';

export const urlpatterns = [
  path('', index, { name: 'index' }),
  path('<int:questionId>/', detail, { name: 'detail' }),
  path('<int:questionId>/results/', results, { name: 'results' }),
  path('<int:questionId>/vote/', vote, { name: 'vote' }),
];
