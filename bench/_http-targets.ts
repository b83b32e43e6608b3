// Servers measured by bench/http.ts, one per process: `node --import tsx bench/_http-targets.ts
// <raw|reinhardt|fastify>` listens on a free port and prints it. Each answers GET /plaintext
// ("Hello, World!") and GET /json ({"message":"Hello, World!"}).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const target = process.argv[2];
const MESSAGE = 'Hello, World!';
// The harness asks for the server's CPU time (user + system, in microseconds) over a side
// channel, so the CPU cost per request can be compared even when the client is the bottleneck.
process.on('message', () => {
  const { user, system } = process.cpuUsage();
  process.send!(user + system);
});

async function raw(): Promise<number> {
  const server = createServer((req, res) => {
    if (req.url === '/json') {
      const body = JSON.stringify({ message: MESSAGE });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': MESSAGE.length });
      res.end(MESSAGE);
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

// The headers Reinhardt's default stack sends, written by raw node:http.
const SECURITY_HEADERS = ['X-Content-Type-Options', 'nosniff', 'Referrer-Policy', 'same-origin', 'Cross-Origin-Opener-Policy', 'same-origin', 'X-Frame-Options', 'DENY'];

async function rawWithHeaders(): Promise<number> {
  const server = createServer((req, res) => {
    if (req.url === '/json') {
      const body = JSON.stringify({ message: MESSAGE });
      res.writeHead(200, ['Content-Type', 'application/json', ...SECURITY_HEADERS, 'Content-Length', String(Buffer.byteLength(body))]);
      res.end(body);
    } else {
      res.writeHead(200, ['Content-Type', 'text/plain; charset=utf-8', ...SECURITY_HEADERS, 'Content-Length', String(MESSAGE.length)]);
      res.end(MESSAGE);
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function reinhardt(): Promise<number> {
  const { configure } = await import('../dist/conf/index.js');
  const { createNodeListener } = await import('../dist/core/handlers/index.js');
  const { startHttpServer } = await import('../dist/core/servers/index.js');
  const { HttpResponse, JsonResponse } = await import('../dist/http/index.js');
  const { path } = await import('../dist/urls/index.js');
  const { SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware } = await import('../dist/middleware/index.js');
  configure({
    DEBUG: false,
    SECRET_KEY: 'bench',
    ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
    // The startproject default stack (sessions, CSRF and auth join in later issues).
    MIDDLEWARE: [SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware] as never[],
    ROOT_URLCONF: [
      path('plaintext', () => new HttpResponse(MESSAGE, { contentType: 'text/plain; charset=utf-8' })),
      path('json', () => new JsonResponse({ message: MESSAGE })),
    ],
  });
  const running = await startHttpServer(await createNodeListener(), { port: 0 });
  return running.port;
}

async function fastify(): Promise<number> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/plaintext', (_req, reply) => {
    reply.type('text/plain; charset=utf-8').send(MESSAGE);
  });
  app.get('/json', () => ({ message: MESSAGE }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

const starters: Record<string, () => Promise<number>> = { raw, 'raw+headers': rawWithHeaders, reinhardt, fastify };
const start = starters[target ?? ''];
if (!start) {
  process.stderr.write(`usage: _http-targets.ts <${Object.keys(starters).join('|')}>\n`);
  process.exit(2);
}
process.stdout.write(`${await start()}\n`);
// Exit normally on Ctrl-C so `--cpu-prof` can write its profile.
process.on('SIGINT', () => process.exit(0));
