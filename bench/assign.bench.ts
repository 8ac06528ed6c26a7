/**
 * Whole-call reviewer assignment: time to an optimal plan and peak memory, for the application's min-cost flow
 * and, as the alternative it was chosen against, a linear program solved by HiGHS (WebAssembly). Settings:
 * bench/README.md.
 *
 * Each solve runs in a child process of its own (bench/assign.solver.ts) on a generated call: proposals and
 * reviewers of two agencies with topics of skewed popularity, BENCH_CANDIDATES candidates per proposal (the best
 * fitting of each agency, as the SQL fit score gives them), a few conflicts and kept reviews. The child builds the
 * instance first; the clock and the RSS watch (VmRSS every 20 ms and the reset VmHWM) cover the solve alone.
 * Checks: the flow's plan meets every hard constraint, the LP's optimum has the same objective and is integral.
 */
import { join } from 'node:path';
import { api } from '../test/support/actors';
import { callInput, publishedCall } from '../test/support/calls';
import type { SolverDone } from './assign.solver';
import { agenciesByCode, connect, prepareDatabase } from './lib/database';
import { logInOfficers } from './lib/fixtures';
import { idleRss, memoryOf, startApi, startChild, startWorkers, watchRss } from './lib/processes';
import { Cell, finishReport, fixed, mib, table, times } from './lib/report';
import { insertReviewPool } from './lib/review-pool';
import { Bench, DIST, log, numberEnv, sleep } from './lib/run';

const config = {
  sizes: (process.env.BENCH_ASSIGN_SIZES || '10000x2000,1000x200').split(',').map((size) => {
    const [proposals, reviewers] = size.split('x').map(Number);
    if (!Number.isInteger(proposals) || !Number.isInteger(reviewers)) throw new Error(`BENCH_ASSIGN_SIZES: "${size}" is not PxR`);
    return { proposals, reviewers };
  }),
  minReviews: numberEnv('BENCH_REVIEWS', 3),
  cap: numberEnv('BENCH_CAP', 20),
  /** The first size again with this cap, capacity nearly used up (0 skips it). */
  tightCap: numberEnv('BENCH_TIGHT_CAP', 15, { min: 0 }),
  candidates: numberEnv('BENCH_CANDIDATES', 30),
  seed: numberEnv('BENCH_SEED', 7),
  lp: numberEnv('BENCH_LP', 1, { min: 0, max: 1 }),
  /** The first size once more through the API and a worker process, on a seeded database (0 skips it). */
  system: numberEnv('BENCH_SYSTEM', 1, { min: 0, max: 1 }),
  port: numberEnv('BENCH_ASSIGN_PORT', 3931),
  /** 1: the officer then confirms the plan (every pair assigned and invited in one transaction), timed. */
  confirm: numberEnv('BENCH_CONFIRM', 0, { min: 0, max: 1 }),
  targetS: numberEnv('BENCH_TARGET_S', 30),
  targetMiB: numberEnv('BENCH_TARGET_MIB', 1024),
  timeoutS: numberEnv('BENCH_TIMEOUT_S', 900, { min: 60 }),
};

interface Scenario {
  proposals: number;
  reviewers: number;
  cap: number;
}

interface Run extends Scenario {
  solver: 'flow' | 'lp';
  candidates: number;
  done: SolverDone;
  peakRssBytes: number;
  readyRssBytes: number;
}

async function solveInChild(bench: Bench, solver: 'flow' | 'lp', size: Scenario): Promise<Run> {
  const child = startChild(bench, {
    name: `${solver} ${size.proposals}x${size.reviewers} cap ${size.cap}`,
    kind: solver === 'flow' ? 'worker' : 'baseline',
    script: join(DIST, 'bench', 'assign.solver.js'),
    ipc: true,
    env: {
      ...process.env,
      SOLVER: solver,
      PROPOSALS: String(size.proposals),
      REVIEWERS: String(size.reviewers),
      MIN_REVIEWS: String(config.minReviews),
      CAP: String(size.cap),
      CANDIDATES: String(config.candidates),
      SEED: String(config.seed),
    },
  });
  const ready = await child.message<{ type: 'ready'; candidates: number }>('ready', 300_000);
  const readyRssBytes = memoryOf(child.pid)?.rss ?? NaN;
  const watch = watchRss(child.pid);
  const donePromise = child.message<SolverDone>('done', config.timeoutS * 1000);
  child.process.send({ type: 'go' });
  const done = await donePromise;
  const rss = watch();
  await child.stop();
  return { solver, ...size, candidates: ready.candidates, done, peakRssBytes: rss.peak, readyRssBytes };
}

/** At most 8 of the distinct progress values the polls saw, in order. */
function progressSample(seen: number[]): string {
  const distinct = seen.filter((value, i) => i === 0 || value !== seen[i - 1]);
  if (distinct.length === 0) return 'none';
  const step = Math.max(1, Math.ceil(distinct.length / 8));
  return distinct
    .filter((_, i) => i % step === 0 || i === distinct.length - 1)
    .map((value) => fixed(value, 2))
    .join(' ');
}

interface SystemRun {
  proposals: number;
  reviewers: number;
  cap: number;
  state: string;
  seconds: number;
  progressSeen: number[];
  workerIdleBytes: number;
  workerPeakBytes: number;
  stats: Record<string, number>;
  violations: string[];
  pairs: number;
  confirm: { seconds: number; created: number; refused: number } | null;
}

interface PlanBody {
  id: string;
  state: string;
  version: number;
  progress: number;
  pairs: { proposalId: string; reviewerId: string; reviewerAgencyId: string }[] | null;
  loads: { reviewerId: string; current: number; planned: number; cap: number }[] | null;
  stats: Record<string, number> | null;
  infeasibility: {
    shortfall: number;
    shortages: unknown[];
    contention: { needed: number; missing: number; reviewerIds: string[] }[];
  } | null;
}

/**
 * The whole path: a call in review with the proposals and pools in PostgreSQL, an officer's POST, the worker's job
 * (candidates by the SQL fit score, conflicts, solve, the plan written back), GET until it is ready.
 */
async function throughTheWorker(bench: Bench, size: Scenario): Promise<SystemRun> {
  await prepareDatabase(bench, { seed: 'demo' });
  const db = await connect(bench);
  const agencies = await agenciesByCode(db);
  const { base } = await startApi(bench, config.port);
  const [worker] = await startWorkers(bench, 1);
  const officers = await logInOfficers(base);
  const call = await publishedCall(
    base,
    officers.nstc,
    officers.gacr,
    callInput(agencies, { title: 'Bench assignment call', minReviewsPerProposal: config.minReviews, maxAssignmentsPerReviewer: size.cap }),
  );
  await db.query(
    `UPDATE call SET state = 'IN_REVIEW', opens_at = now() - interval '40 days', closes_at = now() - interval '10 days' WHERE id = $1`,
    [call.id],
  );
  log(`seeding ${size.proposals} proposals and ${size.reviewers} reviewers...`);
  await insertReviewPool(db, {
    callId: call.id,
    proposals: size.proposals,
    reviewers: size.reviewers,
    agencyIds: [agencies.get('NSTC')!.id, agencies.get('GACR')!.id],
  });
  const workerIdleBytes = await idleRss(worker.pid);
  const watch = watchRss(worker.pid);
  const started = performance.now();
  const asked = await api(base)
    .post(`/api/v1/calls/${call.id}/assignment-plans`)
    .set(officers.nstc.auth)
    .send({ candidatesPerProposal: config.candidates })
    .expect(202);
  const progressSeen: number[] = [];
  let plan: PlanBody;
  for (;;) {
    worker.assertAlive('while solving');
    plan = (
      await api(base)
        .get(`/api/v1/assignment-plans/${(asked.body as PlanBody).id}`)
        .set(officers.nstc.auth)
        .expect(200)
    ).body as PlanBody;
    if (!['QUEUED', 'RUNNING'].includes(plan.state)) break;
    if (plan.state === 'RUNNING') progressSeen.push(plan.progress);
    if (performance.now() - started > config.timeoutS * 1000) throw new Error('the plan took longer than the time budget');
    await sleep(250);
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = watch();
  if (plan.infeasibility) {
    const { shortfall, shortages, contention } = plan.infeasibility;
    log(
      `no plan: ${shortfall} reviews short; ${shortages.length} proposal shortage(s), first ${JSON.stringify(shortages[0])}; ` +
        `${contention.length} contention group(s), first: ${contention[0]?.needed} needed, ${contention[0]?.missing} missing, ${contention[0]?.reviewerIds.length} reviewers`,
    );
  }
  // Every hard constraint, checked on the answer.
  const violations: string[] = [];
  const pairs = plan.pairs ?? [];
  const byProposal = new Map<string, string[]>();
  for (const pair of pairs) byProposal.set(pair.proposalId, [...(byProposal.get(pair.proposalId) ?? []), pair.reviewerAgencyId]);
  if (byProposal.size !== size.proposals) violations.push(`${byProposal.size} of ${size.proposals} proposals planned`);
  for (const [proposalId, agencyIds] of byProposal) {
    if (agencyIds.length !== config.minReviews) violations.push(`${proposalId}: ${agencyIds.length} reviewers`);
    if (new Set(agencyIds).size !== 2) violations.push(`${proposalId}: one agency only`);
  }
  for (const load of plan.loads ?? []) if (load.current + load.planned > load.cap) violations.push(`${load.reviewerId} over the cap`);
  if (new Set(pairs.map((pair) => `${pair.proposalId}/${pair.reviewerId}`)).size !== pairs.length) violations.push('a pair twice');
  let confirm: SystemRun['confirm'] = null;
  if (config.confirm && plan.state === 'READY') {
    log(`confirming ${pairs.length} pairs...`);
    const confirmStarted = performance.now();
    const confirmed = await api(base)
      .post(`/api/v1/assignment-plans/${plan.id}/confirm`)
      .set(officers.nstc.auth)
      .timeout(config.timeoutS * 1000)
      .send({ version: plan.version })
      .expect(200);
    const { created, refused } = (confirmed.body as { confirmation: { created: unknown[]; refused: unknown[] } }).confirmation;
    confirm = { seconds: (performance.now() - confirmStarted) / 1000, created: created.length, refused: refused.length };
    log(`confirmed in ${fixed(confirm.seconds, 1)} s: ${confirm.created} assigned, ${confirm.refused} refused`);
  }
  return {
    ...size,
    confirm,
    state: plan.state,
    seconds,
    progressSeen,
    workerIdleBytes,
    workerPeakBytes: rss.peak,
    stats: plan.stats ?? {},
    violations: violations.slice(0, 10),
    pairs: pairs.length,
  };
}

async function main(bench: Bench): Promise<number> {
  const problems: string[] = [];
  const runs: Run[] = [];
  const scenarios: Scenario[] = config.sizes.map((size) => ({ ...size, cap: config.cap }));
  if (config.tightCap > 0) scenarios.push({ ...config.sizes[0], cap: config.tightCap });
  const same = (a: Scenario, b: Scenario) => a.proposals === b.proposals && a.reviewers === b.reviewers && a.cap === b.cap;
  for (const size of scenarios) {
    for (const solver of config.lp ? (['flow', 'lp'] as const) : (['flow'] as const)) {
      log(`${solver}: ${size.proposals} proposals x ${size.reviewers} reviewers, cap ${size.cap}...`);
      const run = await solveInChild(bench, solver, size);
      log(`${solver}: ${fixed(run.done.millis / 1000, 2)} s, peak ${mib(run.peakRssBytes)} MiB, objective ${run.done.objective}`);
      runs.push(run);
    }
    const flow = runs.find((r) => r.solver === 'flow' && same(r, size))!;
    const lp = runs.find((r) => r.solver === 'lp' && same(r, size));
    const label = `${size.proposals} x ${size.reviewers}, cap ${size.cap}`;
    if (flow.done.violations > 0) problems.push(`${label}: the flow's plan breaks ${flow.done.violations} hard constraint(s)`);
    if (!flow.done.feasible) problems.push(`${label}: the flow found no plan (shortfall ${String(flow.done.detail.shortfall)})`);
    if (flow.done.millis > config.targetS * 1000) problems.push(`${label}: ${fixed(flow.done.millis / 1000)} s, over ${config.targetS} s`);
    if (flow.peakRssBytes > config.targetMiB * 2 ** 20)
      problems.push(`${label}: peak RSS ${mib(flow.peakRssBytes)} MiB, over ${config.targetMiB} MiB`);
    if (lp) {
      if (lp.done.feasible !== flow.done.feasible) problems.push(`${label}: LP feasible ${lp.done.feasible}, flow ${flow.done.feasible}`);
      if (lp.done.fractional > 0) problems.push(`${label}: LP optimum has ${lp.done.fractional} fractional values`);
      if (lp.done.violations > 0) problems.push(`${label}: LP plan breaks ${lp.done.violations} hard constraint(s)`);
      const gap = Math.abs((lp.done.objective ?? 0) - (flow.done.objective ?? 0));
      if (gap > 1e-6 * Math.max(1, Math.abs(flow.done.objective ?? 0))) problems.push(`${label}: objectives differ by ${gap}`);
    }
  }
  let system: SystemRun | null = null;
  if (config.system) {
    system = await throughTheWorker(bench, { ...config.sizes[0], cap: config.cap });
    log(`through the worker: ${system.state} in ${fixed(system.seconds, 2)} s, worker peak ${mib(system.workerPeakBytes)} MiB`);
    log(`the plan's solver figures: ${JSON.stringify(system.stats)}`);
    const label = `through the worker, ${system.proposals} x ${system.reviewers}`;
    if (system.state !== 'READY') problems.push(`${label}: the plan is ${system.state}`);
    if (system.violations.length > 0) problems.push(`${label}: ${system.violations.join('; ')}`);
    if (system.seconds > config.targetS) problems.push(`${label}: ${fixed(system.seconds)} s, over ${config.targetS} s`);
    if (system.workerPeakBytes > config.targetMiB * 2 ** 20) problems.push(`${label}: worker peak RSS ${mib(system.workerPeakBytes)} MiB`);
  }
  const rows: Cell[][] = [
    [
      'proposals x reviewers',
      'cap',
      'candidates',
      'solver',
      'seconds',
      'CPU seconds',
      'peak RSS MiB',
      'RSS before MiB',
      'objective',
      'pairs',
      'vs flow',
    ],
  ];
  for (const run of runs) {
    const flow = runs.find((r) => r.solver === 'flow' && same(r, run))!;
    rows.push([
      `${run.proposals} x ${run.reviewers}`,
      run.cap,
      run.candidates,
      run.solver === 'flow' ? 'min-cost flow' : 'HiGHS LP (wasm)',
      fixed(run.done.millis / 1000, 2),
      fixed(run.done.cpuMillis / 1000, 2),
      mib(run.peakRssBytes),
      mib(run.readyRssBytes),
      run.done.objective === null ? 'none' : fixed(run.done.objective, 4),
      run.done.pairs,
      run.solver === 'flow' ? '' : times(run.done.millis / flow.done.millis, 1),
    ]);
  }
  return finishReport(
    'assign',
    {
      title: `Whole-call assignment: ${config.minReviews} reviews per proposal incl. one per agency, ${config.candidates} candidates per proposal`,
      blocks: [
        table(rows),
        ...(system
          ? [
              `Through the API and a worker process (${system.proposals} proposals x ${system.reviewers} reviewers seeded in PostgreSQL, cap ${system.cap}):\n` +
                table([
                  [
                    'POST to READY s',
                    'candidates SQL + conflicts s',
                    'solve s',
                    'worker RSS idle MiB',
                    'worker peak MiB',
                    'candidates',
                    'pairs',
                    'progress seen',
                  ],
                  [
                    fixed(system.seconds, 2),
                    fixed((system.stats.loadMillis ?? NaN) / 1000, 2),
                    fixed((system.stats.millis ?? NaN) / 1000, 2),
                    mib(system.workerIdleBytes),
                    mib(system.workerPeakBytes),
                    system.stats.candidates ?? 'n/a',
                    system.pairs,
                    progressSample(system.progressSeen),
                  ],
                ]),
            ]
          : []),
      ],
      checked: "every plan meets every hard constraint; the LP's optimum is integral and has the flow's objective",
      problems,
      notes: [
        "seconds = wall time of the solve alone (the instance is generated first), CPU seconds = the child's user + system time over it (less disturbed by other load); peak RSS = VmRSS of the solving child, polled every 20 ms, and its VmHWM reset before the solve.",
        'The flow is the application code (src/assignment-plans/solver); the LP is bench/lib/assignment-lp.ts with HiGHS defaults (dual simplex).',
        ...(system?.confirm
          ? [
              `Confirmation (BENCH_CONFIRM=1): ${system.confirm.created} pairs assigned and invited, ${system.confirm.refused} refused, in ${fixed(system.confirm.seconds, 1)} s (one request, one transaction).`,
            ]
          : []),
        ...runs
          .filter((run) => run.solver === 'lp')
          .map(
            (run) =>
              `LP ${run.proposals} x ${run.reviewers} cap ${run.cap}: build ${fixed(Number(run.done.detail.buildMillis) / 1000, 2)} s, HiGHS ${fixed(Number(run.done.detail.solveMillis) / 1000, 2)} s, wasm heap ${mib(Number(run.done.detail.wasmHeapBytes))} MiB.`,
          ),
        ...runs
          .filter((run) => run.solver === 'flow')
          .map(
            (run) =>
              `flow ${run.proposals} x ${run.reviewers} cap ${run.cap}: maximum flow (a plan exists?) ${fixed(Number(run.done.detail.maxFlowMillis) / 1000, 2)} s, then ${String(run.done.detail.pushes)} pushes and ${String(run.done.detail.relabels)} relabels.`,
          ),
      ],
    },
    { config, runs, system },
  );
}

new Bench('assign', { timeoutS: config.timeoutS }).run(main);
