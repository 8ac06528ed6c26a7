import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Environment } from '../config/environment';
import { Agency } from '../reference-data/agency.entity';
import { Agreement } from '../reference-data/agreement.entity';
import { Office } from '../reference-data/office.entity';
import { Language, Role } from '../common/identity/role';
import { UsersService } from '../users/users.service';
import { DemoCallsSeeder } from './demo-calls.seeder';
import { DemoDecisionsSeeder } from './demo-decisions.seeder';
import { DemoReviewsSeeder } from './demo-reviews.seeder';
import { AGENCIES, AGREEMENTS, DEMO_USERS, OFFICES } from './reference.data';

/**
 * Loads reference data, demo accounts and the demo calls and proposals. Idempotent: rows are matched by their
 * natural keys (calls and proposals by title) and only what is missing is inserted, so a second run changes
 * nothing (existing passwords are never reset, demo data moved on through the API are left as they are).
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly config: ConfigService<Environment, true>,
    private readonly demoCalls: DemoCallsSeeder,
    private readonly demoDecisions: DemoDecisionsSeeder,
    private readonly demoReviews: DemoReviewsSeeder,
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
    let story = '';
    if (demo) {
      for (const { agency, ...user } of DEMO_USERS) await this.ensureUser({ ...user, agencyId: agency ? agencies.get(agency)!.id : null });
      const now = new Date();
      const { calls, callsAdded, proposals, proposalsAdded } = await this.demoCalls.run(agencies, now);
      const { reviewers, reviewersAdded, assignmentsAdded } = await this.demoReviews.run(agencies, now);
      const { decisions, awards } = await this.demoDecisions.run(now);
      story =
        `, demo users, ${calls} demo calls (${callsAdded} new), ${proposals} demo proposals (${proposalsAdded} new), ` +
        `${reviewers} demo reviewers (${reviewersAdded} new), ${assignmentsAdded} new review assignments, ` +
        `${decisions} new decisions and ${awards} new awards`;
    }
    this.logger.log(`Seeded ${agencies.size} agencies, ${OFFICES.length} offices, ${AGREEMENTS.length} agreements${story}`);
  }

  private async ensureUser(user: Parameters<UsersService['create']>[0]): Promise<void> {
    if (!(await this.users.findByEmail(user.email))) await this.users.create(user);
  }
}
