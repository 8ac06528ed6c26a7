/**
 * Summarises a V8 CPU profile (`*.cpuprofile`, as BENCH_CPU_PROF writes them): where the process spent its time, by
 * package (self time), by function (self time) and, for the functions whose frame matches an optional pattern,
 * inclusive time (counted once per sampled stack). Usage, after `npm run build:bench`:
 *
 *   node dist/bench/profile.js bench/results/profiles/http/api/CPU.*.cpuprofile [top=40] [pattern]
 *
 * e.g. `... 40 'dist/src|typeorm|pg/lib|@nestjs|fastify|pino|jsonwebtoken|async_hooks'`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArgument, pattern] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node dist/bench/profile.js <file.cpuprofile> [top] [pattern]\n');
  process.exit(1);
}
const top = Number(topArgument ?? 40);
const filter = pattern ? new RegExp(pattern) : null;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const shortUrl = (url: string) => url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, '');
const frame = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber}`;
const packageOf = (url: string) => {
  if (!url) return '(native, V8, GC, idle)';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  if (url.includes('/dist/src/')) return `app: ${url.split('/dist/src/')[1].split('/')[0]}`;
  return url.startsWith('node:') ? url : shortUrl(url);
};
const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);

const self = new Map<string, number>();
const packages = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  total += ms;
  const node = byId.get(id)!;
  add(self, frame(node), ms);
  add(packages, packageOf(node.callFrame.url), ms);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const name = frame(byId.get(at)!);
    if (!seen.has(name)) {
      seen.add(name);
      add(inclusive, name, ms);
    }
  }
});

const print = (title: string, map: Map<string, number>, keep: (key: string) => boolean = () => true) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, ms] of [...map]
    .filter(([key]) => keep(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    process.stdout.write(`${ms.toFixed(0).padStart(8)} ms  ${key}\n`);
};
const idle = ['(idle)', '(program)', '(garbage collector)'].map((name) => `${name} ${(self.get(`${name} :-1`) ?? 0).toFixed(0)} ms`);
process.stdout.write(`${file}: ${total.toFixed(0)} ms sampled; ${idle.join(', ')}\n`);
print('self time by package', packages);
print('self time by function', self);
print(`inclusive time${filter ? ` of frames matching /${pattern}/` : ''}`, inclusive, (key) => !filter || filter.test(key));
