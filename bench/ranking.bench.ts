/**
 * Ranking and reviewer suggestions at the design's scale: a call in review with 10,000 proposals and 40,000
 * submitted reviews by 2,000 reviewers (half in NSTC's pool, half in GAČR's). Settings: bench/README.md.
 *
 *   ranking      GET /api/v1/calls/:id/ranking (JSON) and ?format=csv on the real API (`node dist/src/main.js`,
 *                production settings, an NSTC officer's token), against the bare SQL of the ranking (RANKING_SQL from
 *                src, the same parameters) through a pg Pool in this process, in the same run, rounds alternating.
 *   suggestions  the suggestion query (SUGGESTIONS_SQL from src) for one proposal among the 2,000 reviewers, bare
 *                through pg, and GET /api/v1/calls/:id/reviewer-suggestions (query + conflict check + JSON).
 *
 * The data are written in SQL (what the application would have stored: each review's total by REVIEW_TOTAL_SQL,
 * each expertise vector by EXPERTISE_VECTOR_SQL), then VACUUM ANALYZE. EXPLAIN (ANALYZE, BUFFERS) of both queries.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RANKING_SQL, rankingParameters } from '../src/reviews/ranking.sql';
import { REVIEW_TOTAL_SQL } from '../src/reviews/review-total.sql';
import { EXPERTISE_VECTOR_SQL } from '../src/reviews/reviewer-profile.entity';
import { SUGGESTIONS_SQL, suggestionParameters } from '../src/reviews/suggestions.sql';
import { agenciesByCode, connect, connectedPool, prepareDatabase } from './lib/database';
import { logInOfficers } from './lib/fixtures';
import { compareLatency, httpGet, keepAliveAgent, latencyOf, LatencyComparison, preconnect, send } from './lib/load';
import { cpuWindow, startApi } from './lib/processes';
import { Cell, cpuTable, finishReport, fixed, table, times } from './lib/report';
import { Bench, log, numberEnv } from './lib/run';

const config = {
  proposals: numberEnv('BENCH_PROPOSALS', 10_000),
  reviewsPerProposal: numberEnv('BENCH_REVIEWS_PER_PROPOSAL', 4),
  reviewers: numberEnv('BENCH_REVIEWERS', 2000),
  /** Distinct words the texts are drawn from: the larger, the fewer reviewers a proposal's words reach. */
  vocabulary: numberEnv('BENCH_VOCABULARY', 5000),
  runs: numberEnv('BENCH_RUNS', 40),
  rounds: numberEnv('BENCH_ROUNDS', 3),
  suggestionRuns: numberEnv('BENCH_SUGGESTION_RUNS', 200),
  appPort: numberEnv('BENCH_APP_PORT', 3903),
  timeoutS: numberEnv('BENCH_TIMEOUT_S', 900, { min: 60 }),
};

/** The design's targets. */
const TARGETS = { rankingJsonP50Ms: 100, rankingJsonOverBare: 2, suggestionP50Ms: 20 };

/** `count` words of the vocabulary picked by a deterministic hash of the row number `g` and a salt, in SQL. */
const words = (count: number, salt: number) =>
  `ARRAY(SELECT 'w' || (abs(hashint8(g::bigint * ${count * 7919 + salt} + k)) % ${config.vocabulary}) FROM generate_series(1, ${count}) AS k)`;

/** Writes the call, proposals, reviewers, assignments and reviews; returns the ids the measures need. */
async function insertData(db: Client, agencies: Map<string, { id: string }>) {
  const home = agencies.get('NSTC')!.id;
  const partner = agencies.get('GACR')!.id;
  const callId = randomUUID();
  const criteria = [
    { key: 'excellence', label: 'Scientific excellence', weight: 0.5, scaleMax: 5 },
    { key: 'collaboration', label: 'Added value of the collaboration', weight: 0.3, scaleMax: 5 },
    { key: 'feasibility', label: 'Feasibility', weight: 0.2, scaleMax: 10 },
  ];
  await db.query(
    `INSERT INTO call (id, title, description, instrument, home_agency_id, partner_agency_id, opens_at, closes_at, timezone,
       review_due_at, decision_expected_at, project_starts_at, duration_limit_months, home_max_per_proposal, home_total_budget, partner_max_per_proposal,
       partner_total_budget, review_criteria, min_reviews_per_proposal, max_assignments_per_reviewer, state, created_by_id, version)
     VALUES ($1, 'Benchmark call in review', 'Ranking at scale.', 'JOINT_RESEARCH', $2, $3, now() - interval '90 days',
       now() - interval '30 days', 'Asia/Taipei', now() + interval '30 days', now() + interval '60 days', now() + interval '90 days', 36, 3000000, 300000000,
       2500000, 250000000, $4::jsonb, 3, 100, 'IN_REVIEW', gen_random_uuid(), 1)`,
    [callId, home, partner, JSON.stringify(criteria)],
  );
  log(`inserting ${config.proposals} proposals under review with their teams`);
  await db.query(
    `INSERT INTO proposal (call_id, state, title, acronym, abstract, keywords, scientific_field, duration_months, home_budget,
       partner_budget, created_by_id, submitted_at, version)
     SELECT $1, 'UNDER_REVIEW', array_to_string(${words(6, 1)}, ' '), 'P' || g, array_to_string(${words(40, 2)}, ' '), ${words(4, 3)},
            'physics', 36, 2500000, 2000000, gen_random_uuid(), now() - interval '40 days' + make_interval(secs => g), 3
     FROM generate_series(1, $2::int) AS g`,
    [callId, config.proposals],
  );
  await db.query(
    `INSERT INTO team_member (proposal_id, role, side, name, email, institution, country, confirmed_at)
     SELECT id, 'PI', side::side, side || ' PI of ' || acronym, lower(side) || '.' || acronym || '@team.example.test',
            CASE side WHEN 'HOME' THEN 'Team University ' || acronym ELSE 'Partner Institute ' || acronym END,
            CASE side WHEN 'HOME' THEN 'TW' ELSE 'CZ' END, now()
     FROM proposal, unnest(ARRAY['HOME', 'PARTNER']) AS side WHERE call_id = $1`,
    [callId],
  );
  log(`inserting ${config.reviewers} reviewers, half in each pool`);
  await db.query(
    `INSERT INTO "user" (email, name, password_hash, language, roles, version)
     SELECT 'reviewer-' || g || '@reviewers.example.test', 'Reviewer ' || g, 'no login', 'en', '{REVIEWER}'::role[], 1
     FROM generate_series(1, $1::int) AS g`,
    [config.reviewers],
  );
  await db.query(
    `INSERT INTO reviewer_profile (user_id, recruiting_agency_id, institution, email_domain, country, expertise_keywords,
       expertise_description, version)
     SELECT id, CASE WHEN g % 2 = 0 THEN $1::uuid ELSE $2::uuid END, 'Reviewer Institute ' || g, 'inst' || g || '.example.test',
            'DE', ${words(4, 4)}, array_to_string(${words(20, 5)}, ' '), 1
     FROM (SELECT id, substring(email FROM 'reviewer-(\\d+)@')::int AS g FROM "user" WHERE email LIKE 'reviewer-%@reviewers.example.test') AS r`,
    [home, partner],
  );
  await db.query(`UPDATE reviewer_profile SET expertise_vector = ${EXPERTISE_VECTOR_SQL}`);
  log(`inserting ${config.proposals * config.reviewsPerProposal} submitted assignments and reviews`);
  await db.query(
    `WITH proposals AS (SELECT id, row_number() OVER (ORDER BY submitted_at) AS n FROM proposal WHERE call_id = $1),
          reviewers AS (SELECT user_id, recruiting_agency_id, row_number() OVER (ORDER BY user_id) - 1 AS n FROM reviewer_profile)
     INSERT INTO review_assignment (proposal_id, call_id, reviewer_id, reviewer_agency_id, state, due_at, assigned_by_id, responded_at,
       submitted_at, version)
     SELECT proposals.id, $1, reviewers.user_id, reviewers.recruiting_agency_id, 'SUBMITTED', now() + interval '30 days',
            gen_random_uuid(), now() - interval '20 days', now() - interval '10 days' + make_interval(secs => proposals.n * 4 + k), 3
     FROM proposals CROSS JOIN generate_series(0, $2::int - 1) AS k
     JOIN reviewers ON reviewers.n = (proposals.n * $2 + k * 7) % $3`,
    [callId, config.reviewsPerProposal, config.reviewers],
  );
  await db.query(
    `INSERT INTO review (assignment_id, call_id, proposal_id, reviewer_agency_id, scores, recommendation, comments_to_applicants,
       submitted_at, version)
     SELECT id, call_id, proposal_id, reviewer_agency_id,
            jsonb_build_object('excellence', 1 + abs(hashtext(id::text)) % 5, 'collaboration', 1 + abs(hashtext(id::text || 'c')) % 5,
                               'feasibility', 1 + abs(hashtext(id::text || 'f')) % 10),
            'FUND', 'Benchmark review.', submitted_at, 3
     FROM review_assignment WHERE call_id = $1`,
    [callId],
  );
  await db.query(`UPDATE review SET total = ${REVIEW_TOTAL_SQL} WHERE call_id = $1`, [callId]);
  log('VACUUM ANALYZE');
  await db.query('VACUUM ANALYZE');
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM proposal WHERE call_id = $1 ORDER BY submitted_at OFFSET $2 LIMIT 1`, [
    callId,
    Math.floor(config.proposals / 2),
  ]);
  return { callId, homeAgencyId: home, partnerAgencyId: partner, proposalId: rows[0].id };
}

async function explain(db: Client, sql: string, parameters: unknown[]) {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters);
  const plan = rows.map((row) => row['QUERY PLAN']);
  return { plan, executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1]) };
}

const row = (label: string, comparison: LatencyComparison): Cell[][] => [
  [
    `${label}: API`,
    fixed(comparison.system.p50.best),
    fixed(comparison.system.p99.best),
    `${fixed(100 * comparison.system.p50.spread, 0)} %`,
    fixed(comparison.system.perSecond.best),
  ],
  [
    `${label}: bare SQL (pg)`,
    fixed(comparison.baseline.p50.best),
    fixed(comparison.baseline.p99.best),
    `${fixed(100 * comparison.baseline.p50.spread, 0)} %`,
    fixed(comparison.baseline.perSecond.best),
  ],
  [`${label}: API / bare`, times(comparison.ratios.p50), times(comparison.ratios.p99), '', ''],
];

async function main(bench: Bench): Promise<number> {
  await prepareDatabase(bench, { seed: 'demo' });
  const db = await connect(bench);
  const data = await insertData(db, await agenciesByCode(db));
  const call = { id: data.callId, homeAgencyId: data.homeAgencyId, partnerAgencyId: data.partnerAgencyId, minReviewsPerProposal: 3 };
  const pool = await connectedPool(bench, 4);
  const { child: api, base } = await startApi(bench, config.appPort);
  const { nstc } = await logInOfficers(base);
  const agent = keepAliveAgent(bench, 4);
  await preconnect(agent, base, 2);
  const problems: string[] = [];

  // Answers first: the API's JSON and CSV carry every proposal, ranked 1..N, as the bare query does.
  const rankingUrl = `${base}/api/v1/calls/${data.callId}/ranking`;
  const json = await send(agent, rankingUrl, { headers: nstc.auth });
  const bare = await pool.query<{ rank: number; proposalId: string }>(RANKING_SQL, rankingParameters(call));
  const items = (json.body as { items?: { rank: number; proposalId: string }[] } | null)?.items ?? [];
  if (json.status !== 200 || items.length !== config.proposals) problems.push(`ranking JSON: ${json.status}, ${items.length} items`);
  if (items.some((item, i) => item.rank !== i + 1 || item.proposalId !== bare.rows[i]?.proposalId))
    problems.push('ranking JSON: the ranks differ from the bare query');
  const csv = await send(agent, `${rankingUrl}?format=csv`, { headers: nstc.auth });
  const csvLines = typeof csv.body === 'string' ? csv.body.trimEnd().split('\n').length : 0;
  if (csv.status !== 200 || csvLines !== config.proposals + 1) problems.push(`ranking CSV: ${csv.status}, ${csvLines} lines`);
  const suggestionsUrl = `${base}/api/v1/calls/${data.callId}/reviewer-suggestions?proposalId=${data.proposalId}&limit=10`;
  const suggested = await send(agent, suggestionsUrl, { headers: nstc.auth });
  const suggestionCount = (suggested.body as { items?: unknown[] } | null)?.items?.length ?? 0;
  if (suggested.status !== 200 || suggestionCount !== 10) problems.push(`suggestions: ${suggested.status}, ${suggestionCount} items`);

  const options = { runs: config.runs, rounds: config.rounds, warmup: 3 };
  const cpu = cpuWindow(bench, { api: [api.pid] });
  log(`ranking JSON: ${config.rounds} rounds of ${config.runs} requests against the bare query`);
  const rankingJson = await compareLatency(
    { system: httpGet(agent, rankingUrl, nstc.auth), baseline: () => pool.query(RANKING_SQL, rankingParameters(call)) },
    options,
  );
  log('ranking CSV');
  const rankingCsv = await compareLatency(
    { system: httpGet(agent, `${rankingUrl}?format=csv`, nstc.auth), baseline: () => pool.query(RANKING_SQL, rankingParameters(call)) },
    options,
  );
  const rankingCpu = cpu();

  // CPU time per request, which the machine's other users inflate far less than latency: each target alone.
  log('CPU time per request');
  const cpuCost = async (label: string, task: () => Promise<unknown>, runs = 20) => {
    await task();
    const window = cpuWindow(bench, { api: [api.pid] });
    await latencyOf(task, { runs });
    const use = window();
    const perRequest = (group: string) => (1000 * (use.cores[group] ?? 0) * use.wallSeconds) / runs;
    return {
      label,
      api: perRequest('api'),
      pg: perRequest('pgBench'),
      bench: perRequest('bench'),
      wallMs: (1000 * use.wallSeconds) / runs,
    };
  };
  const costs = [
    await cpuCost('ranking JSON: API', httpGet(agent, rankingUrl, nstc.auth)),
    await cpuCost('ranking CSV: API', httpGet(agent, `${rankingUrl}?format=csv`, nstc.auth)),
    await cpuCost('ranking rows: bare SQL (pg)', () => pool.query(RANKING_SQL, rankingParameters(call))),
  ];
  log(`suggestions: ${config.suggestionRuns} queries`);
  const suggestionParams = suggestionParameters(data.proposalId, { ...call, maxAssignmentsPerReviewer: 100 }, 30, 0);
  const suggestionSql = await latencyOf(() => pool.query(SUGGESTIONS_SQL, suggestionParams), { runs: config.suggestionRuns, warmup: 10 });
  const suggestionApi = await latencyOf(httpGet(agent, suggestionsUrl, nstc.auth), { runs: config.suggestionRuns, warmup: 10 });

  const rankingPlan = await explain(db, RANKING_SQL, rankingParameters(call));
  const suggestionPlan = await explain(db, SUGGESTIONS_SQL, suggestionParams);
  const { rows: candidates } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${SUGGESTIONS_SQL.replace(/LIMIT \$7 OFFSET \$8$/, '')}) AS s`,
    suggestionParams.slice(0, 6),
  );
  const usesGin = ['IDX_reviewer_profile_expertise_vector', 'IDX_reviewer_profile_expertise_keywords'].every((index) =>
    suggestionPlan.plan.some((line) => line.includes(index)),
  );
  if (!usesGin) problems.push('the suggestion query does not use both GIN indexes of reviewer_profile');
  if (rankingJson.system.p50.best > TARGETS.rankingJsonP50Ms)
    problems.push(`ranking JSON p50 ${fixed(rankingJson.system.p50.best)} ms over the ${TARGETS.rankingJsonP50Ms} ms target`);
  if (rankingJson.ratios.p50 > TARGETS.rankingJsonOverBare)
    problems.push(`ranking JSON p50 ${times(rankingJson.ratios.p50)} the bare query, over the ${TARGETS.rankingJsonOverBare}x target`);
  if (suggestionSql.ms.p50 > TARGETS.suggestionP50Ms)
    problems.push(`suggestion query p50 ${fixed(suggestionSql.ms.p50)} ms over the ${TARGETS.suggestionP50Ms} ms target`);

  const latencyRows: Cell[][] = [
    ['latency (ms), best round', 'p50', 'p99', 'p50 spread', 'per second'],
    ...row('ranking JSON', rankingJson),
    ...row('ranking CSV', rankingCsv),
    ['suggestions: bare SQL (pg)', fixed(suggestionSql.ms.p50, 2), fixed(suggestionSql.ms.p99, 2), '', fixed(suggestionSql.perSecond)],
    [
      'suggestions: API (query, conflicts, JSON)',
      fixed(suggestionApi.ms.p50, 2),
      fixed(suggestionApi.ms.p99, 2),
      '',
      fixed(suggestionApi.perSecond),
    ],
  ];
  const costRows: Cell[][] = [
    ['CPU ms per request (20 alone)', 'API', 'pg (bench db)', 'bench', 'wall ms'],
    ...costs.map((cost) => [cost.label, fixed(cost.api), fixed(cost.pg), fixed(cost.bench), fixed(cost.wallMs)]),
  ];
  const indent = (lines: string[]) => lines.map((line) => `    ${line}`).join('\n');
  return finishReport(
    'ranking',
    {
      title: `Ranking of ${config.proposals} proposals with ${config.proposals * config.reviewsPerProposal} reviews; suggestions among ${config.reviewers} reviewers`,
      blocks: [
        table(latencyRows),
        table(costRows),
        cpuTable([['ranking (JSON and CSV, API and bare)', rankingCpu]], {
          api: 'API',
          pgBench: 'pg (bench db)',
          bench: 'bench',
          pgOther: 'pg (other)',
          other: 'other',
        }),
        `Suggestion query (${candidates[0].n} candidates of ${config.reviewers} reviewers match the proposal's words or keywords):\n${indent(suggestionPlan.plan)}`,
        `Ranking query:\n${indent(rankingPlan.plan)}`,
      ],
      checked:
        `JSON and CSV answer every proposal (${config.proposals}, ranks 1..N as the bare query's); 10 suggestions; the suggestion query uses ` +
        `both GIN indexes; targets: JSON p50 <= ${TARGETS.rankingJsonP50Ms} ms and <= ` +
        `${TARGETS.rankingJsonOverBare}x the bare query, suggestion query p50 <= ${TARGETS.suggestionP50Ms} ms`,
      problems,
      notes: [
        `One request at a time over a keep-alive connection; ${config.rounds} rounds of ${config.runs} per target after 3 warm-up runs, ` +
          "API and bare alternating; figures of the best round, spread = (worst - best) / median of the rounds' p50.",
        'Bare = RANKING_SQL (and SUGGESTIONS_SQL) from src through a pg Pool in this process: rows parsed, not serialised.',
        `Texts drawn from ${config.vocabulary} words; each proposal has 4 reviews by reviewers of both pools; the call's cap is 100.`,
        'The bench database holds this call alone, so the ranking reads the review table whole (a sequential scan); among many calls it reads IDX_review_ranking.',
        "The API, PostgreSQL, this process and the machine's other users share its cores: compare the ratios.",
      ],
    },
    {
      config,
      rankingJson,
      rankingCsv,
      suggestionSql,
      suggestionApi,
      rankingPlan,
      suggestionPlan,
      candidates: candidates[0].n,
      cpu: rankingCpu,
    },
  );
}

new Bench('ranking', { timeoutS: config.timeoutS }).run(main);
