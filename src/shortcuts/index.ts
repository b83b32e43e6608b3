// `reinhardt/shortcuts`: render, redirect, getObjectOr404, getListOr404.
export { render, renderToString, redirect, getObjectOr404, getListOr404, type RedirectTarget } from './render.ts';
export { templateEngine, resetTemplateEngine } from './template-engine.ts';
