import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { stringify } from 'csv-stringify/sync';
import { Call } from '../calls/call.entity';
import { CALL_ERRORS } from '../calls/call.errors';
import { CallsService } from '../calls/calls.service';
import { Principal } from '../common/access/principal';
import { RankedProposalView, RankingView } from './dto/ranking.dto';
import { RankingCalibration } from './ranking-calibration';
import { RANKING_ACCESS } from './review-access';
import { RANKING_SQL, rankingParameters, RankingRow } from './ranking.sql';

const CSV_COLUMNS = [
  'rank',
  'proposalId',
  'acronym',
  'title',
  'state',
  'submittedAt',
  'reviewCount',
  'belowMinReviews',
  'meanTotal',
  'standardDeviation',
  'homeAgency',
  'homeReviewCount',
  'homeMeanTotal',
  'partnerAgency',
  'partnerReviewCount',
  'partnerMeanTotal',
] as const;
/** Appended when the ranking is calibrated (ranking-calibration.ts). */
const CALIBRATED_CSV_COLUMNS = ['zScore', 'zRank', 'quality', 'qualityRank'] as const;

/**
 * A call's ranking, computed in SQL (ranking.sql.ts), as JSON or CSV, for the officers of the call's agencies.
 * Exported from ReviewsModule for the decisions and exports that build on it.
 */
@Injectable()
export class RankingService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly calls: CallsService,
    private readonly calibration: RankingCalibration,
  ) {}

  /** The call, if the user may read its ranking (404 otherwise, like a call that does not exist). */
  async callFor(user: Principal, callId: string): Promise<Call> {
    const call = await this.calls.load(callId);
    if (!call) throw CALL_ERRORS.CALL_NOT_FOUND();
    RANKING_ACCESS.assertVisible(user, call);
    return call;
  }

  /** The ranked rows, best first. */
  rows(call: Pick<Call, 'id' | 'homeAgencyId' | 'partnerAgencyId' | 'minReviewsPerProposal'>): Promise<RankingRow[]> {
    return this.txHost.tx.query<RankingRow[]>(RANKING_SQL, rankingParameters(call));
  }

  /** The ranking as objects (RankingView), calibrated unless asked not to, for the modules that build on it. */
  async view(
    call: Pick<Call, 'id' | 'homeAgencyId' | 'partnerAgencyId' | 'minReviewsPerProposal'>,
    calibrated = true,
  ): Promise<RankingView> {
    const rows = await this.rows(call);
    const view = {
      callId: call.id,
      minReviewsPerProposal: call.minReviewsPerProposal,
      total: rows.length,
      items: rows.map((row) => viewOf(row, call)),
    };
    return calibrated ? this.calibration.annotate(call.id, view) : view;
  }

  async json(user: Principal, callId: string, calibrated = true): Promise<RankingView> {
    return this.view(await this.callFor(user, callId), calibrated);
  }

  async csv(user: Principal, callId: string, calibrated = true): Promise<string> {
    const call = await this.callFor(user, callId);
    const rows = await this.rows(call);
    const home = call.homeAgency.code;
    const partner = call.partnerAgency.code;
    const columns = calibrated ? [...CSV_COLUMNS, ...CALIBRATED_CSV_COLUMNS] : [...CSV_COLUMNS];
    const calibration = calibrated
      ? new Map(
          (
            await this.calibration.annotate(call.id, {
              callId,
              minReviewsPerProposal: 0,
              total: rows.length,
              items: rows.map((row) => viewOf(row, call)),
            })
          ).items.map((item) => [item.proposalId, item.calibrated ?? {}]),
        )
      : new Map<string, object>();
    return stringify(
      rows.map((row) => ({
        ...row,
        ...calibration.get(row.proposalId),
        submittedAt: row.submittedAt?.toISOString() ?? '',
        homeAgency: home,
        partnerAgency: partner,
      })),
      { header: true, columns, cast: { boolean: (value) => (value ? 'true' : 'false') }, bom: false },
    );
  }
}

function viewOf(row: RankingRow, call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>): RankedProposalView {
  return {
    rank: row.rank,
    proposalId: row.proposalId,
    acronym: row.acronym,
    title: row.title,
    state: row.state,
    submittedAt: row.submittedAt,
    reviewCount: row.reviewCount,
    belowMinReviews: row.belowMinReviews,
    meanTotal: row.meanTotal,
    standardDeviation: row.standardDeviation,
    home: { agencyId: call.homeAgencyId, reviewCount: row.homeReviewCount, meanTotal: row.homeMeanTotal },
    partner: { agencyId: call.partnerAgencyId, reviewCount: row.partnerReviewCount, meanTotal: row.partnerMeanTotal },
  };
}
