import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import pinoHttp from 'pino-http';
import { logRequests, requestLogOptions } from './logging.module';

describe(requestLogOptions.name, () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const log = pinoHttp(requestLogOptions('info'), destination);
    server = createServer((request, response) => {
      log(request, response);
      response.setHeader('set-cookie', 'session=secret-cookie');
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('logs the request without its token, credentials or cookies', async () => {
    await fetch(`${base}/proposals/42/invitation?lang=en&token=secret-token`, {
      headers: { authorization: 'Bearer secret-bearer', cookie: 'sid=secret-cookie' },
    });
    const line = lines.at(-1)!;
    expect(line).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/proposals/42/invitation?lang=en&token=[REDACTED]' },
    });
    expect(JSON.stringify(line)).not.toMatch(/secret/);
  });
});

describe(logRequests.name, () => {
  const lines: Record<string, unknown>[] = [];
  const fastify = Fastify();

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    (PinoLogger as unknown as { root: unknown }).root = pinoHttp(requestLogOptions('info'), destination).logger;
    logRequests(fastify);
    fastify.get('/proposals/:id/invitation', async (_request, reply) => reply.header('set-cookie', 'session=secret-cookie').send('ok'));
    fastify.get('/broken', async (_request, reply) => reply.code(500).send('no'));
    fastify.get('/health', async () => 'ok');
    await fastify.ready();
  });
  afterAll(() => fastify.close());

  it('logs one line per request, with its id and status, without its token, credentials or cookies', async () => {
    const { statusCode } = await fastify.inject({
      url: '/proposals/42/invitation?lang=en&token=secret-token',
      headers: { authorization: 'Bearer secret-bearer', cookie: 'sid=secret-cookie' },
    });
    expect(statusCode).toBe(200);
    expect(lines.at(-1)).toMatchObject({
      msg: 'request completed',
      req: { id: expect.any(String), method: 'GET', url: '/proposals/42/invitation?lang=en&token=[REDACTED]' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(lines.at(-1))).not.toMatch(/secret/);
  });

  it('says when a request failed, and leaves the probes out', async () => {
    const before = lines.length;
    await fastify.inject({ url: '/health' });
    expect(lines).toHaveLength(before);
    await fastify.inject({ url: '/broken' });
    expect(lines.at(-1)).toMatchObject({
      msg: 'request errored',
      res: { statusCode: 500 },
      err: { message: 'failed with status code 500' },
    });
  });
});
