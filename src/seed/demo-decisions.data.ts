import { ReportVerdict } from '../awards/report-review.entity';
import { ReportState } from '../awards/report-state';
import { ReportKind } from '../awards/report.entity';
import { DecisionKind } from '../decisions/decision.entity';
import { ProposalState } from '../proposals/proposal-state';
import { Side, TeamRole } from '../proposals/team-member.entity';
import type { DemoPerson, DemoProposal } from './demo-calls.data';

/**
 * The decisions part of the demo story: the call in decision (NSTC–LMT) with decisions in every combination, one
 * agency's budget nearly spent, and the finalized call (NSTC–ISF) with awards whose reports are in every state.
 * Dated relative to the seed time like the rest of the story; titles never change.
 */

export const OFFICER_LMT = 'officer.lmt@joint-calls.localhost';
export const OFFICER_ISF = 'officer.isf@joint-calls.localhost';
const OFFICER_NSTC = 'officer.nstc@joint-calls.localhost';
const PI_TAIWAN = 'pi.taiwan@joint-calls.localhost';

const ATTACHMENTS = ['project-description', 'cv-home-pi', 'cv-partner-pi'];

export interface DemoDecision {
  decision: DecisionKind;
  /** FUND only, in the agency's currency. */
  amount?: string;
  note: string;
  recordedAt: Date;
}

export interface DemoReport {
  kind: ReportKind;
  state: ReportState;
  /** When each submission was uploaded, oldest first (none for a report still due). */
  submissions: Date[];
  /** Verdicts by agency ('NSTC' or the partner's code) on a submission (1 for the first). */
  verdicts: { agency: string; submission: number; verdict: ReportVerdict; comment: string; recordedAt: Date }[];
}

export interface DemoDecided {
  proposal: DemoProposal;
  /** NSTC's decision and the partner agency's; absent: not decided yet. */
  home?: DemoDecision;
  partner?: DemoDecision;
  /** For an awarded proposal of the finalized call: its reports (both, interim first). */
  reports?: DemoReport[];
}

type At = (days: number, hour?: number) => Date;

const person = (name: string, email: string, institution: string, country: string): DemoPerson => ({ name, email, institution, country });

function proposal(
  at: At,
  call: { opensAtDay: number; closesAtDay: number; partner: string; currency: string },
  spec: {
    title: string;
    acronym: string;
    abstract: string;
    keywords: string[];
    field: string;
    months: number;
    home: string;
    partner: string;
    state: ProposalState;
    partnerPi: DemoPerson;
    /** A Taiwanese co-investigator beside the demo PI of Taiwan, who leads every demo proposal. */
    homePi?: DemoPerson;
    day: number;
  },
): DemoProposal {
  const submittedAt = at(spec.day, 15);
  const verdictDay = call.closesAtDay + 10;
  return {
    title: spec.title,
    acronym: spec.acronym,
    abstract: spec.abstract,
    keywords: spec.keywords,
    scientificField: spec.field,
    durationMonths: spec.months,
    homeBudget: spec.home,
    partnerBudget: spec.partner,
    state: spec.state,
    createdBy: PI_TAIWAN,
    createdAt: at(spec.day - 30),
    submittedAt,
    team: [
      { role: TeamRole.PrincipalInvestigator, side: Side.Home, account: PI_TAIWAN, confirmed: true },
      { role: TeamRole.PrincipalInvestigator, side: Side.Partner, person: spec.partnerPi },
      ...(spec.homePi ? [{ role: TeamRole.CoInvestigator, side: Side.Home, person: spec.homePi }] : []),
    ],
    attachmentKinds: ATTACHMENTS,
    verdicts: [
      {
        agency: 'NSTC',
        officer: OFFICER_NSTC,
        eligible: true,
        reason: 'The Taiwanese PI holds a full-time position at an eligible institution; the budget follows the NSTC rules.',
        recordedAt: at(verdictDay, 11),
      },
      {
        agency: call.partner,
        officer: call.partner === 'LMT' ? OFFICER_LMT : OFFICER_ISF,
        eligible: true,
        reason: `The partner PI is employed by an eligible research organisation; the ${call.currency} budget is within the call's cap.`,
        recordedAt: at(verdictDay + 2, 14),
      },
    ],
  };
}

const fund = (amount: string, note: string, recordedAt: Date): DemoDecision => ({ decision: DecisionKind.Fund, amount, note, recordedAt });
const reject = (note: string, recordedAt: Date): DemoDecision => ({ decision: DecisionKind.Reject, note, recordedAt });
const waitlist = (note: string, recordedAt: Date): DemoDecision => ({ decision: DecisionKind.Waitlist, note, recordedAt });

/**
 * NSTC–LMT, in decision (opened day -200, closed day -110): every combination of the two decisions, and LMT's
 * budget of 400,000.00 EUR nearly spent (392,500.00 committed), NSTC's 9,600,000.00 TWD at 8,600,000.00.
 */
export function inDecisionStory(at: At): DemoDecided[] {
  const call = { opensAtDay: -200, closesAtDay: -110, partner: 'LMT', currency: 'EUR' };
  const lt = (name: string, user: string, institution: string) =>
    person(name, `${user}@${institution === 'Vilnius University' ? 'vu' : 'ktu'}.example`, institution, 'LT');
  const underReview = ProposalState.UnderReview;
  const decided = (day: number) => at(day, 16);
  const entries: [Parameters<typeof proposal>[2], DemoDecision | undefined, DemoDecision | undefined][] = [
    [
      {
        title: 'Femtosecond laser writing of glass microfluidic chips for point-of-care diagnostics',
        acronym: 'FEMTOCHIP',
        abstract:
          'Three-dimensional femtosecond laser writing in fused silica to produce microfluidic chips for rapid blood tests in clinics.',
        keywords: ['femtosecond laser', 'microfluidics', 'diagnostics'],
        field: 'laser physics',
        months: 24,
        home: '2400000.00',
        partner: '100000.00',
        state: underReview,
        partnerPi: lt('Tomas Kazlauskas', 'tomas.kazlauskas', 'Vilnius University'),
        day: -115,
      },
      fund('2300000.00', 'Ranked first by both panels; equipment reduced by 100,000 TWD.', decided(-8)),
      fund('100000.00', 'Ranked first; full amount.', decided(-7)),
    ],
    [
      {
        title: 'Ultrafast fibre lasers for precision micromachining of medical stents',
        acronym: 'STENTLASE',
        abstract: 'Picosecond and femtosecond fibre lasers tuned for burr-free cutting of nitinol and polymer stents.',
        keywords: ['fibre laser', 'micromachining', 'medical devices'],
        field: 'photonics',
        months: 24,
        home: '1900000.00',
        partner: '90000.00',
        state: underReview,
        partnerPi: lt('Rasa Petrauskienė', 'rasa.petrauskiene', 'Kaunas University of Technology'),
        homePi: person('Wang Chih-Hao', 'chihhao.wang@nycu.example', 'National Yang Ming Chiao Tung University', 'TW'),
        day: -118,
      },
      fund('1900000.00', 'Strong industrial partner in Hsinchu.', decided(-8)),
      reject('Below the LMT funding line: the Lithuanian work package overlaps an ongoing national project.', decided(-6)),
    ],
    [
      {
        title: 'CRISPR-engineered yeast for the production of plant-derived pharmaceuticals',
        acronym: 'YEASTPHARM',
        abstract: 'Engineering Saccharomyces cerevisiae to produce alkaloid precursors now extracted from endangered plants.',
        keywords: ['synthetic biology', 'CRISPR', 'yeast', 'pharmaceuticals'],
        field: 'biotechnology',
        months: 24,
        home: '2200000.00',
        partner: '99000.00',
        state: underReview,
        partnerPi: lt('Aistė Jankauskaitė', 'aiste.jankauskaite', 'Vilnius University'),
        homePi: person('Lee Ya-Wen', 'yawen.lee@sinica.example', 'Academia Sinica', 'TW'),
        day: -120,
      },
      reject('The Taiwanese work plan lacks a biosafety approval route.', decided(-9)),
      fund('99000.00', 'Excellent Lithuanian team.', decided(-7)),
    ],
    [
      {
        title: 'Mid-infrared laser spectroscopy for non-invasive glucose monitoring',
        acronym: 'MIRGLUCO',
        abstract: 'Quantum-cascade laser spectroscopy through the skin, validated against blood glucose in a clinical pilot.',
        keywords: ['mid-infrared', 'spectroscopy', 'diabetes'],
        field: 'photonics',
        months: 24,
        home: '2000000.00',
        partner: '95000.00',
        state: underReview,
        partnerPi: lt('Mindaugas Vaitkus', 'mindaugas.vaitkus', 'Kaunas University of Technology'),
        day: -121,
      },
      fund('2000000.00', 'Fundable; funded if LMT can.', decided(-8)),
      waitlist('Waitlisted: LMT budget nearly committed.', decided(-6)),
    ],
    [
      {
        title: 'Enzyme cascades for the biodegradation of textile dyes',
        acronym: 'DYEZYME',
        abstract: 'Immobilised laccase and peroxidase cascades that decolourise textile wastewater at industrial flow rates.',
        keywords: ['enzymes', 'bioremediation', 'textile industry'],
        field: 'biotechnology',
        months: 18,
        home: '1600000.00',
        partner: '98500.00',
        state: underReview,
        partnerPi: lt('Eglė Stankevičiūtė', 'egle.stankeviciute', 'Kaunas University of Technology'),
        homePi: person('Huang Jun-Jie', 'junjie.huang@ncku.example', 'National Cheng Kung University', 'TW'),
        day: -125,
      },
      waitlist('Waitlisted behind three stronger biotechnology proposals.', decided(-9)),
      fund('98500.00', 'Funded.', decided(-5)),
    ],
    [
      {
        title: 'Laser-induced graphene sensors for wearable sweat analysis',
        acronym: 'LIGSWEAT',
        abstract: 'Direct laser writing of graphene electrodes on polyimide for patches that track electrolytes during exercise.',
        keywords: ['laser-induced graphene', 'wearables', 'biosensors'],
        field: 'laser physics',
        months: 24,
        home: '1800000.00',
        partner: '80000.00',
        state: underReview,
        partnerPi: lt('Jonas Petraitis', 'jonas.petraitis', 'Vilnius University'),
        homePi: person('Chang Yu-Ting', 'yuting.chang@nthu.example', 'National Tsing Hua University', 'TW'),
        day: -119,
      },
      waitlist('Waitlisted.', decided(-9)),
      waitlist('Waitlisted.', decided(-5)),
    ],
    [
      {
        title: 'Phage therapy against antibiotic-resistant Klebsiella in hospital wastewater',
        acronym: 'PHAGEKLEB',
        abstract: 'Isolating and characterising bacteriophages active against carbapenem-resistant Klebsiella pneumoniae.',
        keywords: ['phage therapy', 'antimicrobial resistance', 'wastewater'],
        field: 'biotechnology',
        months: 24,
        home: '2100000.00',
        partner: '85000.00',
        state: underReview,
        partnerPi: lt('Laura Žukauskienė', 'laura.zukauskiene', 'Vilnius University'),
        homePi: person('Wu Pei-Shan', 'peishan.wu@kmu.example', 'Kaohsiung Medical University', 'TW'),
        day: -122,
      },
      reject('Both reviews below the threshold.', decided(-9)),
      reject('Both reviews below the threshold.', decided(-6)),
    ],
    [
      {
        title: 'High-power diode lasers for additive manufacturing of titanium implants',
        acronym: 'DIODETI',
        abstract: 'Blue and near-infrared diode laser sources for powder-bed fusion of patient-specific titanium implants.',
        keywords: ['diode laser', 'additive manufacturing', 'implants'],
        field: 'laser physics',
        months: 24,
        home: '2400000.00',
        partner: '100000.00',
        state: underReview,
        partnerPi: lt('Darius Kairys', 'darius.kairys', 'Kaunas University of Technology'),
        homePi: person('Liu Kuan-Ting', 'kuanting.liu@ntust.example', 'National Taiwan University of Science and Technology', 'TW'),
        day: -116,
      },
      fund('2400000.00', 'Fund in full.', decided(-4)),
      undefined,
    ],
    [
      {
        title: 'Microalgae photobioreactors lit by tailored LED spectra',
        acronym: 'ALGAELED',
        abstract: 'Tuning LED spectra to raise the astaxanthin yield of Haematococcus cultures in closed photobioreactors.',
        keywords: ['microalgae', 'photobioreactor', 'LED'],
        field: 'biotechnology',
        months: 12,
        home: '1200000.00',
        partner: '95000.00',
        state: underReview,
        partnerPi: lt('Gintarė Vasiliauskienė', 'gintare.vasiliauskiene', 'Vilnius University'),
        homePi: person('Kuo Shu-Fen', 'shufen.kuo@ntou.example', 'National Taiwan Ocean University', 'TW'),
        day: -124,
      },
      undefined,
      fund('95000.00', 'Funded; awaiting NSTC.', decided(-3)),
    ],
    [
      {
        title: 'Terahertz imaging for the quality control of pharmaceutical tablets',
        acronym: 'THZPHARMA',
        abstract: 'Terahertz time-domain imaging to measure coating thickness and porosity of tablets on the production line.',
        keywords: ['terahertz', 'imaging', 'pharmaceutical manufacturing'],
        field: 'photonics',
        months: 24,
        home: '2300000.00',
        partner: '97000.00',
        state: underReview,
        partnerPi: lt('Vytautas Mockus', 'vytautas.mockus', 'Kaunas University of Technology'),
        homePi: person('Tseng Hao-Yu', 'haoyu.tseng@ncu.example', 'National Central University', 'TW'),
        day: -117,
      },
      undefined,
      undefined,
    ],
  ];
  return entries.map(([spec, home, partner]) => ({ proposal: proposal(at, call, spec), home, partner }));
}

/**
 * NSTC–ISF, finalized (projects started on day -150): six awards whose interim reports are due, submitted, accepted
 * by one agency, sent back for revision (and overdue), accepted by both, and overdue; one proposal rejected, one
 * waitlisted.
 */
export function finalizedStory(at: At): DemoDecided[] {
  const call = { opensAtDay: -400, closesAtDay: -310, partner: 'ISF', currency: 'ILS' };
  const il = (name: string, user: string, institution: string) =>
    person(name, `${user}@${institution.split(' ')[0].toLowerCase()}.example`, institution, 'IL');
  const decided = (day: number) => at(day, 16);
  const awarded = ProposalState.Awarded;
  const accepted = (agency: string, submission: number, day: number, comment = '') => ({
    agency,
    submission,
    verdict: ReportVerdict.Accepted,
    comment,
    recordedAt: at(day, 11),
  });
  const due = (kind: ReportKind): DemoReport => ({ kind, state: ReportState.Due, submissions: [], verdicts: [] });
  const entries: [Parameters<typeof proposal>[2], DemoDecision, DemoDecision, DemoReport[] | undefined][] = [
    [
      {
        title: 'Neural circuits of decision making in the rodent prefrontal cortex',
        acronym: 'PFCDECIDE',
        abstract: 'Two-photon imaging and optogenetics to trace how prefrontal circuits weigh reward against effort.',
        keywords: ['prefrontal cortex', 'decision making', 'optogenetics'],
        field: 'neuroscience',
        months: 36,
        home: '3600000.00',
        partner: '750000.00',
        state: awarded,
        partnerPi: il('Yael Cohen', 'yael.cohen', 'Weizmann Institute of Science'),
        day: -315,
      },
      fund('3500000.00', 'Ranked first.', decided(-200)),
      fund('720000.00', 'Ranked first.', decided(-198)),
      [due(ReportKind.Interim), due(ReportKind.Final)],
    ],
    [
      {
        title: 'Post-quantum signatures for firmware updates of medical devices',
        acronym: 'PQFIRM',
        abstract: 'Lattice-based signature schemes sized for the microcontrollers of insulin pumps and pacemakers.',
        keywords: ['post-quantum cryptography', 'firmware', 'medical devices'],
        field: 'cryptography',
        months: 12,
        home: '2500000.00',
        partner: '600000.00',
        state: awarded,
        partnerPi: il('Amit Levi', 'amit.levi', 'Technion Israel Institute of Technology'),
        homePi: person('Yang Tsung-Han', 'tsunghan.yang@nycu.example', 'National Yang Ming Chiao Tung University', 'TW'),
        day: -318,
      },
      fund('2500000.00', 'Fund in full.', decided(-200)),
      fund('600000.00', 'Fund in full.', decided(-197)),
      [{ kind: ReportKind.Interim, state: ReportState.Submitted, submissions: [at(-3, 10)], verdicts: [] }, due(ReportKind.Final)],
    ],
    [
      {
        title: 'Computational models of sleep-dependent memory consolidation',
        acronym: 'SLEEPMEM',
        abstract: 'Spiking network models of hippocampal replay, tested against sleep recordings in both laboratories.',
        keywords: ['sleep', 'memory', 'computational neuroscience'],
        field: 'neuroscience',
        months: 12,
        home: '2000000.00',
        partner: '500000.00',
        state: awarded,
        partnerPi: il('Noam Friedman', 'noam.friedman', 'Hebrew University of Jerusalem'),
        homePi: person('Hsieh Chia-Ling', 'chialing.hsieh@nthu.example', 'National Tsing Hua University', 'TW'),
        day: -320,
      },
      fund('2000000.00', 'Fund in full.', decided(-199)),
      fund('480000.00', 'Travel line reduced.', decided(-197)),
      [
        {
          kind: ReportKind.Interim,
          state: ReportState.Submitted,
          submissions: [at(-6, 9)],
          verdicts: [accepted('NSTC', 1, -2, 'Clear progress on the replay models.')],
        },
        due(ReportKind.Final),
      ],
    ],
    [
      {
        title: 'Intrusion detection for industrial control systems with graph neural networks',
        acronym: 'ICSGUARD',
        abstract: 'Learning the normal traffic graph of factory networks to flag attacks on programmable logic controllers.',
        keywords: ['intrusion detection', 'industrial control systems', 'graph neural networks'],
        field: 'computer science',
        months: 8,
        home: '1800000.00',
        partner: '450000.00',
        state: awarded,
        partnerPi: il('Tamar Shapiro', 'tamar.shapiro', 'Tel Aviv University'),
        day: -316,
      },
      fund('1800000.00', 'Fund in full.', decided(-199)),
      fund('450000.00', 'Fund in full.', decided(-196)),
      [
        {
          kind: ReportKind.Interim,
          state: ReportState.RevisionRequested,
          submissions: [at(-35, 10)],
          verdicts: [
            accepted('NSTC', 1, -30),
            {
              agency: 'ISF',
              submission: 1,
              verdict: ReportVerdict.RevisionRequested,
              comment: 'Please report the Israeli spending by budget line and attach the dataset description.',
              recordedAt: at(-25, 15),
            },
          ],
        },
        due(ReportKind.Final),
      ],
    ],
    [
      {
        title: 'Brain–computer interfaces for communication in locked-in syndrome',
        acronym: 'BCITALK',
        abstract: 'Decoding attempted speech from intracortical signals, with the two clinical teams sharing one protocol.',
        keywords: ['brain-computer interface', 'speech decoding', 'neurorehabilitation'],
        field: 'neuroscience',
        months: 6,
        home: '1500000.00',
        partner: '400000.00',
        state: awarded,
        partnerPi: il('Daniel Mizrahi', 'daniel.mizrahi', 'Bar-Ilan University'),
        homePi: person('Lai Hsiao-Wen', 'hsiaowen.lai@cmu.example', 'China Medical University', 'TW'),
        day: -317,
      },
      fund('1500000.00', 'Fund in full.', decided(-198)),
      fund('400000.00', 'Fund in full.', decided(-196)),
      [
        {
          kind: ReportKind.Interim,
          state: ReportState.Accepted,
          submissions: [at(-64, 10)],
          verdicts: [accepted('NSTC', 1, -60, 'Accepted.'), accepted('ISF', 1, -58, 'Accepted; thank you.')],
        },
        due(ReportKind.Final),
      ],
    ],
    [
      {
        title: 'Side-channel resistant hardware for electronic identity cards',
        acronym: 'SIDEID',
        abstract: 'Masked implementations of elliptic-curve cryptography for smart-card chips, evaluated in both laboratories.',
        keywords: ['side channels', 'hardware security', 'smart cards'],
        field: 'cryptography',
        months: 8,
        home: '1900000.00',
        partner: '500000.00',
        state: awarded,
        partnerPi: il('Michal Katz', 'michal.katz', 'Ben-Gurion University of the Negev'),
        homePi: person('Chou Ming-Hsien', 'minghsien.chou@ntust.example', 'National Taiwan University of Science and Technology', 'TW'),
        day: -319,
      },
      fund('1900000.00', 'Fund in full.', decided(-198)),
      fund('500000.00', 'Fund in full.', decided(-195)),
      [due(ReportKind.Interim), due(ReportKind.Final)],
    ],
    [
      {
        title: 'Social learning in zebrafish larvae',
        acronym: 'ZEBRASOCIAL',
        abstract: 'Whole-brain imaging of zebrafish larvae learning from the behaviour of their siblings.',
        keywords: ['zebrafish', 'social learning', 'whole-brain imaging'],
        field: 'neuroscience',
        months: 24,
        home: '2200000.00',
        partner: '550000.00',
        state: ProposalState.Rejected,
        partnerPi: il('Ori Ben-David', 'ori.bendavid', 'Weizmann Institute of Science'),
        homePi: person('Su Yi-Chen', 'yichen.su@ncku.example', 'National Cheng Kung University', 'TW'),
        day: -321,
      },
      fund('2200000.00', 'Fundable.', decided(-199)),
      reject('Below the ISF funding line.', decided(-196)),
      undefined,
    ],
    [
      {
        title: 'Privacy-preserving contact discovery for messaging apps',
        acronym: 'PRIVCONTACT',
        abstract: 'Private set intersection protocols fast enough for address books of millions of users.',
        keywords: ['private set intersection', 'privacy', 'messaging'],
        field: 'cryptography',
        months: 24,
        home: '2100000.00',
        partner: '520000.00',
        state: ProposalState.Waitlisted,
        partnerPi: il('Lior Peretz', 'lior.peretz', 'Tel Aviv University'),
        day: -322,
      },
      waitlist('Waitlisted: NSTC budget committed.', decided(-199)),
      fund('520000.00', 'Fundable.', decided(-196)),
      undefined,
    ],
  ];
  return entries.map(([spec, home, partner, reports]) => ({ proposal: proposal(at, call, spec), home, partner, reports }));
}
