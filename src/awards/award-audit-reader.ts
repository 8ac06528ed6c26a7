import { Injectable } from '@nestjs/common';
import { AuditedEntity, AuditReader } from '../audit/audit-read-policy';
import { AWARD_ERRORS } from './awards.errors';
import { AwardsService } from './awards.service';

/** An award's history (its reports and their verdicts) is for the officers of its call's two agencies. */
@Injectable()
@AuditedEntity('AWARD')
export class AwardAuditReader implements AuditReader {
  readonly hidden = AWARD_ERRORS.AWARD_NOT_FOUND;

  constructor(private readonly awards: AwardsService) {}

  async partyAgencies(awardId: string): Promise<string[] | null> {
    const award = await this.awards.load(awardId).catch((error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === AWARD_ERRORS.AWARD_NOT_FOUND.code) return null;
      throw error;
    });
    return award && [award.call.homeAgencyId, award.call.partnerAgencyId];
  }
}
