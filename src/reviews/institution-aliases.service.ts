import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Page, pageOf, PageQuery } from '../common/pagination/page';
import { isUniqueViolation } from '../database/postgres-errors';
import { CreateInstitutionAlias } from './dto/reviewer.dto';
import { InstitutionAlias } from './institution-alias.entity';
import { InstitutionAliases, normaliseInstitution } from './institutions';
import { REVIEW_ERRORS } from './reviews.errors';

/** The admins' list of institution aliases ("NTU" = "National Taiwan University"), used by the conflict check. */
@Injectable()
export class InstitutionAliasesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  private get repository() {
    return this.txHost.tx.getRepository(InstitutionAlias);
  }

  /** Every alias, as the conflict check reads them. */
  async all(): Promise<InstitutionAliases> {
    const rows = await this.repository.find({ select: { aliasKey: true, institutionKey: true } });
    return new Map(rows.map((row) => [row.aliasKey, row.institutionKey]));
  }

  list(query: PageQuery): Promise<Page<InstitutionAlias>> {
    return this.repository
      .findAndCount({ order: { institutionKey: 'ASC', aliasKey: 'ASC' }, take: query.limit, skip: query.offset })
      .then((result) => pageOf(result, query));
  }

  /** One step only: an alias never names another alias, nor a name that aliases already stand for. */
  @Transactional()
  async create(actorId: string, { alias, institution }: CreateInstitutionAlias): Promise<InstitutionAlias> {
    const aliasKey = normaliseInstitution(alias);
    const institutionKey = normaliseInstitution(institution);
    const problems = [
      ...(aliasKey === '' ? [{ field: 'alias', message: 'the alias has no letter or digit' }] : []),
      ...(institutionKey === '' ? [{ field: 'institution', message: 'the institution has no letter or digit' }] : []),
      ...(aliasKey !== '' && aliasKey === institutionKey
        ? [{ field: 'alias', message: 'the alias already reads as the institution' }]
        : []),
    ];
    if (problems.length > 0) throw REVIEW_ERRORS.INSTITUTION_ALIAS_INVALID(problems);
    // Serialises alias edits: the chain checks below read what a concurrent insert could change.
    await this.txHost.tx.query(`LOCK TABLE institution_alias IN SHARE ROW EXCLUSIVE MODE`);
    const chained = await this.repository
      .createQueryBuilder('alias')
      .where('alias.institution_key = :aliasKey OR alias.alias_key = :institutionKey', { aliasKey, institutionKey })
      .getCount();
    if (chained > 0) throw REVIEW_ERRORS.INSTITUTION_ALIAS_TAKEN();
    try {
      const saved = await this.repository.save(
        this.repository.create({ alias, aliasKey, institution, institutionKey, createdById: actorId }),
      );
      await this.audit.record({
        actorId,
        entityType: 'INSTITUTION_ALIAS',
        entityId: saved.id,
        action: 'CREATED',
        data: { alias, institution },
      });
      return saved;
    } catch (error) {
      if (isUniqueViolation(error)) throw REVIEW_ERRORS.INSTITUTION_ALIAS_TAKEN();
      throw error;
    }
  }

  @Transactional()
  async remove(actorId: string, id: string): Promise<void> {
    const alias = await this.repository.findOneBy({ id });
    if (!alias) throw REVIEW_ERRORS.INSTITUTION_ALIAS_NOT_FOUND();
    await this.repository.delete({ id });
    await this.audit.record({
      actorId,
      entityType: 'INSTITUTION_ALIAS',
      entityId: id,
      action: 'DELETED',
      data: { alias: alias.alias, institution: alias.institution },
    });
  }
}
