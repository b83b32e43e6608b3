// Streaming multipart/form-data parsing with busboy, under Django's limits: field count, file
// count and non-file bytes. Files stay in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, then spill
// to a temporary file as they stream in; nothing is buffered whole.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import {
  RequestDataTooBig,
  SuspiciousMultipartForm,
  TooManyFieldsSent,
  TooManyFilesSent,
} from '../core/exceptions.ts';
import { MultiValueDict } from './multi-value-dict.ts';
import { QueryDict } from './query-dict.ts';
import { InMemoryUploadedFile, TemporaryUploadedFile, type UploadedFile } from './uploaded-file.ts';

/** The limits multipart parsing enforces (null: no limit). */
export interface MultipartLimits {
  maxMemorySize: number | null;
  maxNumFields: number | null;
  maxNumFiles: number | null;
  fileMemoryLimit: number;
  tempDir: string | null;
}

/** The parsed form: fields and files. */
export interface ParsedMultipart {
  post: QueryDict;
  files: MultiValueDict<UploadedFile>;
}

/** Strip any directory part a client put in a file name (old browsers send full paths). */
export function sanitizeFilename(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).trim();
  return base.length > 255 ? base.slice(0, 255) : base;
}

/**
 * Parse a multipart body from `stream`. Rejects with TooManyFieldsSent, TooManyFilesSent,
 * RequestDataTooBig or SuspiciousMultipartForm; temporary files of a failed parse are removed.
 *
 * @example
 * const { post, files } = await parseMultipart(req, req.headers, limits);
 */
export function parseMultipart(
  stream: Readable,
  headers: IncomingHttpHeaders,
  limits: MultipartLimits,
): Promise<ParsedMultipart> {
  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers,
      limits: { fieldSize: limits.maxMemorySize ?? Infinity, fieldNameSize: 1024 },
      defParamCharset: 'utf8',
    });
  } catch (err) {
    stream.resume();
    return Promise.reject(
      new SuspiciousMultipartForm(`Invalid multipart request: ${(err as Error).message}`),
    );
  }
  return new Promise((resolve, reject) => {
    const fields: [string, string][] = [];
    const pending: Promise<[string, UploadedFile] | null>[] = [];
    const tempPaths: string[] = [];
    const open = new Set<Readable>();
    let fieldBytes = 0;
    let numFiles = 0;
    let failed = false;

    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      stream.unpipe(bb);
      stream.resume();
      bb.removeAllListeners('field');
      bb.removeAllListeners('file');
      // Files still streaming will never end now: stop them so their promises settle.
      for (const f of open) f.destroy();
      // Wait for in-flight files so their temp files exist before removing them.
      void Promise.allSettled(pending).then(async (results) => {
        for (const r of results) if (r.status === 'fulfilled' && r.value) await r.value[1].close();
        await Promise.all(tempPaths.map((p) => rm(p, { force: true })));
        reject(err);
      });
    };

    bb.on('field', (name, value, info) => {
      if (failed) return;
      if (limits.maxNumFields !== null && fields.length + 1 > limits.maxNumFields) {
        fail(
          new TooManyFieldsSent(
            `The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS (${limits.maxNumFields})`,
          ),
        );
        return;
      }
      fieldBytes += Buffer.byteLength(name) + 2 + Buffer.byteLength(value);
      if (info.valueTruncated || (limits.maxMemorySize !== null && fieldBytes > limits.maxMemorySize)) {
        fail(
          new RequestDataTooBig(
            `Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE (${limits.maxMemorySize} bytes)`,
          ),
        );
        return;
      }
      fields.push([name, value]);
    });

    bb.on('file', (fieldName, file, info) => {
      if (failed) {
        file.resume();
        return;
      }
      numFiles++;
      if (limits.maxNumFiles !== null && numFiles > limits.maxNumFiles) {
        file.resume();
        fail(
          new TooManyFilesSent(
            `The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES (${limits.maxNumFiles})`,
          ),
        );
        return;
      }
      const name = sanitizeFilename(info.filename ?? '');
      if (!name) {
        // Django ignores file inputs submitted empty.
        file.resume();
        return;
      }
      const ct = parseContentType(info.mimeType || 'application/octet-stream');
      const meta = { name, fieldName, contentType: ct.type, charset: ct.charset };
      open.add(file);
      file.once('end', () => open.delete(file));
      pending.push(
        collectFile(file, limits, tempPaths).then(
          (r) => [
            fieldName,
            'path' in r
              ? new TemporaryUploadedFile(r.path, r.size, meta)
              : new InMemoryUploadedFile(r.data, meta),
          ],
        ),
      );
    });

    bb.on('error', (err: Error) => {
      fail(new SuspiciousMultipartForm(`Malformed multipart body: ${err.message}`));
    });
    stream.on('aborted', () => fail(new Error('The client closed the connection during the upload')));

    bb.on('close', () => {
      if (failed) return;
      Promise.all(pending).then(
        (entries) => {
          if (failed) return;
          const files = new MultiValueDict<UploadedFile>(
            entries.filter((e): e is [string, UploadedFile] => e !== null),
          );
          resolve({ post: new QueryDict(fields), files });
        },
        (err: Error) => fail(err),
      );
    });

    stream.pipe(bb);
  });
}

type Collected = { data: Buffer } | { path: string; size: number };

/** Collect one file part: in memory while small, else streamed to a temporary file. */
function collectFile(file: Readable, limits: MultipartLimits, tempPaths: string[]): Promise<Collected> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    let out: ReturnType<typeof createWriteStream> | null = null;
    let path = '';
    file.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (out === null && size <= limits.fileMemoryLimit) {
        chunks.push(chunk);
        return;
      }
      if (out === null) {
        path = join(limits.tempDir ?? tmpdir(), `reinhardt-upload-${randomUUID()}`);
        tempPaths.push(path);
        out = createWriteStream(path);
        out.on('error', reject);
        out.on('drain', () => file.resume());
        for (const c of chunks) out.write(c);
        chunks = [];
      }
      if (!out.write(chunk)) file.pause();
    });
    file.on('error', reject);
    file.on('close', () => {
      if (!ended) {
        out?.destroy();
        reject(new Error('upload stopped before the file was complete'));
      }
    });
    let ended = false;
    file.on('end', () => {
      ended = true;
      if (out === null) resolve({ data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
      else out.end(() => resolve({ path, size }));
    });
  });
}

/**
 * Split a content type into its lower-cased media type and `charset` parameter.
 *
 * @example
 * parseContentType('text/plain; charset=UTF-8') // { type: 'text/plain', charset: 'UTF-8', params: {...} }
 */
export function parseContentType(header: string | undefined): {
  type: string;
  charset: string | null;
  params: Record<string, string>;
} {
  if (!header) return { type: '', charset: null, params: {} };
  const parts = header.split(';');
  const type = parts[0]!.trim().toLowerCase();
  const params: Record<string, string> = {};
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    params[p.slice(0, eq).trim().toLowerCase()] = v;
  }
  return { type, charset: params['charset'] ?? null, params };
}
