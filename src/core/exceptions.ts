// The framework's core exception classes (Django's django.core.exceptions plus Http404).
// Layer 1: every other layer raises these; the request handler maps them to responses.

/** Base class of Reinhardt errors: a message plus a stable, documented `code`. */
export class ReinhardtError extends Error {
  /** A stable identifier for the kind of error, e.g. `'improperly_configured'`. */
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * The project is set up wrongly: a missing or mistyped setting, an app that cannot be found.
 *
 * @example
 * throw new ImproperlyConfigured("Unknown setting 'DEBGU'; did you mean 'DEBUG'?");
 */
export class ImproperlyConfigured extends ReinhardtError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'improperly_configured', options);
  }
}

/** The app registry was used before `setup()` populated it. */
export class AppRegistryNotReady extends ReinhardtError {
  constructor(message: string) {
    super(message, 'app_registry_not_ready');
  }
}

/** A requested object does not exist (base of every model's `DoesNotExist`). */
export class ObjectDoesNotExist extends ReinhardtError {
  constructor(message = 'Object does not exist', code = 'does_not_exist') {
    super(message, code);
  }
}

/** A query expected one object and found several. */
export class MultipleObjectsReturned extends ReinhardtError {
  constructor(message = 'More than one object was returned', code = 'multiple_objects_returned') {
    super(message, code);
  }
}

/**
 * The user did something suspicious (a forged Host header, an oversized body).
 * The handler answers 400 and logs it to the security logger.
 */
export class SuspiciousOperation extends ReinhardtError {
  /** The HTTP status the handler answers with. */
  readonly status: number = 400;

  constructor(message: string, code = 'suspicious_operation') {
    super(message, code);
  }
}

/** The Host header is not in `ALLOWED_HOSTS`. */
export class DisallowedHost extends SuspiciousOperation {
  constructor(message: string) {
    super(message, 'disallowed_host');
  }
}

/** A redirect to an unsafe URL scheme was attempted. */
export class DisallowedRedirect extends SuspiciousOperation {
  constructor(message: string) {
    super(message, 'disallowed_redirect');
  }
}

/** More form fields than `DATA_UPLOAD_MAX_NUMBER_FIELDS`. */
export class TooManyFieldsSent extends SuspiciousOperation {
  constructor(message: string) {
    super(message, 'too_many_fields_sent');
  }
}

/** More uploaded files than `DATA_UPLOAD_MAX_NUMBER_FILES`. */
export class TooManyFilesSent extends SuspiciousOperation {
  constructor(message: string) {
    super(message, 'too_many_files_sent');
  }
}

/** A multipart body that cannot be parsed. */
export class SuspiciousMultipartForm extends SuspiciousOperation {
  constructor(message: string) {
    super(message, 'suspicious_multipart_form');
  }
}

/** A file path that escapes its base directory. */
export class SuspiciousFileOperation extends SuspiciousOperation {
  constructor(message: string) {
    super(message, 'suspicious_file_operation');
  }
}

/**
 * The request body is larger than `DATA_UPLOAD_MAX_MEMORY_SIZE`.
 * Differs from Django: answered with 413 Payload Too Large rather than 400.
 */
export class RequestDataTooBig extends SuspiciousOperation {
  override readonly status: number = 413;

  constructor(message: string) {
    super(message, 'request_data_too_big');
  }
}

/** The user may not do this: the handler answers 403. */
export class PermissionDenied extends ReinhardtError {
  constructor(message = 'Permission denied') {
    super(message, 'permission_denied');
  }
}

/** The request is malformed (bad JSON, bad percent-encoding): the handler answers 400. */
export class BadRequest extends ReinhardtError {
  constructor(message = 'Bad request', code = 'bad_request') {
    super(message, code);
  }
}

/** Nothing here: the handler answers 404 (with the patterns tried when DEBUG is on). */
export class Http404 extends ReinhardtError {
  constructor(message = 'Not found', code = 'not_found') {
    super(message, code);
  }
}

/** The view does not exist or does not accept this request. */
export class ViewDoesNotExist extends ReinhardtError {
  constructor(message: string) {
    super(message, 'view_does_not_exist');
  }
}

/** A middleware asks to be left out of the chain (raised from its factory). */
export class MiddlewareNotUsed extends ReinhardtError {
  constructor(message = '') {
    super(message, 'middleware_not_used');
  }
}

/** One validation message with its code and parameters. */
export interface ValidationMessage {
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}

/**
 * Data did not validate: holds one message, a list, or messages per field.
 *
 * @example
 * throw new ValidationError('Enter a valid e-mail address.', { code: 'invalid' });
 * throw new ValidationError({ email: ['Taken.'] });
 */
export class ValidationError extends ReinhardtError {
  /** Messages by field name; `__all__` holds the ones that belong to no field. */
  readonly errorDict: Record<string, ValidationMessage[]>;

  constructor(
    messages: string | ValidationMessage | (string | ValidationMessage)[] | Record<string, string | ValidationMessage | (string | ValidationMessage)[]>,
    options: { code?: string; params?: Record<string, unknown> } = {},
  ) {
    const norm = (m: string | ValidationMessage): ValidationMessage =>
      typeof m === 'string' ? { message: m, code: options.code, params: options.params } : m;
    const dict: Record<string, ValidationMessage[]> = {};
    if (typeof messages === 'string' || Array.isArray(messages) || isMessage(messages)) {
      const list = Array.isArray(messages) ? messages : [messages];
      dict.__all__ = list.map(norm);
    } else {
      for (const [field, value] of Object.entries(messages)) {
        dict[field] = (Array.isArray(value) ? value : [value]).map(norm);
      }
    }
    const text = Object.entries(dict)
      .map(([f, ms]) => (f === '__all__' ? '' : `${f}: `) + ms.map((m) => interpolate(m)).join('; '))
      .join(' | ');
    super(text, options.code ?? 'invalid');
    this.errorDict = dict;
  }

  /** Every message as text, params interpolated (`%(name)s` style, as Django writes them). */
  get messages(): string[] {
    return Object.values(this.errorDict).flat().map(interpolate);
  }

  /** Whether the messages are per field (not only `__all__`). */
  get hasFieldErrors(): boolean {
    return Object.keys(this.errorDict).some((k) => k !== '__all__');
  }
}

function isMessage(v: unknown): v is ValidationMessage {
  return typeof v === 'object' && v !== null && typeof (v as ValidationMessage).message === 'string'
    && Object.keys(v).every((k) => k === 'message' || k === 'code' || k === 'params');
}

function interpolate(m: ValidationMessage): string {
  if (!m.params) return m.message;
  return m.message.replace(/%\((\w+)\)[sd]/g, (_s, k: string) => String(m.params![k]));
}
