import { Language } from '../common/identity/role';
import { ReviewAssignmentState } from '../reviews/review-assignment-state';
import { Recommendation } from '../reviews/review.entity';
import { CallState } from '../calls/call-state';
import { conflictsOf } from '../reviews/conflicts.rules';
import { demoCalls, OFFICER_NSTC, taipeiTime } from './demo-calls.data';
import type { DemoProposal } from './demo-calls.data';
import { DemoDecided, finalizedStory, inDecisionStory } from './demo-decisions.data';
import { DEMO_USERS } from './reference.data';

/**
 * The demo's reviewers and reviews: a pool of reviewers for each agency, and in the call that is IN_REVIEW
 * (NSTC–ANR, AI for health) assignments in every state with submitted reviews, so that the ranking, the
 * suggestions and the blindness rules have something to show. Fictional people at .example addresses; the demo
 * reviewer account (reviewer@joint-calls.localhost) is in NSTC's pool with one invitation and one draft waiting.
 */

export const DEMO_REVIEWER = 'reviewer@joint-calls.localhost';
export const IN_REVIEW_CALL = 'NSTC–ANR Collaborative Research Projects (PRCI): Artificial Intelligence for Health';
export const FEDSEPSIS = 'Federated learning for early sepsis prediction in intensive care units';
export const XAIRETINA = 'Explainable deep learning for diabetic retinopathy screening in primary care';

export interface DemoReviewer {
  email: string;
  name: string;
  /** The recruiting agency's code: whose pool the reviewer is in. */
  agency: string;
  language: Language;
  institution: string;
  country: string;
  emailDomain: string;
  expertiseKeywords: string[];
  expertiseDescription: string;
}

const reviewer = (
  local: string,
  name: string,
  agency: string,
  institution: string,
  country: string,
  domain: string,
  expertiseKeywords: string[],
  expertiseDescription: string,
  language = Language.English,
): DemoReviewer => ({
  email: `${local}@${domain}`,
  name,
  agency,
  language,
  institution,
  country,
  emailDomain: domain,
  expertiseKeywords,
  expertiseDescription,
});

/** Two reviewers in the pool of each agency of the seed, plus the demo reviewer account in NSTC's. */
export const DEMO_REVIEWERS: DemoReviewer[] = [
  {
    email: DEMO_REVIEWER,
    name: 'Ingrid Larsen',
    agency: 'NSTC',
    language: Language.English,
    institution: 'University of Oslo',
    country: 'NO',
    emailDomain: 'uio.example',
    expertiseKeywords: ['federated learning', 'privacy', 'machine learning', 'intensive care'],
    expertiseDescription: 'Privacy-preserving machine learning on clinical data; federated learning across hospitals.',
  },
  reviewer(
    'hsieh.yuchen',
    'Hsieh Yu-Chen',
    'NSTC',
    'National Cheng Kung University',
    'TW',
    'ncku.example',
    ['medical imaging', 'deep learning', 'explainable AI'],
    'Deep learning for medical images and the explanation of its decisions to clinicians.',
    Language.TraditionalChinese,
  ),
  reviewer(
    'wang.chihao',
    'Wang Chih-Hao',
    'NSTC',
    'National Yang Ming Chiao Tung University',
    'TW',
    'nycu.example',
    ['sepsis', 'intensive care', 'clinical decision support'],
    'Critical care medicine; early-warning scores for sepsis and their evaluation in ICUs.',
    Language.TraditionalChinese,
  ),
  reviewer(
    'dubois.claire',
    'Claire Dubois',
    'ANR',
    'Université de Lyon',
    'FR',
    'univ-lyon.example',
    ['federated learning', 'differential privacy', 'health data'],
    'Differential privacy and federated learning for health data warehouses.',
  ),
  reviewer(
    'martin.lucas',
    'Lucas Martin',
    'ANR',
    'Inserm',
    'FR',
    'inserm.example',
    ['diabetic retinopathy', 'screening', 'primary care', 'public health'],
    'Screening programmes in primary care; ophthalmology and public health evaluation.',
  ),
  reviewer(
    'bernard.sophie',
    'Sophie Bernard',
    'ANR',
    'Université de Bordeaux',
    'FR',
    'u-bordeaux.example',
    ['medical imaging', 'explainable AI', 'retina'],
    'Interpretable models for retinal images.',
  ),
  reviewer(
    'schmidt.jonas',
    'Jonas Schmidt',
    'DFG',
    'Technical University of Munich',
    'DE',
    'tum.example',
    ['quantum sensing', 'atom interferometry'],
    'Atom interferometers and their use as inertial and gravity sensors.',
  ),
  reviewer(
    'fischer.lena',
    'Lena Fischer',
    'DFG',
    'Heidelberg University',
    'DE',
    'uni-heidelberg.example',
    ['structural biology', 'cryo-EM'],
    'Cryo-electron microscopy of membrane proteins.',
  ),
  reviewer(
    'kral.martin',
    'Martin Král',
    'GACR',
    'Czech Technical University in Prague',
    'CZ',
    'cvut.example',
    ['seismology', 'sensor networks'],
    'Seismic monitoring networks and early-warning systems.',
  ),
  reviewer(
    'horakova.eva',
    'Eva Horáková',
    'GACR',
    'Masaryk University',
    'CZ',
    'muni.example',
    ['soft robotics', 'elderly care'],
    'Assistive robots for the elderly.',
  ),
  reviewer(
    'kazlauskas.tomas',
    'Tomas Kazlauskas',
    'LMT',
    'Vilnius University',
    'LT',
    'vu.example',
    ['ultrafast lasers', 'photonics'],
    'Femtosecond laser sources and their industrial applications.',
  ),
  reviewer(
    'petrauskiene.ona',
    'Ona Petrauskienė',
    'LMT',
    'Kaunas University of Technology',
    'LT',
    'ktu.example',
    ['biotechnology', 'enzymes'],
    'Enzyme engineering for industrial biotechnology.',
  ),
  reviewer(
    'cohen.noa',
    'Noa Cohen',
    'ISF',
    'Weizmann Institute of Science',
    'IL',
    'weizmann.example',
    ['neuroscience', 'imaging'],
    'Brain imaging and computational neuroscience.',
  ),
  reviewer(
    'levi.amir',
    'Amir Levi',
    'ISF',
    'Technion',
    'IL',
    'technion.example',
    ['water treatment', 'membranes'],
    'Membrane processes for desalination.',
  ),
  reviewer(
    'nguyen.thao',
    'Nguyen Thi Thao',
    'NAFOSTED',
    'Vietnam National University, Hanoi',
    'VN',
    'vnu.example',
    ['climate adaptation', 'hydrology'],
    'Hydrology of river deltas under climate change.',
  ),
  reviewer(
    'tran.minh',
    'Tran Van Minh',
    'NAFOSTED',
    'Hanoi University of Science and Technology',
    'VN',
    'hust.example',
    ['materials science', 'batteries'],
    'Electrode materials for lithium and sodium batteries.',
  ),
  reviewer(
    'sharma.priya',
    'Priya Sharma',
    'DST',
    'Indian Institute of Science',
    'IN',
    'iisc.example',
    ['machine learning', 'public health'],
    'Machine learning for disease surveillance.',
  ),
  reviewer(
    'iyer.rahul',
    'Rahul Iyer',
    'DST',
    'IIT Bombay',
    'IN',
    'iitb.example',
    ['semiconductors', 'nanofabrication'],
    'Semiconductor devices and their fabrication.',
  ),
  reviewer(
    'tanaka.haruto',
    'Tanaka Haruto',
    'JST',
    'Osaka University',
    'JP',
    'osaka-u.example',
    ['robotics', 'human–robot interaction'],
    'Robots that work with people.',
  ),
  reviewer(
    'suzuki.aoi',
    'Suzuki Aoi',
    'JST',
    'Tohoku University',
    'JP',
    'tohoku.example',
    ['earthquake engineering', 'seismology'],
    'Earthquake engineering and seismic hazard.',
  ),
];

export interface DemoAssignment {
  proposal: string;
  reviewer: string;
  state: ReviewAssignmentState;
  assignedBy: string;
  assignedAt: Date;
  dueAt: Date;
  respondedAt?: Date;
  declineReason?: string;
  removedAt?: Date;
  removalReason?: string;
  /** The draft (ACCEPTED) or the submitted review (SUBMITTED). */
  review?: {
    scores: Record<string, number>;
    recommendation: Recommendation | null;
    commentsToApplicants: string;
    confidentialComments: string;
    submittedAt?: Date;
  };
}

/** The assignments of the call in review: every state, by reviewers of both agencies' pools. */
export function demoAssignments(now: Date): DemoAssignment[] {
  const at = (days: number, hour = 10) => taipeiTime(now, days, hour);
  const assigned = { assignedBy: OFFICER_NSTC, assignedAt: at(-38), dueAt: at(20, 17) };
  return [
    {
      ...assigned,
      proposal: FEDSEPSIS,
      reviewer: 'dubois.claire@univ-lyon.example',
      state: ReviewAssignmentState.Submitted,
      respondedAt: at(-37),
      review: {
        scores: { excellence: 5, organisation: 4, impact: 5 },
        recommendation: Recommendation.Fund,
        commentsToApplicants: 'An ambitious and well-argued plan; the prospective evaluation in two ICUs is its strength.',
        confidentialComments: 'The French partner has delivered on two similar projects.',
        submittedAt: at(-10, 15),
      },
    },
    {
      ...assigned,
      proposal: FEDSEPSIS,
      reviewer: 'wang.chihao@nycu.example',
      state: ReviewAssignmentState.Submitted,
      respondedAt: at(-36),
      review: {
        scores: { excellence: 4, organisation: 4, impact: 4 },
        recommendation: Recommendation.FundIfPossible,
        commentsToApplicants: 'Clinically relevant; the data-governance plan needs more detail.',
        confidentialComments: '',
        submittedAt: at(-8, 11),
      },
    },
    {
      ...assigned,
      proposal: FEDSEPSIS,
      reviewer: 'hsieh.yuchen@ncku.example',
      state: ReviewAssignmentState.Declined,
      respondedAt: at(-37),
      declineReason: 'I co-authored a paper with the Taiwanese co-investigator last year.',
    },
    {
      ...assigned,
      proposal: FEDSEPSIS,
      reviewer: DEMO_REVIEWER,
      state: ReviewAssignmentState.Accepted,
      assignedAt: at(-30),
      respondedAt: at(-29),
      review: {
        scores: { excellence: 4 },
        recommendation: null,
        commentsToApplicants: 'Draft: strong privacy design.',
        confidentialComments: '',
      },
    },
    {
      ...assigned,
      proposal: XAIRETINA,
      reviewer: 'martin.lucas@inserm.example',
      state: ReviewAssignmentState.Submitted,
      respondedAt: at(-37),
      review: {
        scores: { excellence: 3, organisation: 4, impact: 4 },
        recommendation: Recommendation.FundIfPossible,
        commentsToApplicants: 'Useful for primary care; the comparison of screening pathways should define its cost model.',
        confidentialComments: 'Lower novelty than the sepsis proposal.',
        submittedAt: at(-12, 9),
      },
    },
    {
      ...assigned,
      proposal: XAIRETINA,
      reviewer: 'bernard.sophie@u-bordeaux.example',
      state: ReviewAssignmentState.Removed,
      removedAt: at(-20),
      removalReason: 'No answer after three weeks; another reviewer was asked.',
    },
    { ...assigned, proposal: XAIRETINA, reviewer: DEMO_REVIEWER, state: ReviewAssignmentState.Invited, assignedAt: at(-2) },
  ];
}

/** One call's demo assignments. */
export interface DemoCallAssignments {
  callTitle: string;
  assignments: DemoAssignment[];
}

const DAY_MS = 24 * 3600 * 1000;

/** Scores on the standard criteria and the recommendation, by how well the agencies' decisions treated a proposal. */
const BY_MERIT: { scores: [number, number, number][]; recommendation: Recommendation; comment: string }[] = [
  {
    scores: [
      [2, 3, 2],
      [2, 2, 3],
    ],
    recommendation: Recommendation.DoNotFund,
    comment: 'The objectives are vague and the work plan does not show how the two teams would share the work.',
  },
  {
    scores: [
      [3, 3, 3],
      [3, 2, 3],
    ],
    recommendation: Recommendation.FundIfPossible,
    comment: 'A reasonable project whose novelty over the teams’ earlier work is not made clear.',
  },
  {
    scores: [
      [4, 3, 3],
      [3, 4, 4],
    ],
    recommendation: Recommendation.FundIfPossible,
    comment: 'Solid and feasible; the cooperation adds value, although the budget for travel seems high.',
  },
  {
    scores: [
      [4, 4, 4],
      [5, 4, 3],
    ],
    recommendation: Recommendation.Fund,
    comment: 'A strong proposal by complementary teams with a credible plan.',
  },
  {
    scores: [
      [5, 5, 4],
      [5, 4, 5],
    ],
    recommendation: Recommendation.Fund,
    comment: 'Excellent: ambitious, well planned, and impossible without both teams.',
  },
];

/** 0 (both rejected) to 4 (both funded): FUND counts two, WAITLIST one; a proposal nobody decided yet is mid-way. */
function merit({ home, partner }: DemoDecided): number {
  if (!home && !partner) return 2;
  const weight = { FUND: 2, WAITLIST: 1, REJECT: 0 } as const;
  return (home ? weight[home.decision] : 1) + (partner ? weight[partner.decision] : 1);
}

/** A demo proposal's team as the conflict rules read it (an account stands for its demo user). */
export const teamOf = (proposal: DemoProposal) =>
  proposal.team.map((member) => {
    if ('person' in member) return { ...member.person, userId: null };
    const user = DEMO_USERS.find((candidate) => candidate.email === member.account);
    return { name: user?.name ?? member.account, email: member.account, institution: user?.institution ?? '', userId: null };
  });

/** The conflicts of interest a demo reviewer has with a demo proposal, by the rules assignments are checked with. */
export const demoConflicts = (reviewer: DemoReviewer, proposal: DemoProposal) =>
  conflictsOf({
    reviewer: { userId: reviewer.email, email: reviewer.email, emailDomain: reviewer.emailDomain, institution: reviewer.institution },
    proposal: { id: proposal.title, team: teamOf(proposal) },
    competitors: [],
    declared: [],
    alreadyAssigned: false,
    aliases: new Map(),
  });

/**
 * The reviews of the calls past review (NSTC–LMT in decision, NSTC–ISF finalized): two per proposal, one by a reviewer
 * of each agency's pool without a conflict of interest with it, submitted before the call's review due date and scored
 * as the agencies' decisions suggest, so that their rankings have means and the letters have comments to quote.
 */
export function decidedCallsAssignments(now: Date): DemoCallAssignments[] {
  const at = (days: number, hour = 10) => taipeiTime(now, days, hour);
  const calls = demoCalls(now);
  return [
    { state: CallState.InDecision, story: inDecisionStory(at), partner: 'LMT' },
    { state: CallState.Finalized, story: finalizedStory(at), partner: 'ISF' },
  ].map(({ state, story, partner }) => {
    const call = calls.find((candidate) => candidate.state === state)!;
    const assignedAt = new Date(call.closesAt.getTime() + 12 * DAY_MS);
    return {
      callTitle: call.title,
      assignments: story.flatMap((entry, index) => {
        const { scores, recommendation, comment } = BY_MERIT[merit(entry)];
        return ['NSTC', partner].map((agency, side): DemoAssignment => {
          const pool = DEMO_REVIEWERS.filter(
            (r) => r.agency === agency && r.email !== DEMO_REVIEWER && demoConflicts(r, entry.proposal).length === 0,
          );
          const [excellence, complementarity, feasibility] = scores[side];
          return {
            proposal: entry.proposal.title,
            reviewer: pool[index % pool.length].email,
            state: ReviewAssignmentState.Submitted,
            assignedBy: OFFICER_NSTC,
            assignedAt,
            dueAt: call.reviewDueAt,
            respondedAt: new Date(assignedAt.getTime() + DAY_MS),
            review: {
              scores: { excellence, complementarity, feasibility },
              recommendation,
              commentsToApplicants: comment,
              confidentialComments: '',
              submittedAt: new Date(call.reviewDueAt.getTime() - (2 + ((index + side) % 6)) * DAY_MS),
            },
          };
        });
      }),
    };
  });
}
