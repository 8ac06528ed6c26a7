import { createHash } from 'node:crypto';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PasswordService } from '../auth/password.service';
import { PROBLEM_CONTENT_TYPE, problemType } from '../common/errors/problem';
import { isSafeText } from '../common/validation/raw-input';
import { Environment } from '../config/environment';
import { Role } from '../common/identity/role';
import { UsersService } from '../users/users.service';
import { createQueue, EMAIL_QUEUE, MAINTENANCE_QUEUE } from './queues';

export const QUEUE_DASHBOARD_PATH = '/queues';
/** A browser sends Basic credentials with every asset; verifying argon2 each time would cost ~50 ms a request. */
const VERIFIED_FOR_MS = 60_000;

/**
 * Bull Board at /queues, for admins only. It is a Fastify plugin outside Nest's router, so it has its own gate:
 * HTTP Basic with an admin account's e-mail and password, which a browser can prompt for.
 */
@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private readonly closers: (() => Promise<void>)[] = [];
  private readonly verified = new Map<string, number>();

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
  ) {}

  async mount(app: NestFastifyApplication): Promise<void> {
    const board = new BullBoardFastifyAdapter();
    const queues = [EMAIL_QUEUE, MAINTENANCE_QUEUE].map((name) => createQueue(name, this.config));
    this.closers.push(...queues.map((queue) => queue.close));
    createBullBoard({ queues: queues.map(({ queue }) => new BullMQAdapter(queue, { readOnlyMode: false })), serverAdapter: board });
    board.setBasePath(QUEUE_DASHBOARD_PATH);
    await app.register(
      async (scope: FastifyInstance) => {
        scope.addHook('onRequest', (request, reply) => this.admit(request, reply));
        await scope.register(board.registerPlugin());
      },
      { prefix: QUEUE_DASHBOARD_PATH },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    for (const close of this.closers) await close();
  }

  private async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization ?? '';
    const key = createHash('sha256').update(header).digest('hex');
    if ((this.verified.get(key) ?? 0) > Date.now()) return;
    if (await this.isAdmin(header)) {
      this.verified.set(key, Date.now() + VERIFIED_FOR_MS);
      return;
    }
    await reply
      .status(401)
      .header('www-authenticate', 'Basic realm="Joint Calls queues", charset="UTF-8"')
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({
        type: problemType('ADMIN_CREDENTIALS_REQUIRED'),
        title: 'Authentication required',
        status: 401,
        detail: 'Sign in with an admin account',
        instance: request.url,
        code: 'ADMIN_CREDENTIALS_REQUIRED',
      });
  }

  private async isAdmin(header: string): Promise<boolean> {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    if (!match) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    // A header escapes the body checks: text PostgreSQL would refuse must not reach the query.
    if (separator < 1 || !isSafeText(decoded)) return false;
    const user = await this.users.findWithPasswordHash(decoded.slice(0, separator));
    const matches = await this.passwords.verify(user?.passwordHash, decoded.slice(separator + 1));
    return matches && !!user?.active && user.roles.includes(Role.Admin);
  }
}
