import { Client } from 'pg';
import { insertReviewPool } from '../../bench/lib/review-pool';
import { insertDrafts, insertResearchers, lightPasswordHash, people, Researcher } from '../../bench/lib/fixtures';
import { REVIEW_REMINDERS as REVIEW_REMINDER_KINDS } from '../../src/reviews/review-reminders';
import { PASSWORD } from '../support/actors';
import { callInput } from '../support/calls';
import { Account, call, Deployment } from '../support/deployment';
import { eventually } from '../support/eventually';
import { waitForLog } from '../support/processes';
import { SmtpSink } from '../support/smtp-sink';

const BURST = 300;
/** The burst is spread evenly over this window, centred on the deadline. */
const WINDOW_MS = 3_000;
/** A request sent this long before the deadline has certainly been read by the API before it. */
const IN_TIME_MARGIN_MS = 150;
const REPEATS = 20;
const CONCURRENT = 8;

/** Proposals decided on by both agencies' officers at once, and each agency's total: about half of them fit. */
const DECIDED = 50;
const TOTALS = { NSTC: 40_000_000, GACR: 30_000_000 };
const AGENCIES = ['NSTC', 'GACR'] as const;
type AgencyCode = (typeof AGENCIES)[number];
/** What each agency decides on (bench/lib/fixtures' drafts ask 2,500,000 TWD and 2,000,000 CZK). */
const SIDES = { NSTC: { side: 'home', currency: 'TWD' }, GACR: { side: 'partner', currency: 'CZK' } } as const;
/** The amount the `variant`-th decision of an agency on the `i`-th proposal funds: different each time, within what was asked. */
const amountOf = (agency: AgencyCode, i: number, variant: number) =>
  agency === 'NSTC' ? 1_000_000 + ((i * 7 + variant * 3) % 15) * 100_000 : 800_000 + ((i * 5 + variant * 3) % 12) * 100_000;

interface Decided {
  proposalId: string;
  agency: AgencyCode;
  decision: 'FUND' | 'REJECT';
  amount: number | null;
  /** The version sent (a change), none for a first decision. */
  version?: number;
  status: number;
  code?: string;
  /** The version of the agency's decision the answer showed, when it was recorded. */
  recorded?: number;
}

/** Reviewers racing their own submissions, each on this many assignments. */
const REVIEWERS = 12;
const REVIEWS_EACH = 2;
/** The `variant`-th version of the `n`-th review: complete, and unlike any other in every field. */
const reviewVersion = (variant: number, n: number) => ({
  scores: { excellence: 1 + ((n + variant) % 5), collaboration: 1 + ((n * 2 + variant * 3) % 5) },
  recommendation: (['FUND', 'FUND_IF_POSSIBLE', 'DO_NOT_FUND'] as const)[variant % 3],
  commentsToApplicants: `Version ${variant} of review ${n}: a convincing plan.`,
  confidentialComments: `Version ${variant} of review ${n}, for the agencies.`,
});
/** A review's total under callInput()'s criteria (excellence 0.6, collaboration 0.4, both out of 5), as review-total.sql.ts rounds it. */
const totalOf = (scores: { excellence: number; collaboration: number }) =>
  Math.round(((0.6 * scores.excellence) / 5 + (0.4 * scores.collaboration) / 5) * 100 * 10_000) / 10_000;

/** A call planned twice (bench/lib/review-pool.ts): 40 proposals needing 2 reviews from 40 reviewers of at most 3: room for one plan, not two. */
const PLANNED = 40;
const POOL = 40;
const CAP = 3;

interface Plan {
  id: string;
  state: string;
  version: number;
  pairs: { proposalId: string; reviewerId: string }[];
}

interface Confirmation {
  created: { assignmentId: string; proposalId: string; reviewerId: string }[];
  refused: { proposalId: string; reviewerId: string; code: string }[];
}

interface Attempt {
  proposalId: string;
  sentAt: number;
  answeredAt: number;
  status: number;
  code?: string;
}

/**
 * Races checked by their outcome in SQL: 300 different proposals submitted across the deadline through two API
 * replicas; one proposal submitted many times at once by both PIs; both agencies recording their verdicts at the
 * same moment; four officers funding, rejecting and re-funding against their agencies' budgets; reviewers submitting
 * many times while their saves race; two assignment plans of a call confirmed many times at once (a worker solves
 * them). Every invariant is read back from the database, not from the answers alone.
 */
describe('Races', () => {
  let deployment: Deployment;
  let apis: string[];
  let nstc: Account;
  let gacr: Account;
  /** Second officers of each agency, for the races between colleagues. */
  let nstc2: Account;
  let gacr2: Account;
  let agencies: Map<string, { id: string }>;
  let db: Client;
  const sessions = new Map<string, string>();
  /** The proposals the repeated-submission race submitted, for the verdict race. */
  let submitted: string[] = [];

  beforeAll(async () => {
    deployment = await Deployment.create({ LOGIN_RATE_LIMIT: '100000' });
    apis = [(await deployment.api('api-1')).url, (await deployment.api('api-2')).url];
    const admin = await deployment.admin(apis[0]);
    agencies = new Map([
      ['GACR', { id: await deployment.agencyId('GACR') }],
      ['NSTC', { id: await deployment.agencyId('NSTC') }],
    ]);
    nstc = await deployment.user(apis[0], admin, ['OFFICER'], agencies.get('NSTC')!.id);
    gacr = await deployment.user(apis[1], admin, ['OFFICER'], agencies.get('GACR')!.id);
    nstc2 = await deployment.user(apis[1], admin, ['OFFICER'], agencies.get('NSTC')!.id);
    gacr2 = await deployment.user(apis[0], admin, ['OFFICER'], agencies.get('GACR')!.id);
    db = await deployment.pool.connect();
  }, 180_000);
  afterAll(async () => {
    (db as unknown as { release(): void } | undefined)?.release();
    await deployment?.close();
  });

  /** A NSTC–GAČR call created, approved by both agencies and published through the API. */
  async function publishedCall(tag: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const created = await call(apis[0], 'POST', '/calls', {
      auth: nstc.auth,
      body: callInput(agencies, { title: `Race ${tag}`, ...overrides }),
    });
    const callId = created.body.id as string;
    for (const officer of [nstc, gacr])
      await call(apis[0], 'POST', `/calls/${callId}/approve`, { auth: officer.auth, body: { version: 1 } });
    expect((await call(apis[1], 'POST', `/calls/${callId}/publish`, { auth: gacr.auth })).status).toBe(200);
    return callId;
  }

  /** `count` complete drafts in the call, their PIs (home and partner, with accounts) written in SQL. */
  async function draftsIn(
    callId: string,
    tag: string,
    count: number,
  ): Promise<{ drafts: string[]; home: Researcher[]; partner: Researcher[] }> {
    const hash = await lightPasswordHash(PASSWORD);
    const home = await insertResearchers(db, people(count, `${tag}-home`, 'National Taiwan University', 'TW'), hash);
    const partner = await insertResearchers(db, people(count, `${tag}-partner`, 'Charles University', 'CZ'), hash);
    const drafts = await insertDrafts(db, { callId, home, partner, kinds: ['project-description'], tag });
    return { drafts, home, partner };
  }

  /** A published call with `count` complete drafts whose PIs are signed in; returns the call and drafts. */
  async function callWithDrafts(tag: string, count: number): Promise<{ callId: string; drafts: string[]; pis: Map<string, string[]> }> {
    const callId = await publishedCall(tag);
    const { drafts, home, partner } = await draftsIn(callId, tag, count);
    const pis = new Map<string, string[]>();
    await Promise.all(
      drafts.map(async (id, i) => {
        const tokens = [];
        for (const person of [home[i], partner[i]]) tokens.push(await token(apis[i % 2], person.email));
        pis.set(id, tokens);
      }),
    );
    return { callId, drafts, pis };
  }

  /**
   * A call whose deadline passed (moved in SQL) and which an officer put in review through the API, with `count`
   * proposals UNDER_REVIEW: drafts moved on in SQL as their submission and both eligibility verdicts would have.
   */
  async function callInReview(
    tag: string,
    count: number,
    overrides: Record<string, unknown> = {},
  ): Promise<{ callId: string; proposals: string[] }> {
    const callId = await publishedCall(tag, overrides);
    const proposals = count === 0 ? [] : (await draftsIn(callId, tag, count)).drafts;
    await db.query(`UPDATE proposal SET state = 'UNDER_REVIEW', submitted_at = now() WHERE id = ANY($1)`, [proposals]);
    await db.query(`UPDATE call SET closes_at = now() - interval '1 second' WHERE id = $1`, [callId]);
    expect((await call(apis[1], 'POST', `/calls/${callId}/start-review`, { auth: gacr.auth, body: {} })).status).toBe(200);
    return { callId, proposals };
  }

  async function token(url: string, email: string): Promise<string> {
    if (!sessions.has(email)) {
      const { body } = await call(url, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
      sessions.set(email, body.accessToken as string);
    }
    return sessions.get(email)!;
  }

  async function submit(url: string, bearer: string, proposalId: string): Promise<Attempt> {
    const sentAt = Date.now();
    const answer = await call(url, 'POST', `/proposals/${proposalId}/submit`, { auth: { Authorization: `Bearer ${bearer}` }, body: {} });
    return { proposalId, sentAt, answeredAt: Date.now(), status: answer.status, code: answer.body.code as string | undefined };
  }

  it('takes every submission of the burst received before the deadline, none after, each exactly once', async () => {
    const { callId, drafts, pis } = await callWithDrafts('burst', BURST);
    // The deadline moves close (in SQL: the test sets the time), so that the burst straddles it.
    const [{ closes_at: closesAt }] = (
      await db.query<{ closes_at: Date }>(
        `UPDATE call SET closes_at = date_trunc('second', now()) + interval '6 seconds' WHERE id = $1 RETURNING closes_at`,
        [callId],
      )
    ).rows;
    const deadline = closesAt.getTime();
    const start = deadline - WINDOW_MS / 2;
    const attempts = await Promise.all(
      drafts.map(
        (id, i) =>
          new Promise<Attempt>((resolve, reject) => {
            const at = start + (i * WINDOW_MS) / BURST;
            setTimeout(
              () => void submit(apis[i % 2], pis.get(id)![i % 2 === 0 ? 0 : 1], id).then(resolve, reject),
              Math.max(0, at - Date.now()),
            );
          }),
      ),
    );

    const accepted = attempts.filter((attempt) => attempt.status === 200);
    const refused = attempts.filter((attempt) => attempt.status !== 200);
    const latencies = attempts.map((attempt) => attempt.answeredAt - attempt.sentAt).sort((a, b) => a - b);
    const inTimeRefused = refused.filter((attempt) => attempt.sentAt < deadline - IN_TIME_MARGIN_MS);
    const lateAccepted = accepted.filter((attempt) => attempt.sentAt >= deadline);
    process.stdout.write(
      `races/burst: ${accepted.length} accepted, ${refused.length} refused; latency p50 ${latencies[BURST >> 1]} ms, ` +
        `max ${latencies.at(-1)} ms; refused though sent ${IN_TIME_MARGIN_MS} ms before the deadline: ${inTimeRefused.length}\n`,
    );
    // The answers: only the deadline refuses, never a crash; nobody who sent in time is refused, nobody late taken.
    expect(refused.filter((attempt) => attempt.code !== 'CALL_CLOSED')).toEqual([]);
    expect(inTimeRefused).toEqual([]);
    expect(lateAccepted).toEqual([]);

    // The database agrees with every answer, and keeps each submission once.
    const states = await db.query<{
      id: string;
      state: string;
      submitted_at: Date | null;
      audits: number;
      receipts: number;
      events: number;
    }>(
      `SELECT p.id, p.state, p.submitted_at,
              (SELECT count(*)::int FROM audit_event a WHERE a.entity_id = p.id AND a.action = 'SUBMITTED') AS audits,
              (SELECT count(*)::int FROM outbound_email e WHERE e.subject_id = p.id AND e.type = 'submission-receipt') AS receipts,
              (SELECT count(*)::int FROM webhook_event w WHERE w.type = 'proposal.submitted' AND w.body::jsonb -> 'data' ->> 'proposalId' = p.id::text) AS events
       FROM proposal p WHERE p.call_id = $1`,
      [callId],
    );
    const acceptedIds = new Set(accepted.map((attempt) => attempt.proposalId));
    const wrong = states.rows.filter((row) =>
      acceptedIds.has(row.id)
        ? row.state !== 'SUBMITTED' || !(row.submitted_at! < closesAt) || row.audits !== 1 || row.receipts !== 2 || row.events !== 1
        : row.state !== 'DRAFT' || row.submitted_at !== null || row.audits !== 0 || row.receipts !== 0 || row.events !== 0,
    );
    expect(wrong).toEqual([]);
    expect(states.rowCount).toBe(BURST);
  }, 600_000);

  it('submits a proposal once when both PIs press submit many times at once, on both replicas', async () => {
    const { drafts, pis } = await callWithDrafts('repeat', REPEATS);
    const attempts = (
      await Promise.all(drafts.flatMap((id) => Array.from({ length: CONCURRENT }, (_, n) => submit(apis[n % 2], pis.get(id)![n % 2], id))))
    ).flat();
    const byProposal = new Map<string, number[]>();
    for (const attempt of attempts) byProposal.set(attempt.proposalId, [...(byProposal.get(attempt.proposalId) ?? []), attempt.status]);
    for (const [id, statuses] of byProposal) {
      expect({
        id,
        accepted: statuses.filter((status) => status === 200).length,
        others: [...new Set(statuses.filter((s) => s !== 200))],
      }).toEqual({
        id,
        accepted: 1,
        others: [409],
      });
    }
    const rows = await db.query<{ audits: number; receipts: number }>(
      `SELECT (SELECT count(*)::int FROM audit_event a WHERE a.entity_id = p.id AND a.action = 'SUBMITTED') AS audits,
              (SELECT count(*)::int FROM outbound_email e WHERE e.subject_id = p.id AND e.type = 'submission-receipt') AS receipts
       FROM proposal p WHERE p.id = ANY($1)`,
      [drafts],
    );
    expect(rows.rows.filter((row) => row.audits !== 1 || row.receipts !== 2)).toEqual([]);
    submitted = drafts;
  }, 300_000);

  it("keeps each proposal's state the function of both agencies' verdicts when they are recorded at the same moment", async () => {
    const proposals = submitted;
    const verdicts = proposals.map((_, i) => ({ nstc: i % 3 !== 0, gacr: i % 4 !== 0 }));
    const answers = await Promise.all(
      proposals.flatMap((id, i) => [
        call(apis[0], 'POST', `/proposals/${id}/eligibility`, {
          auth: nstc.auth,
          body: { eligible: verdicts[i].nstc, reason: 'Checked by NSTC' },
        }),
        call(apis[1], 'POST', `/proposals/${id}/eligibility`, {
          auth: gacr.auth,
          body: { eligible: verdicts[i].gacr, reason: 'Checked by GAČR' },
        }),
      ]),
    );
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);
    const rows = await db.query<{ id: string; state: string; verdicts: number; eligible: number }>(
      `SELECT p.id, p.state, count(v.*)::int AS verdicts, count(v.*) FILTER (WHERE v.eligible)::int AS eligible
       FROM proposal p LEFT JOIN eligibility_verdict v ON v.proposal_id = p.id WHERE p.id = ANY($1) GROUP BY p.id`,
      [proposals],
    );
    const expected = (eligible: number) => (eligible === 2 ? 'ELIGIBLE' : 'INELIGIBLE');
    expect(rows.rows.filter((row) => row.verdicts !== 2 || row.state !== expected(row.eligible))).toEqual([]);
  }, 300_000);
  it("keeps each agency's ledger the sum of its FUND decisions, within its total, when four officers fund, reject and re-fund 50 proposals at once", async () => {
    const started = Date.now();
    const { callId, proposals } = await callInReview('fund', DECIDED, {
      budgets: {
        home: { maxPerProposal: { amount: '3000000.00', currency: 'TWD' }, total: { amount: `${TOTALS.NSTC}.00`, currency: 'TWD' } },
        partner: { maxPerProposal: { amount: '2500000.00', currency: 'CZK' }, total: { amount: `${TOTALS.GACR}.00`, currency: 'CZK' } },
      },
    });
    expect((await call(apis[0], 'POST', `/calls/${callId}/start-decision`, { auth: nstc.auth, body: {} })).status).toBe(200);
    const officers = { NSTC: [nstc, nstc2], GACR: [gacr, gacr2] };

    async function decide(n: number, proposalId: string, agency: AgencyCode, decision: Omit<Decided, 'proposalId' | 'agency' | 'status'>) {
      const { side, currency } = SIDES[agency];
      const answer = await call(apis[n % 2], 'PUT', `/proposals/${proposalId}/decisions/mine`, {
        auth: officers[agency][n % 2].auth,
        body: {
          decision: decision.decision,
          ...(decision.amount === null ? {} : { amount: { amount: `${decision.amount}.00`, currency } }),
          ...(decision.version === undefined ? {} : { version: decision.version }),
        },
      });
      const mine = answer.body[side] as { version: number } | undefined;
      return {
        proposalId,
        agency,
        ...decision,
        status: answer.status,
        code: answer.body.code as string | undefined,
        recorded: answer.status === 200 ? mine?.version : undefined,
      } satisfies Decided;
    }

    // First both officers of each agency fund every proposal at once, with different amounts, on both replicas: one
    // of them records the decision (or neither, the budget being spent), the other finds it made.
    const first = await Promise.all(
      proposals.flatMap((id, i) =>
        AGENCIES.flatMap((agency) => [0, 1].map((k) => decide(i + k, id, agency, { decision: 'FUND', amount: amountOf(agency, i, k) }))),
      ),
    );
    // Then, all at once again: a third of the decisions go FUND → REJECT → FUND with another amount, a third change
    // their amount, and the proposals left without funding ask for it again, for the budget the others give back.
    const second = (
      await Promise.all(
        proposals.flatMap((id, i) =>
          AGENCIES.map(async (agency) => {
            const made = first.find((d) => d.proposalId === id && d.agency === agency && d.status === 200);
            if (!made) return [await decide(i + 1, id, agency, { decision: 'FUND', amount: amountOf(agency, i, 2) })];
            if (i % 3 === 1)
              return [await decide(i + 1, id, agency, { decision: 'FUND', amount: amountOf(agency, i, 3), version: made.recorded })];
            if (i % 3 === 2) return [];
            const rejected = await decide(i + 1, id, agency, { decision: 'REJECT', amount: null, version: made.recorded });
            if (rejected.status !== 200) return [rejected];
            return [
              rejected,
              await decide(i, id, agency, { decision: 'FUND', amount: amountOf(agency, i, 4), version: rejected.recorded }),
            ];
          }),
        ),
      )
    ).flat(2);
    const sent = [...first, ...second];
    const count = (status: number, code?: string) => sent.filter((d) => d.status === status && d.code === code).length;
    const refusedForBudget = count(409, 'BUDGET_EXCEEDED');

    // The answers: a decision is recorded, or refused for the budget, or found already made; nothing else, never a crash.
    expect(
      sent.filter((d) => d.status !== 200 && !(d.status === 409 && d.code === 'BUDGET_EXCEEDED') && d.code !== 'VERSION_REQUIRED'),
    ).toEqual([]);

    // The ledgers in SQL: each agency's committed amount is the sum of its FUND decisions, within its total.
    const ledgers = await db.query<{ code: AgencyCode; committed: string; funded: string; total: string }>(
      `SELECT agency.code, budget.committed, budget.total,
              (SELECT coalesce(sum(d.amount), 0) FROM decision d WHERE d.call_id = budget.call_id AND d.agency_id = budget.agency_id AND d.kind = 'FUND')::numeric(15, 2) AS funded
       FROM call_budget budget JOIN agency ON agency.id = budget.agency_id WHERE budget.call_id = $1 ORDER BY agency.code`,
      [callId],
    );
    expect(ledgers.rows.map(({ code, committed, funded }) => ({ code, committed, funded }))).toEqual(
      ledgers.rows.map(({ code, funded }) => ({ code, committed: funded, funded })),
    );
    expect(ledgers.rows.filter((ledger) => Number(ledger.committed) > Number(ledger.total))).toEqual([]);
    expect(ledgers.rows.map((ledger) => ledger.total)).toEqual([`${TOTALS.GACR}.00`, `${TOTALS.NSTC}.00`]);

    // Each proposal has at most one decision per agency, and it is the last one answered 200: its version counts
    // the 200s exactly, so no refusal (for the budget or otherwise) changed it; one audit entry and one event each.
    const rows = await db.query<{
      proposal_id: string;
      code: AgencyCode;
      decisions: number;
      kind: string;
      amount: string | null;
      version: number;
      audits: number;
      events: number;
    }>(
      `SELECT d.proposal_id, agency.code, count(*) OVER (PARTITION BY d.proposal_id, d.agency_id)::int AS decisions, d.kind, d.amount, d.version,
              (SELECT count(*)::int FROM audit_event a WHERE a.entity_type = 'PROPOSAL' AND a.entity_id = d.proposal_id
                 AND a.action IN ('DECISION_RECORDED', 'DECISION_CHANGED') AND a.data ->> 'agencyId' = d.agency_id::text) AS audits,
              (SELECT count(*)::int FROM webhook_event w WHERE w.type = 'decision.recorded'
                 AND w.body::jsonb -> 'data' ->> 'proposalId' = d.proposal_id::text AND w.body::jsonb -> 'data' ->> 'agencyId' = d.agency_id::text) AS events
       FROM decision d JOIN agency ON agency.id = d.agency_id WHERE d.call_id = $1`,
      [callId],
    );
    const stored = new Map(rows.rows.map((row) => [`${row.proposal_id}/${row.code}`, row]));
    const mismatches = proposals.flatMap((proposalId) =>
      AGENCIES.flatMap((agency) => {
        const recorded = sent.filter((d) => d.proposalId === proposalId && d.agency === agency && d.status === 200);
        const last = recorded.find((d) => d.recorded === recorded.length);
        const expected =
          recorded.length === 0
            ? null
            : {
                decisions: 1,
                kind: last?.decision,
                amount: last?.amount == null ? null : `${last.amount}.00`,
                version: recorded.length,
                audits: recorded.length,
                events: recorded.length,
              };
        const row = stored.get(`${proposalId}/${agency}`);
        const actual = row
          ? { decisions: row.decisions, kind: row.kind, amount: row.amount, version: row.version, audits: row.audits, events: row.events }
          : null;
        return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [{ proposalId, agency, expected, actual }];
      }),
    );
    expect(mismatches).toEqual([]);
    expect(rows.rowCount).toBe(stored.size);
    // And the race was one: budgets ran out, and decisions were changed while others were recorded.
    expect(refusedForBudget).toBeGreaterThan(0);
    expect(second.filter((d) => d.decision === 'REJECT' && d.status === 200).length).toBeGreaterThan(0);

    const ledger = (code: AgencyCode) => ledgers.rows.find((row) => row.code === code)!;
    process.stdout.write(
      `races/fund: ${sent.length} decisions sent by 4 officers on 2 replicas (${first.length} at once, then ${second.length}): ` +
        `${count(200)} recorded (${second.filter((d) => d.decision === 'REJECT' && d.status === 200).length} FUND → REJECT, ` +
        `${second.filter((d) => d.version !== undefined && d.decision === 'FUND' && d.status === 200).length} changed amounts or re-funded), ` +
        `${refusedForBudget} BUDGET_EXCEEDED, ${count(428, 'VERSION_REQUIRED')} VERSION_REQUIRED; committed ` +
        `NSTC ${ledger('NSTC').committed} of ${ledger('NSTC').total} TWD, GAČR ${ledger('GACR').committed} of ${ledger('GACR').total} CZK; ${Date.now() - started} ms\n`,
    );
  }, 300_000);
  it('submits each review once, as one whole version sent, when its reviewer presses submit six times while two saves race it', async () => {
    const started = Date.now();
    const { proposals } = await callInReview('review', REVIEWERS * REVIEWS_EACH);
    const list = Array.from({ length: REVIEWERS }, (_, r) => ({
      email: `race-reviewer-${r + 1}@u-tokyo.example.jp`,
      name: `Race reviewer ${r + 1}`,
      institution: 'University of Tokyo',
      country: 'JP',
    }));
    const researchers = await insertResearchers(db, list, await lightPasswordHash(PASSWORD));
    // Recruited by either agency through the API, then assigned and accepted, each reviewer on REVIEWS_EACH proposals.
    const assignments = (
      await Promise.all(
        researchers.map(async (person, r) => {
          const officer = r % 2 === 0 ? nstc : gacr;
          const recruited = await call(apis[r % 2], 'POST', '/reviewers', {
            auth: officer.auth,
            body: {
              email: person.email,
              name: person.name,
              institution: person.institution,
              country: 'JP',
              emailDomain: 'u-tokyo.example.jp',
              expertiseKeywords: ['physics'],
            },
          });
          expect(recruited.status).toBe(201);
          const reviewer = await deployment.signIn(apis[r % 2], person.email, PASSWORD);
          const mine = [];
          for (let n = r * REVIEWS_EACH; n < (r + 1) * REVIEWS_EACH; n++) {
            const proposalId = proposals[n];
            const assigned = await call(apis[0], 'POST', `/proposals/${proposalId}/review-assignments`, {
              auth: officer.auth,
              body: { reviewerId: reviewer.id },
            });
            expect(assigned.status).toBe(201);
            const id = assigned.body.id as string;
            expect(
              (await call(apis[1], 'POST', `/review-assignments/${id}/accept`, { auth: reviewer.auth, body: { declareNoConflict: true } }))
                .status,
            ).toBe(200);
            // The draft the reviewer saved before the race: complete, so that a submission takes it as it is.
            const draft = await call(apis[0], 'PUT', `/review-assignments/${id}/review`, {
              auth: reviewer.auth,
              body: { ...reviewVersion(0, n), version: 1 },
            });
            expect(draft.status).toBe(200);
            mine.push({ id, reviewer, n, version: draft.body.version as number });
          }
          return mine;
        }),
      )
    ).flat();

    // The race: per assignment, six submissions and two saves of other versions (each against the version read), on both replicas.
    const PRESSES = ['submit', 'save 1', 'submit', 'submit', 'save 2', 'submit', 'submit', 'submit'] as const;
    const answers = await Promise.all(
      assignments.flatMap(({ id, reviewer, n, version }) =>
        PRESSES.map(async (press, k) => {
          const variant = press === 'submit' ? null : Number(press.slice(-1));
          const answer =
            variant === null
              ? await call(apis[k % 2], 'POST', `/review-assignments/${id}/submit`, { auth: reviewer.auth, body: {} })
              : await call(apis[k % 2], 'PUT', `/review-assignments/${id}/review`, {
                  auth: reviewer.auth,
                  body: { ...reviewVersion(variant, n), version },
                });
          return { id, variant, status: answer.status, code: answer.body.code as string | undefined, body: answer.body };
        }),
      ),
    );

    const contentOf = (body: Record<string, unknown>) => ({
      scores: body.scores,
      recommendation: body.recommendation,
      commentsToApplicants: body.commentsToApplicants,
      confidentialComments: body.confidentialComments,
    });
    // The answers: per assignment one submission taken, the others a clean 409; a save either lands before it or is refused.
    const expected = new Map<string, ReturnType<typeof reviewVersion>>();
    const wrongAnswers = assignments.flatMap(({ id, n }) => {
      const mine = answers.filter((answer) => answer.id === id);
      const submits = mine.filter((answer) => answer.variant === null);
      const saves = mine.filter((answer) => answer.variant !== null);
      const saved = saves.filter((answer) => answer.status === 200);
      const version = reviewVersion(saved.length === 1 ? saved[0].variant! : 0, n);
      expected.set(id, version);
      const taken = submits.filter((answer) => answer.status === 200);
      const outcome = {
        id,
        submitted: taken.length,
        others: [...new Set(submits.filter((answer) => answer.status !== 200).map((answer) => `${answer.status} ${answer.code}`))],
        savedAtMostOnce: saved.length <= 1,
        saveRefusals: saves.filter(
          (answer) =>
            answer.status !== 200 && (answer.status !== 409 || !['STALE_VERSION', 'REVIEW_ALREADY_SUBMITTED'].includes(answer.code!)),
        ).length,
        answeredContent: taken.length === 1 && JSON.stringify(contentOf(taken[0].body)) === JSON.stringify(version),
      };
      return JSON.stringify(outcome) ===
        JSON.stringify({
          id,
          submitted: 1,
          others: ['409 REVIEW_ALREADY_SUBMITTED'],
          savedAtMostOnce: true,
          saveRefusals: 0,
          answeredContent: true,
        })
        ? []
        : [outcome];
    });
    expect(wrongAnswers).toEqual([]);

    // The database: each assignment SUBMITTED once, with one review holding one whole version sent and its total, one
    // audit entry saying so, and its reminders cancelled.
    const rows = await db.query<{
      id: string;
      state: string;
      reviews: number;
      same_time: boolean;
      scores: Record<string, number>;
      recommendation: string;
      comments: string;
      confidential: string;
      total: string;
      audits: number;
      audited: { total: string; recommendation: string } | null;
      pending: number;
      cancelled: number;
    }>(
      `SELECT a.id, a.state, (SELECT count(*)::int FROM review x WHERE x.assignment_id = a.id) AS reviews,
              a.submitted_at IS NOT NULL AND a.submitted_at = r.submitted_at AS same_time, r.scores, r.recommendation,
              r.comments_to_applicants AS comments, r.confidential_comments AS confidential, r.total::text,
              (SELECT count(*)::int FROM audit_event e WHERE e.entity_id = a.id AND e.action = 'REVIEW_SUBMITTED') AS audits,
              (SELECT e.data FROM audit_event e WHERE e.entity_id = a.id AND e.action = 'REVIEW_SUBMITTED' LIMIT 1) AS audited,
              (SELECT count(*)::int FROM reminder m WHERE m.subject_type = 'REVIEW_ASSIGNMENT' AND m.subject_id = a.id AND m.status = 'PENDING') AS pending,
              (SELECT count(*)::int FROM reminder m WHERE m.subject_type = 'REVIEW_ASSIGNMENT' AND m.subject_id = a.id AND m.status = 'CANCELLED') AS cancelled
       FROM review_assignment a JOIN review r ON r.assignment_id = a.id WHERE a.id = ANY($1)`,
      [assignments.map((assignment) => assignment.id)],
    );
    const wrongRows = rows.rows.flatMap((row) => {
      const version = expected.get(row.id)!;
      const actual = {
        state: row.state,
        reviews: row.reviews,
        sameTime: row.same_time,
        content: {
          scores: row.scores,
          recommendation: row.recommendation,
          commentsToApplicants: row.comments,
          confidentialComments: row.confidential,
        },
        total: Number(row.total),
        audits: row.audits,
        audited: row.audited && { total: Number(row.audited.total), recommendation: row.audited.recommendation },
        pending: row.pending,
        cancelled: row.cancelled,
      };
      const wanted = {
        state: 'SUBMITTED',
        reviews: 1,
        sameTime: true,
        content: version,
        total: totalOf(version.scores),
        audits: 1,
        audited: { total: totalOf(version.scores), recommendation: version.recommendation },
        pending: 0,
        cancelled: Object.keys(REVIEW_REMINDER_KINDS).length,
      };
      return JSON.stringify(actual) === JSON.stringify(wanted) ? [] : [{ id: row.id, actual, wanted }];
    });
    expect(wrongRows).toEqual([]);
    expect(rows.rowCount).toBe(assignments.length);

    const landed = answers.filter((answer) => answer.variant !== null && answer.status === 200).length;
    process.stdout.write(
      `races/reviews: ${assignments.length} assignments of ${REVIEWERS} reviewers, ${answers.length} requests at once ` +
        `(${PRESSES.length} each: 6 submits, 2 saves): ${answers.filter((a) => a.variant === null && a.status === 200).length} submitted, ` +
        `${landed} saves landed before their submission; ${Date.now() - started} ms\n`,
    );
  }, 300_000);
  it("creates a plan's assignments once when officers of both agencies confirm it six times at once, and two plans of a call stay within the caps", async () => {
    const started = Date.now();
    const smtp = await new SmtpSink({ headersOnly: true }).start();
    deployment.onClose(() => smtp.stop());
    const worker = deployment.worker('worker', { SMTP_URL: smtp.url });
    const { callId } = await callInReview('plan', 0, { minReviewsPerProposal: 2, maxAssignmentsPerReviewer: CAP });
    await insertReviewPool(db, {
      callId,
      proposals: PLANNED,
      reviewers: POOL,
      agencyIds: [agencies.get('NSTC')!.id, agencies.get('GACR')!.id],
    });
    await waitForLog(worker, /Worker started/);

    // Two plans of the call, asked for by both agencies at once: different candidates, so different pairs.
    const asked = await Promise.all([
      call(apis[0], 'POST', `/calls/${callId}/assignment-plans`, { auth: nstc.auth, body: { candidatesPerProposal: 30 } }),
      call(apis[1], 'POST', `/calls/${callId}/assignment-plans`, { auth: gacr.auth, body: { candidatesPerProposal: 4 } }),
    ]);
    expect(asked.map((answer) => answer.status)).toEqual([202, 202]);
    const plans = await Promise.all(
      asked.map(({ body }) =>
        eventually(
          async () => (await call(apis[1], 'GET', `/assignment-plans/${body.id as string}`, { auth: gacr.auth })).body as unknown as Plan,
          (plan) => !['QUEUED', 'RUNNING'].includes(plan.state),
          { timeoutMs: 60_000, what: 'both plans solved' },
        ),
      ),
    );
    expect(plans.map((plan) => plan.state)).toEqual(['READY', 'READY']);
    // The second is confirmed without the pairs of its first proposal (that one the officer will assign by hand).
    const left = plans[1].pairs.filter((pair) => pair.proposalId === plans[1].pairs[0].proposalId);
    const bodies = [
      { version: plans[0].version },
      { version: plans[1].version, remove: left.map(({ proposalId, reviewerId }) => ({ proposalId, reviewerId })) },
    ];

    const officers = [nstc, gacr, nstc2, gacr2, nstc, gacr];
    const [answers, byHand] = await Promise.all([
      Promise.all(
        officers.flatMap((officer, k) =>
          plans.map(async (plan, p) => {
            const answer = await call(apis[(k + p) % 2], 'POST', `/assignment-plans/${plan.id}/confirm`, {
              auth: officer.auth,
              body: bodies[p],
            });
            return { plan: p, status: answer.status, code: answer.body.code as string | undefined };
          }),
        ),
      ),
      // ...while a colleague assigns the proposal left out by hand.
      Promise.all(
        left.map(async (pair, k) => {
          const answer = await call(apis[k % 2], 'POST', `/proposals/${pair.proposalId}/review-assignments`, {
            auth: gacr2.auth,
            body: { reviewerId: pair.reviewerId },
          });
          return { ...pair, status: answer.status, code: answer.body.code as string | undefined, id: answer.body.id as string };
        }),
      ),
    ]);
    // By hand: assigned, or refused because a plan took the pair or the reviewer's last place first.
    expect(
      byHand.filter(
        (answer) =>
          answer.status !== 201 &&
          !(answer.status === 409 && ['REVIEW_CONFLICT_OF_INTEREST', 'REVIEWER_LOAD_CAP_REACHED'].includes(answer.code!)),
      ),
    ).toEqual([]);
    // The answers: per plan one confirmation, the others a clean 409.
    expect(
      plans.map((_, p) => {
        const mine = answers.filter((answer) => answer.plan === p);
        return {
          plan: p,
          confirmed: mine.filter((a) => a.status === 200).length,
          others: [...new Set(mine.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.code}`))],
        };
      }),
    ).toEqual(plans.map((_, p) => ({ plan: p, confirmed: 1, others: ['409 ASSIGNMENT_PLAN_NOT_READY'] })));

    // The database: both plans CONFIRMED once; every pair of each is created by one plan or refused, never both.
    const stored = await db.query<{ id: string; state: string; confirmation: Confirmation; confirmations: number }>(
      `SELECT plan.id, plan.state, plan.confirmation,
              (SELECT count(*)::int FROM audit_event a WHERE a.entity_id = plan.id AND a.action = 'CONFIRMED') AS confirmations
       FROM assignment_plan plan WHERE plan.id = ANY($1)`,
      [plans.map((plan) => plan.id)],
    );
    const confirmed = plans.map((plan) => stored.rows.find((row) => row.id === plan.id)!);
    expect(confirmed.map(({ state, confirmations }) => ({ state, confirmations }))).toEqual(
      plans.map(() => ({ state: 'CONFIRMED', confirmations: 1 })),
    );
    const key = (pair: { proposalId: string; reviewerId: string }) => `${pair.proposalId}/${pair.reviewerId}`;
    expect(confirmed.map(({ confirmation }) => [...confirmation.created, ...confirmation.refused].map(key).sort())).toEqual(
      plans.map((plan, p) =>
        plan.pairs
          .filter((pair) => p === 0 || !left.includes(pair))
          .map(key)
          .sort(),
      ),
    );
    const created = confirmed.flatMap(({ confirmation }) => confirmation.created);

    // Live assignments: exactly those created (by the plans and by hand), each once with its audit entry and invitation; no pair twice; no
    // reviewer over the cap; a refused pair was taken by the other plan or its reviewer was full.
    const live = await db.query<{
      id: string;
      proposal_id: string;
      reviewer_id: string;
      audits: number;
      invitations: number;
      load: number;
    }>(
      `SELECT a.id, a.proposal_id, a.reviewer_id,
              (SELECT count(*)::int FROM audit_event e WHERE e.entity_id = a.id AND e.action = 'ASSIGNED') AS audits,
              (SELECT count(*)::int FROM outbound_email m WHERE m.type = 'review-invitation' AND m.subject_id = a.id) AS invitations,
              count(*) OVER (PARTITION BY a.reviewer_id)::int AS load
       FROM review_assignment a WHERE a.call_id = $1 AND a.state IN ('INVITED', 'ACCEPTED', 'SUBMITTED')`,
      [callId],
    );
    expect(live.rows.map((row) => row.id).sort()).toEqual(
      [...created.map((pair) => pair.assignmentId), ...byHand.filter((answer) => answer.status === 201).map((answer) => answer.id)].sort(),
    );
    expect(live.rows.filter((row) => row.audits !== 1 || row.invitations !== 1)).toEqual([]);
    const pairs = live.rows.map((row) => key({ proposalId: row.proposal_id, reviewerId: row.reviewer_id }));
    expect(pairs.filter((pair, i) => pairs.indexOf(pair) !== i)).toEqual([]);
    expect(live.rows.filter((row) => row.load > CAP)).toEqual([]);
    const loads = new Map(live.rows.map((row) => [row.reviewer_id, row.load]));
    const refused = confirmed.flatMap(({ confirmation }) => confirmation.refused);
    expect(
      refused.filter(
        (pair) =>
          !(pair.code === 'REVIEW_CONFLICT_OF_INTEREST' && pairs.includes(key(pair))) &&
          !(pair.code === 'REVIEWER_LOAD_CAP_REACHED' && loads.get(pair.reviewerId) === CAP),
      ),
    ).toEqual([]);

    process.stdout.write(
      `races/plans: plans of ${plans[0].pairs.length} and ${plans[1].pairs.length} pairs (${left.length} left out), ` +
        `${answers.length} confirmations and ${byHand.length} assignments by hand at once: ${answers.filter((a) => a.status === 200).length} ` +
        `confirmations taken, ${byHand.filter((a) => a.status === 201).length} by hand; ` +
        `created ${confirmed.map(({ confirmation }) => confirmation.created.length).join(' + ')} assignments, refused ` +
        `${refused.filter((pair) => pair.code === 'REVIEW_CONFLICT_OF_INTEREST').length} already assigned and ` +
        `${refused.filter((pair) => pair.code === 'REVIEWER_LOAD_CAP_REACHED').length} over the cap; ${Date.now() - started} ms\n`,
    );
  }, 300_000);
});
