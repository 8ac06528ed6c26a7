import { CallState } from '../calls/call-state';
import { Instrument, ReviewCriterion } from '../calls/call.entity';
import { ProposalState } from '../proposals/proposal-state';
import { Side, TeamRole } from '../proposals/team-member.entity';
import { finalizedStory, inDecisionStory } from './demo-decisions.data';

/**
 * The demo story: one call between NSTC and a real counterpart in each state, and proposals in the open call and
 * in those past their deadline. Everything is dated relative to the seed time, so the open call is open whenever
 * the demo is first loaded. Titles never contain a year: the seed matches calls and proposals by title.
 * Names of people are fictional and their addresses use the reserved .example domain.
 */

export const OFFICER_NSTC = 'officer.nstc@joint-calls.localhost';
export const OFFICER_GACR = 'officer.gacr@joint-calls.localhost';
export const PI_TAIWAN = 'pi.taiwan@joint-calls.localhost';
export const PI_CZECH = 'pi.czech@joint-calls.localhost';

/** Someone without an account: a co-investigator, or a PI the demo treats as having confirmed already. */
export interface DemoPerson {
  name: string;
  email: string;
  institution: string;
  country: string;
}

export type DemoMember =
  /** A demo account; `confirmed: false` is an invitation still awaiting its answer. */
  | { role: TeamRole.PrincipalInvestigator; side: Side; account: string; confirmed: boolean }
  | { role: TeamRole; side: Side; person: DemoPerson };

export interface DemoVerdict {
  agency: string;
  officer: string;
  eligible: boolean;
  reason: string;
  recordedAt: Date;
}

export interface DemoProposal {
  title: string;
  acronym: string;
  abstract: string;
  keywords: string[];
  scientificField: string;
  durationMonths: number | null;
  homeBudget: string | null;
  partnerBudget: string | null;
  state: ProposalState;
  /** The demo account that opened the draft: one of its PIs. */
  createdBy: string;
  createdAt: Date;
  submittedAt: Date | null;
  team: DemoMember[];
  attachmentKinds: string[];
  verdicts: DemoVerdict[];
}

export interface DemoCall {
  partner: string;
  state: CallState;
  title: string;
  description: string;
  instrument: Instrument;
  scientificFields: string[];
  opensAt: Date;
  closesAt: Date;
  reviewDueAt: Date;
  decisionExpectedAt: Date;
  /** When awarded projects start; decisionExpectedAt when left out. */
  projectStartsAt?: Date;
  durationLimitMonths: number;
  homeMaxPerProposal: string;
  homeTotalBudget: string;
  partnerMaxPerProposal: string;
  partnerTotalBudget: string;
  reviewCriteria: ReviewCriterion[];
  requiredAttachmentKinds: string[];
  createdAt: Date;
  /** Approvals of the call's text by agency code; only agencies with a demo officer can have given one. */
  approvals: { agency: string; officer: string; approvedAt: Date }[];
  proposals: DemoProposal[];
}

export const ATTACHMENT_KINDS = ['project-description', 'cv-home-pi', 'cv-partner-pi'];

const DAY = 24 * 3600 * 1000;

/** `days` from `now` (negative: ago) at `hour` o'clock in Taipei (UTC+8 all year), so deadlines fall in office hours. */
export function taipeiTime(now: Date, days: number, hour: number): Date {
  const taipei = new Date(now.getTime() + days * DAY + 8 * 3600 * 1000);
  return new Date(Date.UTC(taipei.getUTCFullYear(), taipei.getUTCMonth(), taipei.getUTCDate(), hour - 8));
}

const criteria = (...entries: [string, string, number][]): ReviewCriterion[] =>
  entries.map(([key, label, weight]) => ({ key, label, weight, scaleMax: 5 }));

const STANDARD_CRITERIA = criteria(
  ['excellence', 'Scientific excellence and novelty', 0.4],
  ['complementarity', 'Complementarity of the two teams and added value of the cooperation', 0.3],
  ['feasibility', 'Feasibility of the work plan, budget and management', 0.3],
);

const pi = (side: Side, person: DemoPerson): DemoMember => ({ role: TeamRole.PrincipalInvestigator, side, person });
const coInvestigator = (side: Side, person: DemoPerson): DemoMember => ({ role: TeamRole.CoInvestigator, side, person });
const account = (side: Side, email: string, confirmed = true): DemoMember => ({
  role: TeamRole.PrincipalInvestigator,
  side,
  account: email,
  confirmed,
});

const nstcEligible = (recordedAt: Date): DemoVerdict => ({
  agency: 'NSTC',
  officer: OFFICER_NSTC,
  eligible: true,
  reason: 'The Taiwanese PI holds a full-time position at an eligible university and the requested budget follows the NSTC rules.',
  recordedAt,
});

export function demoCalls(now: Date): DemoCall[] {
  const at = (days: number, hour = 10) => taipeiTime(now, days, hour);
  return [
    {
      partner: 'DFG',
      state: CallState.Draft,
      title: 'NSTC–DFG Joint Research Projects in Quantum Materials and Quantum Technologies',
      description:
        'NSTC and the Deutsche Forschungsgemeinschaft invite joint proposals from teams in Taiwan and Germany on quantum ' +
        'materials, quantum sensing and quantum information processing. Each side applies to its own agency with the same ' +
        'joint project description; NSTC funds the Taiwanese team and DFG the German team for up to three years.',
      instrument: Instrument.JointResearch,
      scientificFields: ['physics', 'materials science', 'quantum information science'],
      opensAt: at(30, 9),
      closesAt: at(90, 17),
      reviewDueAt: at(150, 17),
      decisionExpectedAt: at(200, 12),
      durationLimitMonths: 36,
      homeMaxPerProposal: '4500000.00',
      homeTotalBudget: '27000000.00',
      partnerMaxPerProposal: '450000.00',
      partnerTotalBudget: '2700000.00',
      reviewCriteria: STANDARD_CRITERIA,
      requiredAttachmentKinds: ATTACHMENT_KINDS,
      createdAt: at(-3),
      approvals: [{ agency: 'NSTC', officer: OFFICER_NSTC, approvedAt: at(-1) }],
      proposals: [],
    },
    {
      partner: 'GACR',
      state: CallState.Published,
      title: 'NSTC–GAČR Bilateral Joint Research Projects',
      description:
        'NSTC and the Czech Science Foundation (GAČR) call for joint basic-research projects by a team in Taiwan and a ' +
        'team in the Czech Republic, in all fields of science. The two PIs submit one joint proposal here; NSTC and GAČR ' +
        'each check the eligibility of their own applicant, the proposal is reviewed by both agencies, and funding ' +
        'decisions are taken jointly. Projects last up to three years.',
      instrument: Instrument.JointResearch,
      scientificFields: ['physics', 'materials science', 'chemistry', 'life sciences', 'electrical engineering', 'environmental sciences'],
      opensAt: at(-14, 9),
      closesAt: at(21, 17),
      reviewDueAt: at(80, 17),
      decisionExpectedAt: at(120, 12),
      durationLimitMonths: 36,
      homeMaxPerProposal: '4200000.00',
      homeTotalBudget: '25200000.00',
      partnerMaxPerProposal: '7500000.00',
      partnerTotalBudget: '45000000.00',
      reviewCriteria: STANDARD_CRITERIA,
      requiredAttachmentKinds: ATTACHMENT_KINDS,
      createdAt: at(-40),
      approvals: [
        { agency: 'NSTC', officer: OFFICER_NSTC, approvedAt: at(-20) },
        { agency: 'GACR', officer: OFFICER_GACR, approvedAt: at(-18) },
      ],
      proposals: [
        {
          title: 'Topological magnon transport in van der Waals heterostructures',
          acronym: 'TOPOMAG',
          abstract:
            'We will grow CrI3/WSe2 heterostructures in Taipei and map their magnon band topology by inelastic neutron and ' +
            'Brillouin light scattering in Prague, aiming at low-dissipation spin-wave interconnects.',
          keywords: ['magnonics', 'van der Waals magnets', 'topological materials'],
          scientificField: 'physics',
          durationMonths: 36,
          homeBudget: '4000000.00',
          partnerBudget: null,
          state: ProposalState.Draft,
          createdBy: PI_TAIWAN,
          createdAt: at(-5),
          submittedAt: null,
          team: [account(Side.Home, PI_TAIWAN), account(Side.Partner, PI_CZECH, false)],
          attachmentKinds: [],
          verdicts: [],
        },
        {
          title: 'Perovskite–silicon tandem photovoltaics with self-healing interfaces',
          acronym: 'PEROTAND',
          abstract:
            'Tandem solar cells lose efficiency where the perovskite meets its transport layers. We design self-healing ' +
            'interlayers (Taiwan) and characterise their degradation under operating conditions with in-situ X-ray and ' +
            'photoluminescence imaging (Czech Republic), targeting 1000 h of stable operation above 28 % efficiency.',
          keywords: ['perovskite', 'tandem solar cells', 'interface engineering', 'stability'],
          scientificField: 'materials science',
          durationMonths: 36,
          homeBudget: '4100000.00',
          partnerBudget: '7200000.00',
          state: ProposalState.Draft,
          createdBy: PI_TAIWAN,
          createdAt: at(-10),
          submittedAt: null,
          team: [
            account(Side.Home, PI_TAIWAN),
            account(Side.Partner, PI_CZECH),
            coInvestigator(Side.Home, {
              name: 'Huang Yu-Chen',
              email: 'yuchen.huang@ntu.example',
              institution: 'National Taiwan University',
              country: 'TW',
            }),
            coInvestigator(Side.Partner, {
              name: 'Tereza Dvořáková',
              email: 'tereza.dvorakova@cvut.example',
              institution: 'Czech Technical University in Prague',
              country: 'CZ',
            }),
          ],
          attachmentKinds: ['project-description'],
          verdicts: [],
        },
        {
          title: 'Machine-learned force fields for lithium-ion transport in solid electrolytes',
          acronym: 'MLSOLID',
          abstract:
            'Equivariant neural-network potentials trained on ab-initio data will let us simulate lithium diffusion in ' +
            'sulfide and halide electrolytes over microseconds; the Prague team validates the predictions by impedance ' +
            'spectroscopy and solid-state NMR on the synthesised materials.',
          keywords: ['solid-state batteries', 'machine learning potentials', 'ionic conductivity'],
          scientificField: 'chemistry',
          durationMonths: 36,
          homeBudget: '3900000.00',
          partnerBudget: '6800000.00',
          state: ProposalState.Submitted,
          createdBy: PI_TAIWAN,
          createdAt: at(-12),
          submittedAt: at(-2, 16),
          team: [
            account(Side.Home, PI_TAIWAN),
            account(Side.Partner, PI_CZECH),
            coInvestigator(Side.Partner, {
              name: 'Jakub Novotný',
              email: 'jakub.novotny@uochb.example',
              institution: 'Institute of Organic Chemistry and Biochemistry of the CAS',
              country: 'CZ',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [],
        },
        {
          title: 'Single-cell atlas of zebrafish heart regeneration',
          acronym: 'ZEBRAHEART',
          abstract:
            'Combining single-cell RNA sequencing (Hsinchu) with light-sheet imaging of cardiac injury models (Prague), we ' +
            'will chart the cell states that let the zebrafish heart regenerate and test which are conserved in mammals.',
          keywords: ['regeneration', 'single-cell transcriptomics', 'zebrafish', 'cardiomyocytes'],
          scientificField: 'life sciences',
          durationMonths: 36,
          homeBudget: '4200000.00',
          partnerBudget: '7000000.00',
          state: ProposalState.Eligible,
          createdBy: PI_CZECH,
          createdAt: at(-13),
          submittedAt: at(-9, 15),
          team: [
            account(Side.Partner, PI_CZECH),
            pi(Side.Home, {
              name: 'Lin Chia-Hao',
              email: 'chiahao.lin@nthu.example',
              institution: 'National Tsing Hua University',
              country: 'TW',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [
            nstcEligible(at(-6, 11)),
            {
              agency: 'GACR',
              officer: OFFICER_GACR,
              eligible: true,
              reason: 'The Czech PI holds a PhD, is employed by an eligible research organisation and has no overlapping GAČR grant.',
              recordedAt: at(-5, 14),
            },
          ],
        },
        {
          title: 'Low-power spiking neural network accelerators on flexible substrates',
          acronym: 'FLEXSNN',
          abstract:
            'We will fabricate oxide-semiconductor synapses on polyimide (Taiwan) and co-design spiking network ' +
            'architectures that tolerate their device variability (Czech Republic) for wearable health monitoring.',
          keywords: ['neuromorphic computing', 'flexible electronics', 'oxide thin-film transistors'],
          scientificField: 'electrical engineering',
          durationMonths: 30,
          homeBudget: '3600000.00',
          partnerBudget: '5900000.00',
          state: ProposalState.Ineligible,
          createdBy: PI_TAIWAN,
          createdAt: at(-11),
          submittedAt: at(-7, 10),
          team: [
            account(Side.Home, PI_TAIWAN),
            pi(Side.Partner, {
              name: 'Martin Dvořák',
              email: 'martin.dvorak@vutbr.example',
              institution: 'Brno University of Technology',
              country: 'CZ',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [
            nstcEligible(at(-4, 11)),
            {
              agency: 'GACR',
              officer: OFFICER_GACR,
              eligible: false,
              reason:
                'The Czech PI already leads the maximum number of concurrent GAČR projects allowed by the call text, ' +
                'so GAČR cannot fund the Czech part of this proposal.',
              recordedAt: at(-3, 15),
            },
          ],
        },
        {
          title: 'Microbial degradation of PFAS in constructed wetlands',
          acronym: 'PFASWET',
          abstract:
            'Pilot wetlands in Taiwan and the Czech Republic will test whether enriched microbial consortia break down ' +
            'per- and polyfluoroalkyl substances in industrial wastewater, with metagenomics to identify the pathways.',
          keywords: ['PFAS', 'bioremediation', 'constructed wetlands', 'metagenomics'],
          scientificField: 'environmental sciences',
          durationMonths: 36,
          homeBudget: '3800000.00',
          partnerBudget: '6500000.00',
          state: ProposalState.Withdrawn,
          createdBy: PI_CZECH,
          createdAt: at(-12),
          submittedAt: at(-8, 17),
          team: [
            account(Side.Partner, PI_CZECH),
            pi(Side.Home, {
              name: 'Wu Pei-Shan',
              email: 'peishan.wu@ncku.example',
              institution: 'National Cheng Kung University',
              country: 'TW',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [],
        },
      ],
    },
    {
      partner: 'JST',
      state: CallState.Closed,
      title: 'NSTC–JST Strategic International Collaborative Research Program (SICORP): Sustainable Semiconductor Manufacturing',
      description:
        'Under the SICORP framework, NSTC and the Japan Science and Technology Agency support joint Taiwan–Japan teams ' +
        'working on semiconductor manufacturing with lower energy, water and critical-material footprints: advanced ' +
        'packaging, process chemistry and the recovery of materials from fab waste.',
      instrument: Instrument.JointResearch,
      scientificFields: ['electrical engineering', 'materials science', 'environmental engineering'],
      opensAt: at(-75, 9),
      closesAt: at(-3, 17),
      reviewDueAt: at(45, 17),
      decisionExpectedAt: at(90, 12),
      durationLimitMonths: 36,
      homeMaxPerProposal: '6000000.00',
      homeTotalBudget: '30000000.00',
      partnerMaxPerProposal: '36000000.00',
      partnerTotalBudget: '180000000.00',
      reviewCriteria: criteria(
        ['excellence', 'Scientific excellence and novelty', 0.35],
        ['impact', 'Impact on sustainable semiconductor manufacturing', 0.35],
        ['collaboration', 'Quality and balance of the Taiwan–Japan collaboration', 0.3],
      ),
      requiredAttachmentKinds: ATTACHMENT_KINDS,
      createdAt: at(-100),
      approvals: [{ agency: 'NSTC', officer: OFFICER_NSTC, approvedAt: at(-85) }],
      proposals: [
        {
          title: 'Low-temperature hybrid bonding for 3D-stacked chiplets',
          acronym: 'HYBOND',
          abstract:
            'Cu–Cu hybrid bonding below 200 °C would cut the thermal budget of chiplet stacking. We combine nanotwinned ' +
            'copper (Taiwan) with surface-activated bonding (Japan) and assess reliability under thermal cycling.',
          keywords: ['hybrid bonding', 'chiplets', 'advanced packaging', 'nanotwinned copper'],
          scientificField: 'electrical engineering',
          durationMonths: 36,
          homeBudget: '5800000.00',
          partnerBudget: '34000000.00',
          state: ProposalState.Submitted,
          createdBy: PI_TAIWAN,
          createdAt: at(-40),
          submittedAt: at(-6, 14),
          team: [
            account(Side.Home, PI_TAIWAN),
            pi(Side.Partner, {
              name: 'Takahashi Kenji',
              email: 'kenji.takahashi@tohoku.example',
              institution: 'Tohoku University',
              country: 'JP',
            }),
            coInvestigator(Side.Home, {
              name: 'Chang Yi-Ju',
              email: 'yiju.chang@nycu.example',
              institution: 'National Yang Ming Chiao Tung University',
              country: 'TW',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [],
        },
        {
          title: 'Recovery of gallium and indium from semiconductor manufacturing waste',
          acronym: 'GAINREC',
          abstract:
            'Selective solvent extraction and electrodeposition will recover gallium and indium from etching sludge and ' +
            'spent targets; the Japanese team scales the process and runs its life-cycle assessment.',
          keywords: ['critical materials', 'recycling', 'hydrometallurgy', 'life-cycle assessment'],
          scientificField: 'environmental engineering',
          durationMonths: 36,
          homeBudget: '5200000.00',
          partnerBudget: '30000000.00',
          state: ProposalState.Submitted,
          createdBy: PI_TAIWAN,
          createdAt: at(-30),
          submittedAt: at(-4, 11),
          team: [
            account(Side.Home, PI_TAIWAN),
            pi(Side.Partner, {
              name: 'Sato Yuki',
              email: 'yuki.sato@kyoto-u.example',
              institution: 'Kyoto University',
              country: 'JP',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [],
        },
      ],
    },
    {
      partner: 'ANR',
      state: CallState.InReview,
      title: 'NSTC–ANR Collaborative Research Projects (PRCI): Artificial Intelligence for Health',
      description:
        'NSTC and the Agence nationale de la recherche fund Franco-Taiwanese projects applying artificial intelligence ' +
        'to health: clinical decision support, medical imaging and privacy-preserving learning from hospital data. ' +
        'Each team requests its own budget from its own agency; both agencies review every proposal.',
      instrument: Instrument.JointResearch,
      scientificFields: ['artificial intelligence', 'medicine', 'public health'],
      opensAt: at(-150, 9),
      closesAt: at(-45, 17),
      reviewDueAt: at(20, 17),
      decisionExpectedAt: at(60, 12),
      durationLimitMonths: 42,
      homeMaxPerProposal: '4500000.00',
      homeTotalBudget: '22500000.00',
      partnerMaxPerProposal: '300000.00',
      partnerTotalBudget: '1500000.00',
      reviewCriteria: criteria(
        ['excellence', 'Scientific quality and ambition', 0.4],
        ['organisation', 'Organisation and implementation of the project', 0.3],
        ['impact', 'Impact and benefits for patients and health systems', 0.3],
      ),
      requiredAttachmentKinds: ATTACHMENT_KINDS,
      createdAt: at(-170),
      approvals: [{ agency: 'NSTC', officer: OFFICER_NSTC, approvedAt: at(-160) }],
      proposals: [
        {
          title: 'Federated learning for early sepsis prediction in intensive care units',
          acronym: 'FEDSEPSIS',
          abstract:
            'Hospitals in Taipei and Paris will train a shared sepsis early-warning model without exchanging patient ' +
            'records, using federated learning with differential privacy, and evaluate it prospectively in two ICUs.',
          keywords: ['sepsis', 'federated learning', 'intensive care', 'privacy'],
          scientificField: 'artificial intelligence',
          durationMonths: 42,
          homeBudget: '4400000.00',
          partnerBudget: '295000.00',
          state: ProposalState.UnderReview,
          createdBy: PI_TAIWAN,
          createdAt: at(-100),
          submittedAt: at(-50, 16),
          team: [
            account(Side.Home, PI_TAIWAN),
            pi(Side.Partner, {
              name: 'Camille Lefèvre',
              email: 'camille.lefevre@u-paris.example',
              institution: 'Université Paris Cité',
              country: 'FR',
            }),
            coInvestigator(Side.Home, {
              name: 'Hsu Ming-Chun',
              email: 'mingchun.hsu@ntuh.example',
              institution: 'National Taiwan University Hospital',
              country: 'TW',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [nstcEligible(at(-40, 11))],
        },
        {
          title: 'Explainable deep learning for diabetic retinopathy screening in primary care',
          acronym: 'XAIRETINA',
          abstract:
            'We develop retinal-image classifiers whose decisions can be inspected by general practitioners, and compare ' +
            'screening pathways in Taiwanese and French primary care for accuracy, referral rates and cost.',
          keywords: ['diabetic retinopathy', 'explainable AI', 'screening', 'primary care'],
          scientificField: 'medicine',
          durationMonths: 36,
          homeBudget: '3900000.00',
          partnerBudget: '280000.00',
          state: ProposalState.UnderReview,
          createdBy: PI_TAIWAN,
          createdAt: at(-90),
          submittedAt: at(-47, 10),
          team: [
            account(Side.Home, PI_TAIWAN),
            pi(Side.Partner, {
              name: 'Julien Moreau',
              email: 'julien.moreau@sorbonne.example',
              institution: 'Sorbonne Université',
              country: 'FR',
            }),
            coInvestigator(Side.Home, {
              name: 'Tsai Hsin-Yi',
              email: 'hsinyi.tsai@cgu.example',
              institution: 'Chang Gung University',
              country: 'TW',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [nstcEligible(at(-40, 14))],
        },
        // Eligible and nobody assigned yet: what the suggestions, an assignment plan and the demo's invitation act on.
        {
          title: 'Speech biomarkers for the early detection of Parkinson’s disease',
          acronym: 'PARKVOICE',
          abstract:
            'Voice recordings from neurology clinics in Tainan and Lille train models that flag early Parkinsonian ' +
            'speech changes in Mandarin, Taiwanese and French, validated against movement-disorder specialists.',
          keywords: ['Parkinson’s disease', 'speech analysis', 'machine learning', 'biomarkers'],
          scientificField: 'medicine',
          durationMonths: 36,
          homeBudget: '3600000.00',
          partnerBudget: '260000.00',
          state: ProposalState.Eligible,
          createdBy: PI_TAIWAN,
          createdAt: at(-80),
          submittedAt: at(-46, 15),
          team: [
            account(Side.Home, PI_TAIWAN),
            coInvestigator(Side.Home, {
              name: 'Chen Yi-Ting',
              email: 'chen.yiting@ncku.example',
              institution: 'National Cheng Kung University',
              country: 'TW',
            }),
            pi(Side.Partner, {
              name: 'Élodie Garnier',
              email: 'elodie.garnier@chu-lille.example',
              institution: 'CHU de Lille',
              country: 'FR',
            }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [nstcEligible(at(-38, 10))],
        },
        {
          title: 'Privacy-preserving synthetic health records for rare-disease research',
          acronym: 'SYNTHRARE',
          abstract:
            'Generative models trained under differential privacy produce synthetic patient records from Taiwanese and ' +
            'French rare-disease registries, so that researchers can share and pool data that could not leave a hospital.',
          keywords: ['synthetic data', 'differential privacy', 'rare diseases', 'federated learning'],
          scientificField: 'artificial intelligence',
          durationMonths: 42,
          homeBudget: '4200000.00',
          partnerBudget: '290000.00',
          state: ProposalState.Eligible,
          createdBy: PI_TAIWAN,
          createdAt: at(-85),
          submittedAt: at(-45, 12),
          team: [
            account(Side.Home, PI_TAIWAN),
            coInvestigator(Side.Home, {
              name: 'Wu Chia-Hao',
              email: 'wu.chiahao@nycu.example',
              institution: 'National Yang Ming Chiao Tung University',
              country: 'TW',
            }),
            pi(Side.Partner, { name: 'Antoine Rousseau', email: 'antoine.rousseau@inria.example', institution: 'Inria', country: 'FR' }),
          ],
          attachmentKinds: ATTACHMENT_KINDS,
          verdicts: [nstcEligible(at(-38, 16))],
        },
      ],
    },
    {
      partner: 'LMT',
      state: CallState.InDecision,
      title: 'NSTC–LMT Joint Research Projects in Laser Technologies and Biotechnology',
      description:
        'NSTC and the Research Council of Lithuania support joint Taiwan–Lithuania projects in ultrafast and industrial ' +
        'laser technologies and in biotechnology, two fields where both research communities are strong. Projects run ' +
        'for up to two years.',
      instrument: Instrument.JointResearch,
      scientificFields: ['laser physics', 'photonics', 'biotechnology'],
      opensAt: at(-200, 9),
      closesAt: at(-110, 17),
      reviewDueAt: at(-20, 17),
      decisionExpectedAt: at(25, 12),
      projectStartsAt: at(60, 0),
      durationLimitMonths: 24,
      homeMaxPerProposal: '2400000.00',
      homeTotalBudget: '9600000.00',
      partnerMaxPerProposal: '100000.00',
      partnerTotalBudget: '400000.00',
      reviewCriteria: STANDARD_CRITERIA,
      requiredAttachmentKinds: ATTACHMENT_KINDS,
      createdAt: at(-230),
      approvals: [{ agency: 'NSTC', officer: OFFICER_NSTC, approvedAt: at(-215) }],
      proposals: inDecisionStory(at).map((entry) => entry.proposal),
    },
    {
      partner: 'ISF',
      state: CallState.Finalized,
      title: 'NSTC–ISF Joint Research Program in Neuroscience and Cybersecurity',
      description:
        'NSTC and the Israel Science Foundation fund joint Taiwan–Israel research in systems and computational ' +
        'neuroscience and in the foundations of cybersecurity, for up to three years.',
      instrument: Instrument.JointResearch,
      scientificFields: ['neuroscience', 'computer science', 'cryptography'],
      opensAt: at(-400, 9),
      closesAt: at(-310, 17),
      reviewDueAt: at(-230, 17),
      decisionExpectedAt: at(-180, 12),
      projectStartsAt: at(-150, 0),
      durationLimitMonths: 36,
      homeMaxPerProposal: '3600000.00',
      homeTotalBudget: '18000000.00',
      partnerMaxPerProposal: '750000.00',
      partnerTotalBudget: '3750000.00',
      reviewCriteria: STANDARD_CRITERIA,
      requiredAttachmentKinds: ATTACHMENT_KINDS,
      createdAt: at(-430),
      approvals: [{ agency: 'NSTC', officer: OFFICER_NSTC, approvedAt: at(-415) }],
      proposals: finalizedStory(at).map((entry) => entry.proposal),
    },
    {
      partner: 'NAFOSTED',
      state: CallState.Cancelled,
      title: 'NSTC–NAFOSTED Joint Research Projects: Climate Adaptation in the Mekong Delta',
      description:
        'A planned joint call of NSTC and the National Foundation for Science and Technology Development (Vietnam) on ' +
        'salinity intrusion, land subsidence and climate-resilient agriculture in the Mekong Delta. The call was ' +
        'cancelled before publication; the agencies intend to open a revised call later.',
      instrument: Instrument.JointResearch,
      scientificFields: ['environmental sciences', 'hydrology', 'agriculture'],
      opensAt: at(10, 9),
      closesAt: at(70, 17),
      reviewDueAt: at(130, 17),
      decisionExpectedAt: at(170, 12),
      durationLimitMonths: 36,
      homeMaxPerProposal: '3000000.00',
      homeTotalBudget: '12000000.00',
      partnerMaxPerProposal: '2500000000.00',
      partnerTotalBudget: '10000000000.00',
      reviewCriteria: STANDARD_CRITERIA,
      requiredAttachmentKinds: ATTACHMENT_KINDS,
      createdAt: at(-25),
      approvals: [],
      proposals: [],
    },
  ];
}
