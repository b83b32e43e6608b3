// Guessing a content type from a file name (a small built-in table; no dependency).

const TYPES: Record<string, string> = {
  html: 'text/html', htm: 'text/html', txt: 'text/plain', css: 'text/css', csv: 'text/csv',
  md: 'text/markdown', xml: 'application/xml', js: 'text/javascript', mjs: 'text/javascript',
  json: 'application/json', map: 'application/json', webmanifest: 'application/manifest+json',
  svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg',
  gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', ico: 'image/vnd.microsoft.icon',
  bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', pdf: 'application/pdf',
  zip: 'application/zip', tar: 'application/x-tar', '7z': 'application/x-7z-compressed',
  mp3: 'audio/mpeg', ogg: 'audio/ogg', wav: 'audio/wav', flac: 'audio/flac',
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', avi: 'video/x-msvideo',
  woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf', otf: 'font/otf',
  wasm: 'application/wasm', doc: 'application/msword', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ics: 'text/calendar', rtf: 'application/rtf', epub: 'application/epub+zip',
};

// As Django: a compressed file is served as its compression format, not as what it contains.
const ENCODINGS: Record<string, string> = {
  gz: 'application/gzip', br: 'application/x-brotli', bz2: 'application/x-bzip',
  xz: 'application/x-xz', Z: 'application/x-compress',
};

/**
 * Return the content type for a file name, or `null` when the extension is unknown.
 *
 * @example
 * guessContentType('report.pdf')    // 'application/pdf'
 * guessContentType('data.csv.gz')   // 'application/gzip'
 */
export function guessContentType(filename: string): string | null {
  const base = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = base.slice(dot + 1);
  return ENCODINGS[ext] ?? TYPES[ext.toLowerCase()] ?? null;
}
