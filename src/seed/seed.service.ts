import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Environment } from '../config/environment';
import { Agency } from '../reference-data/agency.entity';
import { Agreement } from '../reference-data/agreement.entity';
import { Office } from '../reference-data/office.entity';
import { Language, Role } from '../users/role';
import { UsersService } from '../users/users.service';
import { AGENCIES, AGREEMENTS, DEMO_USERS, OFFICES } from './reference.data';

/**
 * Loads reference data and demo accounts. Idempotent: rows are matched by their natural keys and only what is
 * missing is inserted, so a second run changes nothing (existing passwords are never reset).
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @Transactional()
  async run({ demo }: { demo: boolean }): Promise<void> {
    const tx = this.txHost.tx;
    await tx.createQueryBuilder().insert().into(Agency).values(AGENCIES).orIgnore().execute();
    await tx.createQueryBuilder().insert().into(Office).values(OFFICES).orIgnore().execute();
    const agencies = new Map((await tx.getRepository(Agency).find()).map((agency) => [agency.code, agency]));
    const home = agencies.get('NSTC')!;
    await tx
      .createQueryBuilder()
      .insert()
      .into(Agreement)
      .values(
        AGREEMENTS.map(({ partner, ...agreement }) => ({
          ...agreement,
          homeAgencyId: home.id,
          partnerAgencyId: agencies.get(partner)!.id,
        })),
      )
      .orIgnore()
      .execute();

    const admin = { email: this.config.get('ADMIN_EMAIL', { infer: true }), password: this.config.get('ADMIN_PASSWORD', { infer: true }) };
    await this.ensureUser({ ...admin, name: 'Administrator', roles: [Role.Admin], agencyId: null, language: Language.English });
    if (demo) {
      for (const { agency, ...user } of DEMO_USERS) await this.ensureUser({ ...user, agencyId: agency ? agencies.get(agency)!.id : null });
    }
    this.logger.log(
      `Seeded ${agencies.size} agencies, ${OFFICES.length} offices, ${AGREEMENTS.length} agreements${demo ? ' and demo users' : ''}`,
    );
  }

  private async ensureUser(user: Parameters<UsersService['create']>[0]): Promise<void> {
    if (!(await this.users.findByEmail(user.email))) await this.users.create(user);
  }
}
