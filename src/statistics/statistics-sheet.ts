import { Localised, Sheet } from '../common/export/spreadsheet';
import { Language } from '../common/identity/role';
import { CallStatisticsView } from './dto/statistics.view';

/** One figure of a call, as a line of the export: what it counts and, where it is money, each agency's amount. */
export interface FigureLine {
  section: Localised;
  item: string;
  proposals: number | null;
  home: string | null;
  partner: string | null;
  rate: number | null;
}

const SECTIONS = {
  state: { en: 'Proposals by state', 'zh-TW': '依狀態之計畫件數' },
  field: { en: 'Proposals by scientific field', 'zh-TW': '依學門之計畫件數' },
  institution: { en: "Proposals by principal investigator's institution", 'zh-TW': '依計畫主持人機構之計畫件數' },
  country: { en: "Proposals by principal investigator's country", 'zh-TW': '依計畫主持人國別之計畫件數' },
  budget: { en: 'Amounts', 'zh-TW': '金額' },
  outcome: { en: 'Joint outcomes', 'zh-TW': '雙方決定結果' },
  success: { en: 'Success rate', 'zh-TW': '獲補助率' },
  reviews: { en: 'Reviews', 'zh-TW': '審查' },
} as const satisfies Record<string, Localised>;

const line = (section: Localised, item: string, values: Partial<Omit<FigureLine, 'section' | 'item'>>): FigureLine => ({
  section,
  item,
  proposals: null,
  home: null,
  partner: null,
  rate: null,
  ...values,
});

/** Every figure of the statistics as lines, in the order of the JSON answer. */
export function figureLines(figures: CallStatisticsView): FigureLine[] {
  const [home, partner] = figures.agencies;
  const { proposals, outcomes, successRate, reviews } = figures;
  return [
    line(SECTIONS.state, 'TOTAL', { proposals: proposals.total }),
    line(SECTIONS.state, 'SUBMITTED_NOT_WITHDRAWN', { proposals: proposals.submitted }),
    ...Object.entries(proposals.byState).map(([state, count]) => line(SECTIONS.state, state, { proposals: count })),
    ...proposals.byField.map((row) => line(SECTIONS.field, row.field ?? '', { proposals: row.proposals })),
    ...proposals.byInstitution.map((row) =>
      line(SECTIONS.institution, `${row.side}: ${row.institution} (${row.country})`, { proposals: row.proposals }),
    ),
    ...proposals.byCountry.map((row) => line(SECTIONS.country, row.country, { proposals: row.proposals })),
    ...(['budget', 'requested', 'funded', 'awarded', 'remaining'] as const).map((key) =>
      line(SECTIONS.budget, key.toUpperCase(), { home: home[key].amount, partner: partner[key].amount }),
    ),
    ...(['undecided', 'awarded', 'rejected', 'waitlisted'] as const).map((key) =>
      line(SECTIONS.outcome, key.toUpperCase(), { proposals: outcomes[key] }),
    ),
    line(SECTIONS.success, 'AWARDED_OF_SUBMITTED', {
      proposals: successRate.awarded,
      rate: successRate.rate === null ? null : Number(successRate.rate),
    }),
    ...(['done', 'due', 'overdue'] as const).map((key) => line(SECTIONS.reviews, key.toUpperCase(), { proposals: reviews[key] })),
  ];
}

/** The statistics as one sheet for a grants office: amounts exact, in each agency's currency, named in the header. */
export function statisticsSheet(
  figures: CallStatisticsView,
  agencies: { home: string; partner: string },
  language: Language,
): Sheet<FigureLine> {
  const [home, partner] = figures.agencies;
  return {
    name: { en: 'Statistics', 'zh-TW': '統計' },
    columns: [
      { header: { en: 'Figure', 'zh-TW': '項目' }, kind: 'text', value: (row) => row.section[language], width: 36 },
      { header: { en: 'Item', 'zh-TW': '細項' }, kind: 'text', value: (row) => row.item, width: 40 },
      { header: { en: 'Count', 'zh-TW': '件數' }, kind: 'integer', value: (row) => row.proposals },
      { header: { en: agencies.home, 'zh-TW': agencies.home }, kind: 'amount', currency: home.budget.currency, value: (row) => row.home },
      {
        header: { en: agencies.partner, 'zh-TW': agencies.partner },
        kind: 'amount',
        currency: partner.budget.currency,
        value: (row) => row.partner,
      },
      { header: { en: 'Rate', 'zh-TW': '比率' }, kind: 'ratio', value: (row) => row.rate },
    ],
    rows: figureLines(figures),
  };
}
