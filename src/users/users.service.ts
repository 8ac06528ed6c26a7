import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ArrayContains, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PasswordService } from '../auth/password.service';
import { assertVersion } from '../common/concurrency/versioning';
import { Page, pageOf } from '../common/pagination/page';
import { isForeignKeyViolation, isUniqueViolation } from '../database/postgres-errors';
import { CreateUser, ProfileFields, UpdateUser, UserQuery } from './dto/user.dto';
import { Language, Role } from '../common/identity/role';
import { User } from './user.entity';
import { checkRoleAssignment } from './user.rules';
import { USER_ERRORS } from './user.errors';
import { AccountOpened } from './user.events';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  language: Language;
  roles: Role[];
  agencyId: string | null;
  institution?: string | null;
  country?: string | null;
  expertise?: string[];
}

@Injectable()
export class UsersService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  private get repository() {
    return this.txHost.tx.getRepository(User);
  }

  /**
   * Joins the caller's transaction; used by the admin, officers and the seed. The account's address counts as verified:
   * whoever opens an account for someone else vouches for it (and the person proves it by choosing a password).
   */
  async create(input: NewUser): Promise<User> {
    this.assertRoles(input.roles, input.agencyId);
    let id: string;
    try {
      ({ id } = (await this.repository.insert(await this.row(input, new Date()))).identifiers[0] as { id: string });
    } catch (error) {
      throw this.translate(error);
    }
    return this.opened(id);
  }

  /**
   * Self-registration, in the caller's transaction: an account whose address is verified now or not yet (null), or
   * null when the address already has one. The password is hashed either way, so that both answers take as long;
   * `ON CONFLICT DO NOTHING` keeps the transaction usable when a concurrent registration took the address first.
   */
  async createUnlessTaken(input: NewUser, emailVerifiedAt: Date | null): Promise<User | null> {
    this.assertRoles(input.roles, input.agencyId);
    const inserted = await this.repository
      .createQueryBuilder()
      .insert()
      .into(User)
      .values(await this.row(input, emailVerifiedAt))
      .orIgnore()
      .returning(['id'])
      .execute();
    const [row] = inserted.raw as { id: string }[];
    return row ? this.opened(row.id) : null;
  }

  /** Records, in the caller's transaction, that the person reads the account's mailbox; false if it was already known. */
  async markEmailVerified(id: string): Promise<boolean> {
    const { affected } = await this.repository.update({ id, emailVerifiedAt: IsNull() }, { emailVerifiedAt: new Date() });
    return (affected ?? 0) > 0;
  }

  private async row(input: NewUser, emailVerifiedAt: Date | null) {
    const { password, ...fields } = input;
    return { ...fields, passwordHash: await this.passwords.hash(password), emailVerifiedAt };
  }

  private async opened(id: string): Promise<User> {
    const user = await this.repository.findOneByOrFail({ id });
    await this.events.emitAsync(AccountOpened.event, new AccountOpened(user.id, user.email));
    return user;
  }

  @Transactional()
  async createByAdmin(actorId: string, input: CreateUser): Promise<User> {
    const user = await this.create({ ...input, language: input.language ?? Language.English, agencyId: input.agencyId ?? null });
    await this.audit.record({
      actorId,
      entityType: 'USER',
      entityId: user.id,
      action: 'CREATED',
      data: { roles: user.roles, agencyId: user.agencyId },
    });
    return user;
  }

  list(query: UserQuery): Promise<Page<User>> {
    return this.repository
      .findAndCount({
        where: query.role ? { roles: ArrayContains([query.role]) } : {},
        order: { createdAt: 'ASC', id: 'ASC' },
        take: query.limit,
        skip: query.offset,
      })
      .then((result) => pageOf(result, query));
  }

  async get(id: string): Promise<User> {
    const user = await this.repository.findOneBy({ id });
    if (!user) throw USER_ERRORS.USER_NOT_FOUND();
    return user;
  }

  findActive(id: string): Promise<User | null> {
    return this.repository.findOneBy({ id, active: true });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.repository.findOneBy({ email: email.toLowerCase() });
  }

  findWithPasswordHash(email: string): Promise<User | null> {
    return this.repository
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  @Transactional()
  async updateByAdmin(actorId: string, id: string, changes: UpdateUser): Promise<User> {
    const user = await this.lockForEdit(id, changes.version);
    const roles = changes.roles ?? user.roles;
    const agencyId = changes.agencyId !== undefined ? changes.agencyId : roles.includes(Role.Officer) ? user.agencyId : null;
    this.assertRoles(roles, agencyId);
    const { version: _version, ...fields } = changes;
    const updated = await this.save(Object.assign(user, fields, { roles, agencyId }));
    await this.audit.record({
      actorId,
      entityType: 'USER',
      entityId: id,
      action: 'UPDATED',
      data: { roles: updated.roles, agencyId: updated.agencyId, active: updated.active },
    });
    return updated;
  }

  @Transactional()
  async updateProfile(id: string, changes: ProfileFields & { version: number }): Promise<User> {
    const user = await this.lockForEdit(id, changes.version);
    const { version: _version, ...fields } = changes;
    return this.save(Object.assign(user, fields));
  }

  /** Joins the caller's transaction, which records why the password changed. */
  async setPassword(id: string, password: string): Promise<void> {
    await this.repository.update({ id }, { passwordHash: await this.passwords.hash(password) });
  }

  private async lockForEdit(id: string, version: number): Promise<User> {
    const user = await this.repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw USER_ERRORS.USER_NOT_FOUND();
    assertVersion('The user', user.version, version);
    return user;
  }

  private async save(user: User): Promise<User> {
    try {
      return await this.repository.save(user);
    } catch (error) {
      throw this.translate(error);
    }
  }

  private assertRoles(roles: Role[], agencyId: string | null): void {
    const problems = checkRoleAssignment(roles, agencyId);
    if (problems.length > 0) throw USER_ERRORS.INVALID_ROLE_ASSIGNMENT(problems);
  }

  private translate(error: unknown): unknown {
    if (isUniqueViolation(error, 'email')) return USER_ERRORS.EMAIL_TAKEN();
    if (isForeignKeyViolation(error)) {
      return USER_ERRORS.AGENCY_UNKNOWN([{ field: 'agencyId', message: 'no agency has this id' }]);
    }
    return error;
  }
}
