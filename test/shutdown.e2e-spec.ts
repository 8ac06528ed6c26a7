import { AddressInfo, connect } from 'node:net';
import { startTestApp, TestApp } from './support/test-app';

describe('Shutting down', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
    await testApp.app.listen(0, '127.0.0.1');
  });

  it('answers a request that arrives while the API stops with a 503 problem, and closes the connection', async () => {
    const server = testApp.app.getHttpServer();
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const received: Buffer[] = [];
    socket.on('data', (part: Buffer) => received.push(part));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    // A request under way keeps its connection open through the stop; it completes once the server no longer listens.
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = testApp.close();
    while (server.listening) await new Promise((resolve) => setImmediate(resolve));
    socket.write('\r\n');
    await ended;
    await closed;

    const [head, body] = Buffer.concat(received).toString('utf8').split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head).toMatch(/^content-type: application\/problem\+json/im);
    expect(head).toMatch(/^connection: close/im);
    expect(JSON.parse(body)).toMatchObject({ status: 503, code: 'SHUTTING_DOWN', type: 'urn:joint-calls:problem:shutting-down' });
  });
});
