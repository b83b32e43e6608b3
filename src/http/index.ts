// reinhardt/http: requests, responses and the glue that sends them through node:http.
export { Http404, DisallowedRedirect } from '../core/exceptions.ts';
export { HttpRequest, type FromNodeOptions, type RequestLimits, type RequestResolverMatch } from './request.ts';
export { QueryDict, decodeFormComponent, encodeFormComponent, type QueryDictParseOptions } from './query-dict.ts';
export { MultiValueDict, MultiValueDictKeyError } from './multi-value-dict.ts';
export { HttpHeaders, ResponseHeaders, BadHeaderError } from './headers.ts';
export { parseCookie, serializeCookie, makeMorsel, httpDate, type CookieOptions, type Morsel } from './cookie.ts';
export { splitDomainPort, isSameDomain, validateHost } from './host.ts';
export { UploadedFile, InMemoryUploadedFile, TemporaryUploadedFile, type UploadedFileInfo } from './uploaded-file.ts';
export { parseContentType, sanitizeFilename } from './multipart.ts';
export { decodePath } from './request-path.ts';
export { HttpResponseBase, HttpResponse, nodeEncoding, type ResponseInit, type ResponseContent } from './response.ts';
export {
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  HttpResponseNotModified,
  HttpResponseBadRequest,
  HttpResponseForbidden,
  HttpResponseNotFound,
  HttpResponseGone,
  HttpResponseServerError,
  HttpResponseNotAllowed,
  ALLOWED_REDIRECT_SCHEMES,
  MAX_REDIRECT_URL_LENGTH,
  type RedirectInit,
} from './response-subclasses.ts';
export { JsonResponse, type JsonResponseInit } from './json-response.ts';
export { StreamingHttpResponse, type StreamingContent } from './streaming-response.ts';
export { FileResponse, contentDispositionHeader, parseRange, type ByteRange, type FileResponseInit } from './file-response.ts';
export { guessContentType } from './mime-types.ts';
export { writeToNode, nodeHeaders } from './write-to-node.ts';
