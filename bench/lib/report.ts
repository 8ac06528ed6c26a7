import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { CpuUse } from './processes';
import { log, RESULTS, ROOT } from './run';

export type Cell = string | number;

/** A number with `digits` decimals, or 'n/a'. */
export const fixed = (value: number | null | undefined, digits = 1): string =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a';

/** A ratio as "0.33x". */
export const times = (value: number, digits = 2): string => (Number.isFinite(value) ? `${value.toFixed(digits)}x` : 'n/a');

export const MiB = 1024 * 1024;
export const mib = (bytes: number | null | undefined): string => (typeof bytes === 'number' ? fixed(bytes / MiB, 1) : 'n/a');

/** A plain-text table: the first row is the header; the first column is left-aligned, the others right-aligned. */
export function table(rows: Cell[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? '').length)));
  const line = (row: Cell[]) =>
    row
      .map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell ?? '').padStart(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * Average CPU cores used during each phase: the whole machine, then each group of cpuWindow() named in `groups`
 * (key -> column header), e.g. { api: 'API', pgBench: 'pg (bench db)', bench: 'bench', redis: 'redis', other: 'other' }.
 */
export function cpuTable(phases: readonly (readonly [string, CpuUse])[], groups: Record<string, string>): string {
  return table([
    ['CPU cores used (average over the run)', 'machine', ...Object.values(groups)],
    ...phases.map(([label, cpu]) => [
      label,
      fixed(cpu.machineBusyCores, 2),
      ...Object.keys(groups).map((group) => fixed(cpu.cores[group] ?? 0, 2)),
    ]),
  ]);
}

export interface Machine {
  node: string;
  cpus: number;
  cpuModel: string;
  platform: string;
  memoryMiB: number;
}

export function machine(): Machine {
  const list = cpus();
  return {
    node: process.version,
    cpus: list.length,
    cpuModel: list[0]?.model?.trim() ?? 'unknown CPU',
    platform: `${platform()} ${release()}`,
    memoryMiB: Math.round(totalmem() / MiB),
  };
}

export interface GitState {
  commit: string;
  dirty: boolean;
}

export function gitState(): GitState | null {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain') !== '' };
  } catch {
    return null;
  }
}

/** "node v20.20.2, 2 x AMD EPYC, 24105 MiB RAM, linux 6.1, commit abc1234" */
export const machineLine = (m: Machine, git: GitState | null): string =>
  `node ${m.node}, ${m.cpus} x ${m.cpuModel}, ${m.memoryMiB} MiB RAM, ${m.platform}` +
  (git ? `, commit ${git.commit}${git.dirty ? ' (dirty tree)' : ''}` : '');

export interface Report {
  /** What was measured, first line of the output. */
  title: string;
  /** Tables and paragraphs, printed in order. */
  blocks: string[];
  /** What the checks verified, e.g. "300 answered = 43 accepted + 257 refused". */
  checked: string;
  /** Failed checks; the run exits with 2 when there are any. */
  problems: string[];
  notes: string[];
}

/** Prints the report on stdout, writes bench/results/<name>.json; returns the exit code (2 when a check failed). */
export function finishReport(name: string, report: Report, results: Record<string, unknown>): number {
  const m = machine();
  const git = gitState();
  const checks = report.problems.length ? `\nPROBLEMS:\n${report.problems.map((problem) => `  ! ${problem}`).join('\n')}` : ' - OK';
  process.stdout.write(
    `\n${report.title}\n${machineLine(m, git)}\n\n${report.blocks.join('\n\n')}\n\n` +
      `Checks: ${report.checked}${checks}\n\n${report.notes.map((note) => `* ${note}`).join('\n')}\n`,
  );
  const file = join(RESULTS, `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const json = {
    benchmark: report.title,
    date: new Date().toISOString(),
    machine: m,
    git,
    ...results,
    problems: report.problems,
    notes: report.notes,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  log(`wrote ${relative(ROOT, file)}`);
  return report.problems.length === 0 ? 0 : 2;
}
