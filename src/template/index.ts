// `reinhardt/template`: the Django template language engine.
import './builtins.ts';
import './context-processors.ts';
import { Engine } from './engine.ts';
import { setDefaultEngineFactory } from './template.ts';

setDefaultEngineFactory(() => new Engine());

export { Engine, InvalidTimeZoneError, registerContextProcessor } from './engine.ts';
export { csrfProcessor, debugProcessor, i18nProcessor, requestProcessor } from './context-processors.ts';
export type { ContextProcessor, EngineOptions, TemplatesSetting, FromSettingsExtra, UrlResolver } from './engine.ts';
export { Template } from './template.ts';
export type { TemplateOptions } from './template.ts';
export { Context, RenderContext } from './context.ts';
export { Library } from './library.ts';
export type { FilterFunction, FilterOptions, FilterSpec, TagCompiler, SimpleTagOptions } from './library.ts';
export { Node, NodeList, TextNode, VariableNode, mapRendered, mapValue, withCleanup } from './nodes.ts';
export type { Rendered, Origin } from './nodes.ts';
export { Parser } from './parser.ts';
export { tokenize, splitContents } from './lexer.ts';
export type { Token, TokenType } from './lexer.ts';
export { FilterExpression, Variable, altersData, doNotCallInTemplates } from './variable.ts';
export {
  TemplateError,
  TemplateSyntaxError,
  TemplateDoesNotExist,
  VariableDoesNotExist,
  TemplateRuntimeError,
} from './errors.ts';
export type { TemplateDebugInfo, TemplateDebugLine } from './errors.ts';
export { Loader } from './loaders/loader.ts';
export type { TemplateSource, FoundTemplate } from './loaders/loader.ts';
export { LocmemLoader } from './loaders/locmem-loader.ts';
export { FilesystemLoader, AppDirectoriesLoader } from './loaders/filesystem-loader.ts';
export { CachedLoader } from './loaders/cached-loader.ts';
export { checkTemplates } from './check-templates.ts';
export type { TemplateProblem } from './check-templates.ts';
export { loadTemplatetags } from './templatetags.ts';
export { builtinLibrary, standardLibraries } from './builtins.ts';
export { PyFloat, PyTuple } from './python-values.ts';
export { SafeString, markSafe, isSafe } from '../utils/safestring.ts';
