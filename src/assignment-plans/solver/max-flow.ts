import { ResidualNetwork } from './residual-network';

/**
 * Sends as much of the supply as can reach the demand (Dinic: level graphs from every node with excess, blocking
 * flows by depth-first search with a current arc per node). Afterwards the nodes with excess left are the units
 * no flow can place, and the nodes reachable from them are the source side of a minimum cut.
 * Returns the number of units placed.
 */
export function maxFlow(net: ResidualNetwork): number {
  const { nodeCount, head, residual, outStart, outArcs, excess } = net;
  const level = new Int32Array(nodeCount);
  const current = new Int32Array(nodeCount);
  const queue = new Int32Array(nodeCount);
  const path: number[] = [];
  let placed = 0;
  for (;;) {
    level.fill(-1);
    let tail = 0;
    for (let v = 0; v < nodeCount; v++) {
      if (excess[v] > 0) {
        level[v] = 0;
        queue[tail++] = v;
      }
    }
    let reached = false;
    for (let h = 0; h < tail; h++) {
      const u = queue[h];
      for (let i = outStart[u]; i < outStart[u + 1]; i++) {
        const a = outArcs[i];
        const v = head[a];
        if (residual[a] > 0 && level[v] < 0) {
          level[v] = level[u] + 1;
          if (excess[v] < 0) reached = true;
          queue[tail++] = v;
        }
      }
    }
    if (!reached) return placed;
    current.set(outStart.subarray(0, nodeCount));
    for (let s = 0; s < nodeCount; s++) {
      if (level[s] !== 0) continue;
      // Advance along the level graph to a node with demand, augment, retreat to the first saturated arc.
      let u = s;
      path.length = 0;
      while (excess[s] > 0) {
        if (u !== s && excess[u] < 0) {
          let amount = Math.min(excess[s], -excess[u]);
          for (const a of path) amount = Math.min(amount, residual[a]);
          for (const a of path) net.push(a, amount);
          placed += amount;
          let keep = 0;
          while (keep < path.length && residual[path[keep]] > 0) keep++;
          path.length = keep;
          u = keep === 0 ? s : head[path[keep - 1]];
          continue;
        }
        let advanced = false;
        for (const end = outStart[u + 1]; current[u] < end; current[u]++) {
          const a = outArcs[current[u]];
          const v = head[a];
          if (residual[a] > 0 && level[v] === level[u] + 1) {
            path.push(a);
            u = v;
            advanced = true;
            break;
          }
        }
        if (advanced) continue;
        if (u === s) break;
        level[u] = -1; // a dead end in this level graph
        const a = path.pop()!;
        u = head[a ^ 1];
        current[u]++;
      }
    }
  }
}
