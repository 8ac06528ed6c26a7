/**
 * Reminder sweep: the cost of settling 1,000 due reminders when they are the only pending ones, and when they are
 * among 100,000 pending (the others due over the next 30 days). Settings: bench/README.md.
 *
 * The real ReminderSweepService runs in this process (a minimal Nest context on the bench database) with a
 * handler for kind BENCH that sends no e-mail, so each due reminder becomes OBSOLETE. One table holds all the
 * reminders: in case (a) the ones not due are CANCELLED (outside the partial index IDX_reminder_due), in case (b)
 * PENDING. The cases alternate for BENCH_SWEEP_ROUNDS rounds after a discarded one, the due reminders reset to
 * PENDING and the table VACUUM ANALYZEd before each sweep. Then EXPLAIN (ANALYZE, BUFFERS) of the sweep's own due
 * query (captured from the pg client as the sweep sent it) in both cases, and with index scans disabled.
 */
import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Client } from 'pg';
import { OutboxService } from '../src/notifications/outbox.service';
import { HandlesReminder, ReminderHandler, ReminderHandlers } from '../src/notifications/reminders/reminder-handler';
import { ReminderSweepService } from '../src/notifications/reminders/reminder-sweep.service';
import { connect, prepareDatabase } from './lib/database';
import { benchContext } from './lib/nest';
import { Cell, finishReport, fixed, table, times } from './lib/report';
import { Bench, log, numberEnv } from './lib/run';
import { median, ratio, rounds } from './lib/stats';

const config = {
  reminders: numberEnv('BENCH_REMINDERS', 100_000),
  due: numberEnv('BENCH_DUE', 1000),
  sweepRounds: numberEnv('BENCH_SWEEP_ROUNDS', 5),
  timeoutS: numberEnv('BENCH_TIMEOUT_S', 600, { min: 60 }),
};

@Injectable()
@HandlesReminder('BENCH')
class ObsoleteReminderHandler implements ReminderHandler {
  async evaluate() {
    return [];
  }
}

/** Records the first query this process sends through pg that matches `pattern` (e.g. the sweep's due query). */
function captureQuery(pattern: RegExp): { stop(): { sql: string; parameters: unknown[] } | null } {
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let captured: { sql: string; parameters: unknown[] } | null = null;
  prototype.query = function (this: Client, ...args: unknown[]) {
    if (!captured && typeof args[0] === 'string' && pattern.test(args[0]))
      captured = { sql: args[0], parameters: (args[1] as unknown[]) ?? [] };
    return original.apply(this, args);
  };
  return {
    stop: () => {
      prototype.query = original;
      return captured;
    },
  };
}

async function insertReminders(db: Client, count: number, dueAtSql: string): Promise<void> {
  for (let done = 0; done < count; done += 20_000) {
    await db.query(
      `INSERT INTO reminder (kind, subject_type, subject_id, recipient_id, due_at, expectation)
       SELECT 'BENCH', 'BENCH', gen_random_uuid(), gen_random_uuid(), ${dueAtSql}, '{"bench": true}'::jsonb
         FROM generate_series($1::int, $2::int) AS g`,
      [done + 1, done + Math.min(20_000, count - done)],
    );
  }
}

/** (a) 'small': the reminders not due CANCELLED, so the due ones are the only pending ones; (b) 'large': all pending. */
async function setCase(db: Client, name: 'small' | 'large') {
  const others = name === 'small' ? 'CANCELLED' : 'PENDING';
  await db.query(
    `UPDATE reminder SET status = $1, settled_at = CASE WHEN $1 = 'PENDING' THEN NULL ELSE now() END
      WHERE kind = 'BENCH' AND due_at > now() AND status <> $1`,
    [others],
  );
  await db.query(`UPDATE reminder SET status = 'PENDING', settled_at = NULL WHERE kind = 'BENCH' AND due_at <= now()`);
  await db.query('VACUUM ANALYZE reminder');
  const { rows } = await db.query<{ pending: number; due: number; total: number }>(
    `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
            count(*) FILTER (WHERE status = 'PENDING' AND due_at <= now())::int AS due, count(*)::int AS total FROM reminder`,
  );
  return rows[0];
}

/** EXPLAIN (ANALYZE, BUFFERS) of the due query, in a transaction rolled back (it locks rows). */
async function explain(db: Client, query: { sql: string; parameters: unknown[] }, seqScan = false) {
  await db.query('BEGIN');
  try {
    if (seqScan) for (const setting of ['indexscan', 'indexonlyscan', 'bitmapscan']) await db.query(`SET LOCAL enable_${setting} = off`);
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.parameters);
    const plan = rows.map((row) => row['QUERY PLAN']);
    return {
      plan,
      executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1]),
      usesDueIndex: plan.some((line) => /Index Scan using "?IDX_reminder_due"?/.test(line)),
      seqScan: plan.some((line) => line.includes('Seq Scan on')),
    };
  } finally {
    await db.query('ROLLBACK');
  }
}

async function main(bench: Bench): Promise<number> {
  await prepareDatabase(bench, { seed: 'none' });
  const db = await connect(bench);
  const futureCount = config.reminders - config.due;
  const step = Math.max(1, Math.floor((30 * 24 * 3600) / Math.max(1, futureCount))); // spread over the next 30 days
  await insertReminders(db, config.due, 'now() - make_interval(secs => g)');
  await insertReminders(db, futureCount, `now() + interval '1 hour' + make_interval(secs => g * ${step})`);
  const context = await benchContext(bench, {
    imports: [DiscoveryModule],
    providers: [OutboxService, ReminderHandlers, ReminderSweepService, ObsoleteReminderHandler],
  });
  const sweeper = context.get(ReminderSweepService);

  const problems: string[] = [];
  const noState = { pending: 0, due: 0, total: 0 };
  const cases = {
    small: { label: '(a)', sweepMs: [] as number[], state: noState },
    large: { label: '(b)', sweepMs: [] as number[], state: noState },
  };
  let dueQuery: { sql: string; parameters: unknown[] } | null = null;
  for (let round = 0; round <= config.sweepRounds; round++) {
    for (const name of round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const)) {
      const current = cases[name];
      current.state = await setCase(db, name);
      const capture = captureQuery(/FROM "reminder".*FOR UPDATE SKIP LOCKED/s);
      const started = performance.now();
      const settled = await sweeper.sweep();
      const ms = performance.now() - started;
      const sent = capture.stop();
      dueQuery ??= sent;
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reminder WHERE status = 'OBSOLETE'`);
      if (settled !== config.due || rows[0].n !== config.due)
        problems.push(`${current.label} round ${round}: sweep settled ${settled}, ${rows[0].n} OBSOLETE, expected ${config.due}`);
      if (round > 0) current.sweepMs.push(ms); // round 0 warms up
      log(
        `  ${current.label} ${current.state.due} due of ${current.state.pending} pending, ${round === 0 ? 'warm-up' : `round ${round}/${config.sweepRounds}`}: ${settled} settled in ${fixed(ms, 1)} ms`,
      );
    }
  }
  if (!dueQuery) throw new Error('the sweep sent no query matching its due query');

  // The due query alone, five times on the table as each sweep found it.
  const explained = async (name: 'small' | 'large', seqScan = false) => {
    await setCase(db, name);
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await explain(db, dueQuery, seqScan));
    return { dueQueryMedianMs: median(runs.map((run) => run.executionMs)), explain: runs[runs.length - 1] };
  };
  const summary = async (name: 'small' | 'large') => ({
    ...cases[name].state,
    sweepMs: rounds(cases[name].sweepMs, 'lower'),
    ...(await explained(name)),
  });
  const small = await summary('small');
  const large = await summary('large');
  const seqScan = await explained('large', true);
  if (!large.explain.usesDueIndex) problems.push(`the due query does not use IDX_reminder_due with ${large.pending} pending`);
  const { rows: size } = await db.query<{ table_bytes: string; index_bytes: string }>(
    `SELECT pg_relation_size('reminder') AS table_bytes, pg_relation_size('"IDX_reminder_due"') AS index_bytes`,
  );
  const ratios = {
    sweepLargeOverSmall: ratio(large.sweepMs.median, small.sweepMs.median),
    dueQueryLargeOverSmall: ratio(large.dueQueryMedianMs, small.dueQueryMedianMs),
  };

  const plan = (e: { usesDueIndex: boolean; seqScan: boolean }) =>
    e.usesDueIndex ? 'Index Scan IDX_reminder_due' : e.seqScan ? 'Seq Scan' : 'other';
  const rows: Cell[][] = [
    ['reminder sweep', 'rows', 'pending', 'due', 'sweep ms (median)', 'spread', 'due query ms (median)', 'plan'],
    [
      `(a) ${config.due.toLocaleString('en')} due, no other pending`,
      small.total,
      small.pending,
      small.due,
      fixed(small.sweepMs.median),
      `${fixed(100 * small.sweepMs.spread, 0)} %`,
      fixed(small.dueQueryMedianMs, 3),
      plan(small.explain),
    ],
    [
      `(b) ${config.due.toLocaleString('en')} due among ${config.reminders.toLocaleString('en')} pending`,
      large.total,
      large.pending,
      large.due,
      fixed(large.sweepMs.median),
      `${fixed(100 * large.sweepMs.spread, 0)} %`,
      fixed(large.dueQueryMedianMs, 3),
      plan(large.explain),
    ],
    ['ratio (b)/(a)', '', '', '', times(ratios.sweepLargeOverSmall), '', times(ratios.dueQueryLargeOverSmall), ''],
    [
      '(b) with index scans disabled',
      large.total,
      large.pending,
      large.due,
      '',
      '',
      fixed(seqScan.dueQueryMedianMs, 3),
      plan(seqScan.explain),
    ],
  ];
  const indent = (lines: string[]) => lines.map((line) => `    ${line}`).join('\n');
  return finishReport(
    'reminders',
    {
      title: `Reminder sweep: ${config.due} due reminders alone, and among ${config.reminders} pending`,
      blocks: [
        table(rows),
        `Due query, ${large.pending} pending (${large.due} due):\n  ${dueQuery.sql}\n${indent(large.explain.plan)}\n` +
          `The same with index scans disabled:\n${indent(seqScan.explain.plan)}`,
      ],
      checked: `every sweep settled the ${config.due} due reminders (OBSOLETE) and no other; the due query uses IDX_reminder_due among ${large.pending} pending`,
      problems,
      notes: [
        `The real ReminderSweepService (dist) with a BENCH handler returning no e-mail (each due reminder becomes OBSOLETE); median of ` +
          `${config.sweepRounds} rounds per case after one discarded, the cases alternating on one table of ${config.reminders} reminders; ` +
          'spread = (slowest - fastest round) / median; VACUUM ANALYZE before each sweep.',
        `Due query = the SQL the sweep sent (captured from the pg client), EXPLAIN ANALYZE execution time, median of 5. ` +
          `Table ${fixed(Number(size[0].table_bytes) / 1048576, 1)} MiB, IDX_reminder_due ${fixed(Number(size[0].index_bytes) / 1024, 0)} KiB.`,
        "This process, PostgreSQL and the machine's other users share its cores: absolute figures are pessimistic; compare the ratios.",
      ],
    },
    {
      config,
      dueQuery,
      small,
      large,
      seqScan,
      ratios,
      tableBytes: Number(size[0].table_bytes),
      dueIndexBytes: Number(size[0].index_bytes),
    },
  );
}

new Bench('reminders', { timeoutS: config.timeoutS }).run(main);
