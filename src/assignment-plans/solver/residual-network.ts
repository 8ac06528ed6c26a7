/** Arcs of a flow network, column-wise: arc k goes from[k] -> to[k] with a capacity and a cost per unit. */
export interface FlowArcs {
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly capacity: Int32Array;
  readonly cost: Float64Array;
}

/**
 * A flow network's residual arcs over typed arrays: arc k's forward residual arc is 2k and its reverse 2k + 1
 * (so a ^ 1 is the partner of a), each node's residual arcs are contiguous in outArcs. Node excess starts at the
 * supply (positive: units to send; negative: units to receive).
 */
export class ResidualNetwork {
  readonly head: Int32Array;
  readonly residual: Int32Array;
  readonly cost: Float64Array;
  /** Residual arcs of node v are outArcs[outStart[v] .. outStart[v + 1]). */
  readonly outStart: Int32Array;
  readonly outArcs: Int32Array;
  readonly excess: Int32Array;

  constructor(
    readonly nodeCount: number,
    arcs: FlowArcs,
    supply: Int32Array,
  ) {
    const m = arcs.from.length;
    this.head = new Int32Array(2 * m);
    this.residual = new Int32Array(2 * m);
    this.cost = new Float64Array(2 * m);
    const start = new Int32Array(nodeCount + 1);
    for (let k = 0; k < m; k++) {
      if (arcs.capacity[k] < 0) throw new RangeError(`arc ${k}: capacity ${arcs.capacity[k]}`);
      if (!Number.isFinite(arcs.cost[k])) throw new RangeError(`arc ${k}: cost ${arcs.cost[k]}`);
      this.head[2 * k] = arcs.to[k];
      this.head[2 * k + 1] = arcs.from[k];
      this.residual[2 * k] = arcs.capacity[k];
      this.cost[2 * k] = arcs.cost[k];
      this.cost[2 * k + 1] = -arcs.cost[k];
      start[arcs.from[k] + 1]++;
      start[arcs.to[k] + 1]++;
    }
    for (let v = 0; v < nodeCount; v++) start[v + 1] += start[v];
    this.outStart = start;
    this.outArcs = new Int32Array(2 * m);
    const fill = start.slice(0, nodeCount);
    for (let k = 0; k < m; k++) {
      this.outArcs[fill[arcs.from[k]]++] = 2 * k;
      this.outArcs[fill[arcs.to[k]]++] = 2 * k + 1;
    }
    this.excess = Int32Array.from(supply);
  }

  /** Flow on original arc k. */
  flow(k: number): number {
    return this.residual[2 * k + 1];
  }

  /** Moves `amount` units along residual arc a. */
  push(a: number, amount: number): void {
    this.residual[a] -= amount;
    this.residual[a ^ 1] += amount;
    this.excess[this.head[a ^ 1]] -= amount;
    this.excess[this.head[a]] += amount;
  }

  /** Nodes reachable from the given ones along residual arcs (for a maximum flow: a minimum cut's source side). */
  reachable(from: Iterable<number>): Uint8Array {
    const seen = new Uint8Array(this.nodeCount);
    const stack: number[] = [];
    for (const v of from) {
      if (!seen[v]) {
        seen[v] = 1;
        stack.push(v);
      }
    }
    while (stack.length > 0) {
      const u = stack.pop()!;
      for (let i = this.outStart[u]; i < this.outStart[u + 1]; i++) {
        const a = this.outArcs[i];
        const v = this.head[a];
        if (this.residual[a] > 0 && !seen[v]) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
    return seen;
  }
}
