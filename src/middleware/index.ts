// reinhardt/middleware: the built-in middleware and the base class for your own.
export { MiddlewareMixin } from './middleware-mixin.ts';
export { SecurityMiddleware } from './security.ts';
export { XFrameOptionsMiddleware } from './clickjacking.ts';
export { CommonMiddleware } from './common.ts';
export { GZipMiddleware } from './gzip.ts';
export { ConditionalGetMiddleware } from './conditional-get.ts';
export { patchVaryHeaders } from './vary.ts';
