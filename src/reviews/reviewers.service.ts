import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { PasswordResetService } from '../auth/password-reset.service';
import { Principal } from '../common/access/principal';
import { assertVersion } from '../common/concurrency/versioning';
import { Language, Role } from '../common/identity/role';
import { Page, pageOf } from '../common/pagination/page';
import { Clock } from '../common/time/clock';
import { EmailType } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { Notifier } from '../notifications/notifier';
import { RecipientDirectory } from '../notifications/recipients';
import { Agency } from '../reference-data/agency.entity';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { domainOf } from './conflicts.rules';
import { CreateReviewer, ReviewerQuery, UpdateReviewer } from './dto/reviewer.dto';
import { REVIEWER_PROFILE_ACCESS } from './review-access';
import { EXPERTISE_VECTOR_SQL, ReviewerProfile } from './reviewer-profile.entity';
import { REVIEW_ERRORS } from './reviews.errors';

/** How long a new reviewer's link to choose a first password works. */
export const REVIEWER_ACCOUNT_LINK_LIFETIME_MS = 14 * 24 * 3600 * 1000;

export type Reviewer = ReviewerProfile & { user: User };

/** Keywords as compared with the proposals': trimmed, lower-cased, each once, in the order given. */
export const normaliseKeywords = (keywords: readonly string[]) => [
  ...new Set(keywords.map((keyword) => keyword.trim().toLowerCase()).filter((keyword) => keyword !== '')),
];

/**
 * Reviewer profiles: officers recruit reviewers for their agency's pool (opening an account, or giving an existing
 * one the reviewer role), reviewers and their recruiting agency keep the profile. The expertise is stored as a
 * tsvector too (EXPERTISE_VECTOR_SQL), rewritten in the same transaction as the profile, for suggestions.
 */
@Injectable()
export class ReviewersService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly passwordResets: PasswordResetService,
    private readonly notifier: Notifier,
    private readonly directory: RecipientDirectory,
    private readonly links: PublicLinks,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private get profiles() {
    return this.txHost.tx.getRepository(ReviewerProfile);
  }

  async load(userId: string, lock = false): Promise<Reviewer | null> {
    if (lock) await this.txHost.tx.query(`SELECT 1 FROM reviewer_profile WHERE user_id = $1 FOR UPDATE`, [userId]);
    return await this.profiles.findOne({ where: { userId }, relations: { user: true } });
  }

  async get(user: Principal, id: string): Promise<Reviewer> {
    const profile = await this.load(id);
    if (!profile) throw REVIEW_ERRORS.REVIEWER_NOT_FOUND();
    REVIEWER_PROFILE_ACCESS.assertVisible(user, profile);
    return profile;
  }

  /** The directory, for officers and admins: every pool, or one agency's. */
  async list(query: ReviewerQuery): Promise<Page<Reviewer>> {
    const builder = this.profiles.createQueryBuilder('profile').innerJoinAndSelect('profile.user', 'user');
    if (query.agencyId) builder.where('profile.recruiting_agency_id = :agencyId', { agencyId: query.agencyId });
    builder.orderBy('user.name').addOrderBy('profile.user_id').take(query.limit).skip(query.offset);
    return pageOf((await builder.getManyAndCount()) as [Reviewer[], number], query);
  }

  @Transactional()
  async create(officer: Principal, input: CreateReviewer): Promise<Reviewer> {
    const agency = await this.txHost.tx.getRepository(Agency).findOneByOrFail({ id: officer.agencyId! });
    const existing = await this.users.findByEmail(input.email);
    let account: User;
    if (existing) {
      if (await this.profiles.existsBy({ userId: existing.id })) throw REVIEW_ERRORS.REVIEWER_ALREADY_EXISTS();
      account = existing;
      if (!existing.roles.includes(Role.Reviewer)) {
        await this.txHost.tx
          .getRepository(User)
          .update({ id: existing.id }, { roles: [...existing.roles, Role.Reviewer], version: existing.version + 1 });
        await this.audit.record({
          actorId: officer.id,
          entityType: 'USER',
          entityId: existing.id,
          action: 'ROLE_GRANTED',
          data: { role: Role.Reviewer, agencyId: agency.id },
        });
      }
    } else {
      // Nobody knows this password: the reviewer chooses theirs through the e-mailed link.
      account = await this.users.create({
        email: input.email,
        name: input.name,
        password: randomBytes(32).toString('base64url'),
        language: input.language ?? Language.English,
        roles: [Role.Reviewer],
        agencyId: null,
        institution: input.institution,
        country: input.country.toUpperCase(),
      });
    }
    await this.profiles.insert({
      userId: account.id,
      recruitingAgencyId: agency.id,
      institution: input.institution,
      country: input.country.toUpperCase(),
      emailDomain: input.emailDomain ?? domainOf(account.email),
      expertiseKeywords: normaliseKeywords(input.expertiseKeywords),
      expertiseDescription: input.expertiseDescription ?? '',
      createdById: officer.id,
    });
    await this.rewriteVector(account.id);
    await this.audit.record({
      actorId: officer.id,
      entityType: 'REVIEWER',
      entityId: account.id,
      action: 'RECRUITED',
      data: { agencyId: agency.id, newAccount: !existing },
    });
    await this.welcome(account, agency, !existing);
    return (await this.load(account.id))!;
  }

  @Transactional()
  async update(user: Principal, id: string, changes: UpdateReviewer): Promise<Reviewer> {
    const profile = await this.load(id, true);
    if (!profile) throw REVIEW_ERRORS.REVIEWER_NOT_FOUND();
    REVIEWER_PROFILE_ACCESS.assert(user, 'edit', profile);
    assertVersion('The reviewer profile', profile.version, changes.version);
    const { version: _version, expertiseKeywords, country, ...fields } = changes;
    await this.profiles.update(
      { userId: id },
      {
        ...fields,
        ...(country !== undefined ? { country: country.toUpperCase() } : {}),
        ...(expertiseKeywords !== undefined ? { expertiseKeywords: normaliseKeywords(expertiseKeywords) } : {}),
        version: profile.version + 1,
      },
    );
    await this.rewriteVector(id);
    await this.audit.record({ actorId: user.id, entityType: 'REVIEWER', entityId: id, action: 'PROFILE_EDITED' });
    return (await this.load(id))!;
  }

  private async rewriteVector(userId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE reviewer_profile SET expertise_vector = ${EXPERTISE_VECTOR_SQL} WHERE user_id = $1`, [userId]);
  }

  /** A new account chooses its password through a single-use link; an existing one is told of its new role. */
  private async welcome(account: User, agency: Agency, newAccount: boolean): Promise<void> {
    const to = (await this.directory.accounts([account.id])).get(account.id);
    if (!to) return;
    const link = newAccount ? await this.passwordResets.issue(account.id, REVIEWER_ACCOUNT_LINK_LIFETIME_MS) : null;
    await this.notifier.tell(
      EmailType.ReviewerAccount,
      [to],
      { about: { type: 'USER', id: account.id }, agencyIds: [agency.id] },
      `reviewer-of-${agency.id}`,
      (recipient) => ({
        name: recipient.name,
        agency: agency.name,
        newAccount,
        accountUrl: link ? this.links.resetPassword(link.token, recipient.language) : this.links.signIn(recipient.language),
        expiresAt: (link?.expiresAt ?? this.clock.now()).toISOString(),
        timezone: recipient.timezone,
      }),
      { sensitive: newAccount },
    );
  }
}
