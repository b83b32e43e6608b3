// Nunjucks ships no type declarations; the template benchmark only needs it untyped.
declare module 'nunjucks';
