import { AddressInfo, createServer, Server } from 'node:net';
import { busyPortMessage, busyPorts, DemoPort } from './ports';

const listening = (host: string, port = 0) =>
  new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen({ port, host }, () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe(busyPorts.name, () => {
  it('names the ports something already listens on, and only those', async () => {
    const taken = await listening('127.0.0.1');
    const spare = await listening('127.0.0.1');
    const free = portOf(spare);
    await close(spare);
    const smtp: DemoPort = { port: portOf(taken), host: '127.0.0.1', variable: 'DEMO_SMTP_PORT', purpose: "the mail catcher's SMTP" };
    const web: DemoPort = { port: free, host: '127.0.0.1', variable: 'DEMO_MAIL_WEB_PORT', purpose: "the mail catcher's web UI" };
    try {
      expect(await busyPorts([smtp, web])).toEqual([smtp]);
    } finally {
      await close(taken);
    }
  });

  it('sees a port taken on one address when the API would listen on every address', async () => {
    const taken = await listening('127.0.0.1');
    try {
      const api: DemoPort = { port: portOf(taken), host: '0.0.0.0', variable: 'PORT', purpose: 'the API' };
      expect(await busyPorts([api])).toEqual([api]);
    } finally {
      await close(taken);
    }
  });

  it('says which port is busy and how to move it', () => {
    expect(busyPortMessage({ port: 1025, host: '127.0.0.1', variable: 'DEMO_SMTP_PORT', purpose: "the mail catcher's SMTP" })).toBe(
      "Port 1025 (the mail catcher's SMTP) is already in use: is another demo running? Stop it, or choose another port, e.g. DEMO_SMTP_PORT=2025 npm run demo",
    );
  });
});
