import { createServer } from 'node:net';

/** A port the demo listens on, and the variable that moves it. */
export interface DemoPort {
  port: number;
  host: string;
  variable: string;
  purpose: string;
}

/** The ports of `wanted` that something already listens on (or that may not be bound), in order. */
export async function busyPorts(wanted: DemoPort[]): Promise<DemoPort[]> {
  const busy = await Promise.all(wanted.map(({ port, host }) => cannotListen(port, host)));
  return wanted.filter((_, index) => busy[index]);
}

/** One line per busy port: which it is, why it matters and how to move it. */
export const busyPortMessage = ({ port, variable, purpose }: DemoPort): string =>
  `Port ${port} (${purpose}) is already in use: is another demo running? Stop it, or choose another port, e.g. ${variable}=${port + 1000} npm run demo`;

function cannotListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}
