// Files uploaded in a multipart request (request.FILES): small ones kept in memory, larger
// ones streamed to a temporary file. Both expose the same reading API.
import { createReadStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** What every uploaded file tells about itself. */
export interface UploadedFileInfo {
  /** The file name the client sent, without any directory part. */
  name: string;
  /** The form field it came in. */
  fieldName: string;
  /** The client's `Content-Type` for the part (default `application/octet-stream`). */
  contentType: string;
  /** The `charset` parameter of the part's content type, if any. */
  charset: string | null;
}

/**
 * An uploaded file: read it whole (`await file.read()`), as text, in chunks, or as a stream.
 *
 * @example
 * const avatar = (await request.files()).get('avatar');
 * if (avatar) await storage.save(avatar.name, avatar.stream());
 */
export abstract class UploadedFile {
  readonly name: string;
  readonly fieldName: string;
  readonly contentType: string;
  readonly charset: string | null;
  /** Size in bytes. */
  abstract readonly size: number;

  constructor(info: UploadedFileInfo) {
    this.name = info.name;
    this.fieldName = info.fieldName;
    this.contentType = info.contentType;
    this.charset = info.charset;
  }

  /** Return the whole content. */
  abstract read(): Promise<Buffer>;

  /** Return a readable stream of the content. */
  abstract stream(): Readable;

  /** Whether `chunks()` yields more than one piece (Django's `multiple_chunks`). */
  multipleChunks(chunkSize = 64 * 1024): boolean {
    return this.size > chunkSize;
  }

  /**
   * Yield the content in pieces of at most `chunkSize` bytes.
   *
   * @example
   * for await (const chunk of file.chunks()) out.write(chunk);
   */
  async *chunks(chunkSize = 64 * 1024): AsyncGenerator<Buffer> {
    for await (const piece of this.stream()) {
      const buf = piece as Buffer;
      for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
    }
  }

  /** Return the content decoded as text (the part's charset, else UTF-8). */
  async text(): Promise<string> {
    const enc = (this.charset ?? 'utf-8').toLowerCase();
    return new TextDecoder(enc).decode(await this.read());
  }

  /** Release what the file holds (deletes a temporary file). */
  async close(): Promise<void> {}
}

/**
 * An uploaded file smaller than `FILE_UPLOAD_MAX_MEMORY_SIZE`, held in memory.
 *
 * @example
 * new InMemoryUploadedFile(Buffer.from('hi'), { name: 'a.txt', fieldName: 'f', contentType: 'text/plain', charset: null })
 */
export class InMemoryUploadedFile extends UploadedFile {
  readonly #data: Buffer;

  constructor(data: Buffer, info: UploadedFileInfo) {
    super(info);
    this.#data = data;
  }

  get size(): number {
    return this.#data.length;
  }

  async read(): Promise<Buffer> {
    return this.#data;
  }

  stream(): Readable {
    return Readable.from([this.#data]);
  }
}

/**
 * An uploaded file written to a temporary file as it arrived; deleted when the request is closed.
 *
 * @example
 * file.temporaryFilePath() // '/tmp/reinhardt-upload-…'
 */
export class TemporaryUploadedFile extends UploadedFile {
  readonly #path: string;
  readonly #size: number;

  constructor(path: string, size: number, info: UploadedFileInfo) {
    super(info);
    this.#path = path;
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }

  /** The path of the temporary file (valid until the request is closed). */
  temporaryFilePath(): string {
    return this.#path;
  }

  read(): Promise<Buffer> {
    return readFile(this.#path);
  }

  stream(): Readable {
    return createReadStream(this.#path);
  }

  override async close(): Promise<void> {
    await rm(this.#path, { force: true });
  }
}
