// Reading a request body from node's IncomingMessage with a size cap. Over the cap the rest
// of the body is drained (not the socket destroyed), so the handler can still answer 413.
import type { Readable } from 'node:stream';
import { RequestDataTooBig } from '../core/exceptions.ts';

/**
 * Read the whole stream into one Buffer, rejecting with {@link RequestDataTooBig} once more than
 * `limit` bytes arrive (or `contentLength` announces more). `limit` null means no cap.
 *
 * @example
 * const body = await readBody(req, 2_621_440, Number(req.headers['content-length']));
 */
export function readBody(
  stream: Readable,
  limit: number | null,
  contentLength: number | null,
): Promise<Buffer> {
  const tooBig = () =>
    new RequestDataTooBig(
      `Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE (${limit} bytes)`,
    );
  if (limit !== null && contentLength !== null && contentLength > limit) {
    stream.resume();
    return Promise.reject(tooBig());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (limit !== null && total > limit) {
        cleanup();
        chunks.length = 0;
        stream.resume();
        reject(tooBig());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onAborted = () => {
      cleanup();
      reject(new Error('The client closed the connection before the request body was complete'));
    };
    function cleanup() {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('aborted', onAborted);
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('aborted', onAborted);
  });
}
