// The builtin library (every tag and filter available without `{% load %}`) and the standard
// loadable libraries (static, i18n, l10n), installed into every Engine.
import { setDateLocalizer } from './variable.ts';
import { formatDate } from '../utils/dateformat.ts';
import { setBuiltinsProvider } from './engine.ts';
import { registerDataFilters } from './filters/data-filters.ts';
import { registerTextFilters } from './filters/text-filters.ts';
import { Library } from './library.ts';
import { registerControlTags } from './tags/control-tags.ts';
import { registerCycleTags } from './tags/cycle-tags.ts';
import { i18nLibrary, l10nLibrary } from './tags/i18n-tags.ts';
import { registerInheritanceTags } from './tags/inheritance-tags.ts';
import { registerMiscTags } from './tags/misc-tags.ts';
import { registerPartialTags } from './tags/partial-tags.ts';
import { registerRegroupTag } from './tags/regroup-tag.ts';
import { registerUrlTags } from './tags/url-tags.ts';
import { staticLibrary } from './tags/static-tags.ts';

/** Every builtin tag and filter (Django's defaulttags, defaultfilters and loader_tags). */
export const builtinLibrary = new Library();
registerControlTags(builtinLibrary);
registerCycleTags(builtinLibrary);
registerInheritanceTags(builtinLibrary);
registerMiscTags(builtinLibrary);
registerRegroupTag(builtinLibrary);
registerUrlTags(builtinLibrary);
registerPartialTags(builtinLibrary);
registerTextFilters(builtinLibrary);
registerDataFilters(builtinLibrary);

/** Libraries every engine can `{% load %}` without configuration. */
export const standardLibraries: Record<string, Library> = {
  static: staticLibrary,
  i18n: i18nLibrary,
  l10n: l10nLibrary,
};

setDateLocalizer((d) => formatDate(d, 'N j, Y, P'));
setBuiltinsProvider(() => ({ builtins: [builtinLibrary], libraries: standardLibraries }));
