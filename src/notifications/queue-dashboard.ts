import { createHash } from 'node:crypto';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemOf } from '../common/errors/problem';
import { ownAssetsPolicy } from '../common/http/security-headers';
import { Environment } from '../config/environment';
import { createQueue, EMAIL_QUEUE, MAINTENANCE_QUEUE } from './queues';
import { NOTIFICATION_ERRORS } from './notification.errors';

export const QUEUE_DASHBOARD_PATH = '/queues';
/** A browser sends Basic credentials with every asset; verifying argon2 each time would cost ~50 ms a request. */
const VERIFIED_FOR_MS = 60_000;

/** Says whether an Authorization header carries an admin's credentials (see auth's AdminBasicAuth). */
export type AdminGate = (authorization: string) => Promise<boolean>;

/**
 * Bull Board at /queues, for admins only. It is a Fastify plugin outside Nest's router, so it has its own gate:
 * HTTP Basic with an admin account's e-mail and password, which a browser can prompt for, checked by the gate the
 * application passes in (notifications knows no accounts).
 */
@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private readonly closers: (() => Promise<void>)[] = [];
  private readonly verified = new Map<string, number>();

  private isAdmin: AdminGate = async () => false;

  constructor(private readonly config: ConfigService<Environment, true>) {}

  async mount(app: NestFastifyApplication, isAdmin: AdminGate): Promise<void> {
    this.isAdmin = isAdmin;
    const board = new BullBoardFastifyAdapter();
    const queues = [EMAIL_QUEUE, MAINTENANCE_QUEUE].map((name) => createQueue(name, this.config));
    this.closers.push(...queues.map((queue) => queue.close));
    createBullBoard({ queues: queues.map(({ queue }) => new BullMQAdapter(queue, { readOnlyMode: false })), serverAdapter: board });
    board.setBasePath(QUEUE_DASHBOARD_PATH);
    await app.register(
      async (scope: FastifyInstance) => {
        scope.addHook('onRequest', (request, reply) => this.admit(request, reply));
        // Bull Board's page names its assets relative to its <base href>; its Google Fonts stylesheet stays blocked:
        // an admin's dashboard tells no third party who opens it (system fonts stand in).
        scope.addHook('onSend', async (_request, reply, payload) => {
          void reply.header('content-security-policy', ownAssetsPolicy("'self'"));
          return payload;
        });
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
      .send(problemOf(NOTIFICATION_ERRORS.ADMIN_CREDENTIALS_REQUIRED(), request.url));
  }
}
