import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { EntityTarget, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ErrorFactory } from '../common/errors/error-catalogue';
import { Page, pageOf, PageQuery } from '../common/pagination/page';
import { CompiledQuery } from '../database/compiled-query';
import { isUniqueViolation } from '../database/postgres-errors';
import { Agency } from './agency.entity';
import { Agreement } from './agreement.entity';
import { CreateAgency, CreateAgreement, CreateOffice } from './dto/reference-data.dto';
import { Office } from './office.entity';
import { checkAgreement } from './reference-data.rules';
import { REFERENCE_DATA_ERRORS } from './reference-data.errors';
import { AuditEntityType } from '../audit/audit-event.entity';

/** Agencies, S&T offices and agreements: read by everyone, written by admins. */
@Injectable()
export class ReferenceDataService {
  private readonly byId = new Map<EntityTarget<ObjectLiteral>, CompiledQuery<ObjectLiteral>>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  listAgencies = (query: PageQuery) => this.page(Agency, query, { isHome: 'DESC', code: 'ASC' });
  getAgency = (id: string) => this.one(Agency, id, REFERENCE_DATA_ERRORS.AGENCY_NOT_FOUND);
  listOffices = (query: PageQuery) => this.page(Office, query, { country: 'ASC', city: 'ASC' });
  getOffice = (id: string) => this.one(Office, id, REFERENCE_DATA_ERRORS.OFFICE_NOT_FOUND);
  listAgreements = (query: PageQuery) => this.page(Agreement, query, { signedOn: 'DESC', id: 'ASC' });
  getAgreement = (id: string) => this.one(Agreement, id, REFERENCE_DATA_ERRORS.AGREEMENT_NOT_FOUND);

  @Transactional()
  async createAgency(actorId: string, input: CreateAgency): Promise<Agency> {
    return this.insert(
      actorId,
      Agency,
      'AGENCY',
      { ...input, isHome: input.isHome ?? false },
      REFERENCE_DATA_ERRORS.AGENCY_EXISTS,
      'An agency with this code already exists',
    );
  }

  @Transactional()
  async createOffice(actorId: string, input: CreateOffice): Promise<Office> {
    return this.insert(actorId, Office, 'OFFICE', input, REFERENCE_DATA_ERRORS.OFFICE_EXISTS, 'An office with this name already exists');
  }

  @Transactional()
  async createAgreement(actorId: string, input: CreateAgreement): Promise<Agreement> {
    const agencies = this.txHost.tx.getRepository(Agency);
    const home = await agencies.findOneBy({ id: input.homeAgencyId });
    const partner = await agencies.findOneBy({ id: input.partnerAgencyId });
    const problems = checkAgreement(input, home, partner);
    if (problems.length > 0) throw REFERENCE_DATA_ERRORS.AGREEMENT_INVALID(problems);
    return this.insert(
      actorId,
      Agreement,
      'AGREEMENT',
      { ...input, expiresOn: input.expiresOn ?? null },
      REFERENCE_DATA_ERRORS.AGREEMENT_EXISTS,
      'This agreement is already recorded',
    );
  }

  private async page<T extends ObjectLiteral>(entity: EntityTarget<T>, query: PageQuery, order: FindOptionsOrder<T>): Promise<Page<T>> {
    return pageOf(await this.txHost.tx.getRepository(entity).findAndCount({ order, take: query.limit, skip: query.offset }), query);
  }

  /** Reads by id through a select built once per entity (it is the most frequent read of the API). */
  private async one<T extends ObjectLiteral & { id: string }>(entity: EntityTarget<T>, id: string, hidden: ErrorFactory): Promise<T> {
    let byId = this.byId.get(entity) as CompiledQuery<T> | undefined;
    if (!byId) {
      byId = new CompiledQuery((manager) =>
        manager.getRepository(entity).createQueryBuilder('entity').where('entity.id = :id', { id: null }),
      );
      this.byId.set(entity, byId);
    }
    const found = await byId.getOne(this.txHost.tx, { id });
    if (!found) throw hidden();
    return found;
  }

  private async insert<T extends ObjectLiteral & { id: string }>(
    actorId: string,
    entity: EntityTarget<T>,
    entityType: AuditEntityType,
    values: Partial<T>,
    duplicate: ErrorFactory,
    duplicateMessage: string,
  ): Promise<T> {
    const repository = this.txHost.tx.getRepository(entity);
    try {
      const created = await repository.save(repository.create(values as T));
      await this.audit.record({ actorId, entityType, entityId: created.id, action: 'CREATED' });
      return created;
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate(duplicateMessage);
      throw error;
    }
  }
}
