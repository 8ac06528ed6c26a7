import { Column, Localised, Sheet } from '../common/export/spreadsheet';
import { Language } from '../common/identity/role';
import { DecisionSummaryView } from '../decisions/dto/decision.view';
import { RankedProposalWithDecisionsView } from './dto/ranking-with-decisions.view';

type Line = RankedProposalWithDecisionsView;

export interface RankingSides {
  home: { code: string; currency: string };
  partner: { code: string; currency: string };
}

const both = (en: string, zh: string): Localised => ({ [Language.English]: en, [Language.TraditionalChinese]: zh });
const perAgency = (code: string, en: string, zh: string): Localised => both(`${code} ${en}`, `${code} ${zh}`);

const YES_NO = { true: both('yes', '是'), false: both('no', '否') };

/**
 * The ranking as the grants office imports it: one line per proposal, best first, with the reviews' figures, the
 * calibrated scores when present, and each agency's decision and amount in its own currency beside the joint
 * outcome. Codes (state, decision, outcome) stay as the API spells them, so that a spreadsheet can filter on them.
 */
export function rankingSheet(items: readonly Line[], sides: RankingSides, language: Language, calibrated: boolean): Sheet<Line> {
  const decisionColumns = (side: 'home' | 'partner'): Column<Line>[] => {
    const { code, currency } = sides[side];
    const of = (line: Line): DecisionSummaryView | null => line.decisions[side];
    return [
      { header: perAgency(code, 'decision', '決定'), kind: 'text', value: (line) => of(line)?.decision ?? null },
      { header: perAgency(code, 'amount', '核定金額'), kind: 'amount', currency, value: (line) => of(line)?.amount?.amount ?? null },
    ];
  };
  const columns: Column<Line>[] = [
    { header: both('Rank', '排序'), kind: 'integer', value: (line) => line.rank },
    { header: both('Acronym', '簡稱'), kind: 'text', value: (line) => line.acronym },
    { header: both('Title', '計畫名稱'), kind: 'text', value: (line) => line.title, width: 48 },
    { header: both('Proposal ID', '計畫編號'), kind: 'text', value: (line) => line.proposalId, width: 38 },
    { header: both('State', '狀態'), kind: 'text', value: (line) => line.state, width: 14 },
    { header: both('Submitted', '提交時間'), kind: 'datetime', value: (line) => line.submittedAt },
    { header: both('Reviews', '審查數'), kind: 'integer', value: (line) => line.reviewCount },
    {
      header: both('Below the minimum of reviews', '審查數不足'),
      kind: 'text',
      value: (line) => YES_NO[`${line.belowMinReviews}`][language],
    },
    { header: both('Mean total (0-100)', '平均總分 (0-100)'), kind: 'number', decimals: 2, value: (line) => line.meanTotal },
    { header: both('Standard deviation', '標準差'), kind: 'number', decimals: 2, value: (line) => line.standardDeviation },
    { header: perAgency(sides.home.code, 'reviews', '審查數'), kind: 'integer', value: (line) => line.home.reviewCount },
    { header: perAgency(sides.home.code, 'mean', '平均分數'), kind: 'number', decimals: 2, value: (line) => line.home.meanTotal },
    { header: perAgency(sides.partner.code, 'reviews', '審查數'), kind: 'integer', value: (line) => line.partner.reviewCount },
    { header: perAgency(sides.partner.code, 'mean', '平均分數'), kind: 'number', decimals: 2, value: (line) => line.partner.meanTotal },
    ...(calibrated
      ? ([
          { header: both('Z-score mean', 'Z 分數平均'), kind: 'number', decimals: 2, value: (line) => line.calibrated?.zScore },
          { header: both('Z-score rank', 'Z 分數排序'), kind: 'integer', value: (line) => line.calibrated?.zRank },
          {
            header: both('Quality (least squares)', '校準品質分數'),
            kind: 'number',
            decimals: 2,
            value: (line) => line.calibrated?.quality,
          },
          { header: both('Quality rank', '校準排序'), kind: 'integer', value: (line) => line.calibrated?.qualityRank },
        ] satisfies Column<Line>[])
      : []),
    ...decisionColumns('home'),
    ...decisionColumns('partner'),
    { header: both('Joint outcome', '雙方決定結果'), kind: 'text', value: (line) => line.decisions.outcome, width: 14 },
  ];
  return { name: both('Ranking', '排序'), columns, rows: items };
}
