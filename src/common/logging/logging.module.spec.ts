import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import { requestLogOptions } from './logging.module';

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
