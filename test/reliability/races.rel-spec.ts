import { Client } from 'pg';
import { insertDrafts, insertResearchers, lightPasswordHash, people } from '../../bench/lib/fixtures';
import { PASSWORD } from '../support/actors';
import { callInput } from '../support/calls';
import { Account, call, Deployment } from '../support/deployment';

const BURST = 300;
/** The burst is spread evenly over this window, centred on the deadline. */
const WINDOW_MS = 3_000;
/** A request sent this long before the deadline has certainly been read by the API before it. */
const IN_TIME_MARGIN_MS = 150;
const REPEATS = 20;
const CONCURRENT = 8;

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
 * same moment. Every invariant is read back from the database, not from the answers alone.
 */
describe('Races', () => {
  let deployment: Deployment;
  let apis: string[];
  let nstc: Account;
  let gacr: Account;
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
    db = await deployment.pool.connect();
  }, 180_000);
  afterAll(async () => {
    (db as unknown as { release(): void } | undefined)?.release();
    await deployment?.close();
  });

  /** A published NSTC–GAČR call with `count` complete drafts whose PIs are signed in; returns the call and drafts. */
  async function callWithDrafts(tag: string, count: number): Promise<{ callId: string; drafts: string[]; pis: Map<string, string[]> }> {
    const created = await call(apis[0], 'POST', '/calls', { auth: nstc.auth, body: callInput(agencies, { title: `Race ${tag}` }) });
    const callId = created.body.id as string;
    for (const officer of [nstc, gacr])
      await call(apis[0], 'POST', `/calls/${callId}/approve`, { auth: officer.auth, body: { version: 1 } });
    expect((await call(apis[1], 'POST', `/calls/${callId}/publish`, { auth: gacr.auth })).status).toBe(200);
    const hash = await lightPasswordHash(PASSWORD);
    const home = await insertResearchers(db, people(count, `${tag}-home`, 'National Taiwan University', 'TW'), hash);
    const partner = await insertResearchers(db, people(count, `${tag}-partner`, 'Charles University', 'CZ'), hash);
    const drafts = await insertDrafts(db, { callId, home, partner, kinds: ['project-description'], tag });
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
});
