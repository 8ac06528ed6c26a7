import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole, Principal } from '../common/access/principal';
import { assertVersion } from '../common/concurrency/versioning';
import { Role } from '../common/identity/role';
import { Page, pageOf, PageQuery } from '../common/pagination/page';
import { Clock } from '../common/time/clock';
import { Environment } from '../config/environment';
import { UpdateWebhookEndpoint, WebhookEndpointInput } from './dto/webhook-endpoint.dto';
import { WEBHOOK_ACCESS } from './webhook-access';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { newSigningSecret, SecretBox } from './webhook-secrets';
import { resolvesToPublic, urlPolicyFor } from './webhook-url.guard';
import { checkEndpointUrl, UrlPolicy } from './webhook-url.rules';
import { WEBHOOK_ERRORS } from './webhook.errors';

/** After a rotation the previous secret keeps signing this long, so the agency can switch over without a gap. */
const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** An agency's officers register, change, rotate and remove the endpoints their systems receive events on. */
@Injectable()
export class WebhookEndpointsService {
  private readonly box: SecretBox;
  private readonly policy: UrlPolicy;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: ConfigService<Environment, true>,
  ) {
    this.box = new SecretBox(config.get('WEBHOOK_SECRETS_KEY', { infer: true }));
    this.policy = urlPolicyFor(config.get('NODE_ENV', { infer: true }));
  }

  private get endpoints() {
    return this.txHost.tx.getRepository(WebhookEndpoint);
  }

  /** Officers see their agency's endpoints; admins every agency's. */
  async list(user: Principal, query: PageQuery): Promise<Page<WebhookEndpoint>> {
    const where = hasRole(user, Role.Admin) ? {} : { agencyId: user.agencyId ?? undefined };
    return pageOf(
      await this.endpoints.findAndCount({ where, order: { createdAt: 'ASC', id: 'ASC' }, take: query.limit, skip: query.offset }),
      query,
    );
  }

  async get(user: Principal, id: string, lock = false): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!endpoint) throw WEBHOOK_ERRORS.WEBHOOK_ENDPOINT_NOT_FOUND();
    WEBHOOK_ACCESS.assertVisible(user, endpoint);
    return endpoint;
  }

  /** The secret is returned here and never again. */
  @Transactional()
  async create(user: Principal, input: WebhookEndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.assertUrl(input.url);
    const secret = newSigningSecret();
    const endpoint = await this.endpoints.save(
      this.endpoints.create({
        agencyId: user.agencyId!,
        url: input.url,
        description: input.description ?? '',
        eventTypes: input.eventTypes,
        secretCiphertext: this.box.seal(secret),
        createdById: user.id,
      }),
    );
    await this.audit.record({
      actorId: user.id,
      entityType: 'WEBHOOK_ENDPOINT',
      entityId: endpoint.id,
      action: 'CREATED',
      data: { url: endpoint.url, eventTypes: endpoint.eventTypes },
    });
    return { endpoint: await this.get(user, endpoint.id), secret };
  }

  /** Changes what the endpoint receives or where; re-enabling a disabled endpoint starts its failure count afresh. */
  @Transactional()
  async update(user: Principal, id: string, changes: UpdateWebhookEndpoint): Promise<WebhookEndpoint> {
    const endpoint = await this.get(user, id, true);
    WEBHOOK_ACCESS.assert(user, 'manage', endpoint);
    assertVersion('The endpoint', endpoint.version, changes.version);
    if (changes.url !== undefined) await this.assertUrl(changes.url);
    const resumed = changes.active === true && !endpoint.active;
    await this.endpoints.update(id, {
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.eventTypes !== undefined ? { eventTypes: changes.eventTypes } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      ...(resumed ? { consecutiveFailures: 0, disabledReason: null, disabledAt: null } : {}),
      ...(changes.active === false && endpoint.active ? { disabledReason: 'Paused by an officer', disabledAt: this.clock.now() } : {}),
      version: endpoint.version + 1,
    });
    await this.audit.record({
      actorId: user.id,
      entityType: 'WEBHOOK_ENDPOINT',
      entityId: id,
      action: resumed ? 'ENABLED' : changes.active === false && endpoint.active ? 'PAUSED' : 'EDITED',
      data: { url: changes.url, eventTypes: changes.eventTypes },
    });
    return this.get(user, id);
  }

  /** A new secret, shown once; the previous one keeps signing for a day so the agency can switch without a gap. */
  @Transactional()
  async rotateSecret(user: Principal, id: string): Promise<{ secret: string; previousSecretValidUntil: Date }> {
    const endpoint = await this.get(user, id, true);
    WEBHOOK_ACCESS.assert(user, 'manage', endpoint);
    const { secretCiphertext } = await this.endpoints.findOneOrFail({ where: { id }, select: { id: true, secretCiphertext: true } });
    const secret = newSigningSecret();
    const previousSecretValidUntil = new Date(this.clock.now().getTime() + ROTATION_OVERLAP_MS);
    await this.endpoints.update(id, {
      secretCiphertext: this.box.seal(secret),
      previousSecretCiphertext: secretCiphertext,
      previousSecretExpiresAt: previousSecretValidUntil,
      version: endpoint.version + 1,
    });
    await this.audit.record({ actorId: user.id, entityType: 'WEBHOOK_ENDPOINT', entityId: id, action: 'SECRET_ROTATED' });
    return { secret, previousSecretValidUntil };
  }

  /** Removes the endpoint with its queue and log. */
  @Transactional()
  async remove(user: Principal, id: string): Promise<void> {
    const endpoint = await this.get(user, id, true);
    WEBHOOK_ACCESS.assert(user, 'manage', endpoint);
    await this.endpoints.delete(id);
    await this.audit.record({
      actorId: user.id,
      entityType: 'WEBHOOK_ENDPOINT',
      entityId: id,
      action: 'DELETED',
      data: { url: endpoint.url },
    });
  }

  private async assertUrl(url: string): Promise<void> {
    const problem = checkEndpointUrl(url, this.policy);
    if (problem) throw WEBHOOK_ERRORS.WEBHOOK_URL_REFUSED([{ field: 'url', message: `url ${problem}` }]);
    if (this.policy === 'public-https' && !(await resolvesToPublic(url))) {
      throw WEBHOOK_ERRORS.WEBHOOK_URL_REFUSED([{ field: 'url', message: 'url must resolve to public addresses only' }]);
    }
  }
}
