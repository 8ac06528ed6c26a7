/**
 * Minimum-cost flow by successive shortest paths (our own implementation; plain TypeScript over typed arrays).
 *
 * Nodes carry supplies (positive: units to send; negative: units to receive). Each unit is sent from a node with
 * supply left along a shortest path of the residual network to a node with demand left. Costs must be
 * non-negative; node potentials keep the reduced costs non-negative as flow changes, so each shortest path is one
 * Dijkstra search. The search stops as soon as it takes a node with demand (only the nodes nearer than it were
 * labelled for good), and only those nodes' potentials move: pi(v) += d(v) - d(sink), which keeps every residual
 * reduced cost non-negative (for an arc u->v with u taken, d(v) <= d(u) + rc(u,v); otherwise d(u) >= d(sink)).
 * So a search costs what it explores, not the size of the network: in an assignment most units go to their
 * proposal's best reviewer with spare capacity after a few steps, and only contended ones search further.
 *
 * Why the result is optimal: a flow with no negative-cost cycle in its residual network is cheapest for its
 * value, and augmenting along a shortest path keeps that true (the classical SSP invariant). Why a unit that cannot
 * be sent now never can be later: the nodes its search reached have no residual arc leaving them, so no later
 * path (which starts and ends outside them) can enter them; when every source is done, the flow is a maximum one
 * and the reached nodes are the source side of a minimum cut (what explainInfeasibility reads).
 *
 * Costs should be integers (the assignment scales fits to integers) so that sums and comparisons are exact.
 */
export interface FlowArcs {
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly capacity: Int32Array;
  readonly cost: Float64Array;
}

export class MinCostFlow {
  readonly nodeCount: number;
  /** Residual arcs: 2k is arc k forward, 2k + 1 its reverse. */
  readonly head: Int32Array;
  readonly residual: Int32Array;
  private readonly cost: Float64Array;
  /** Out-arcs of node v (forward and reverse residual arcs) are outArcs[outStart[v] .. outStart[v + 1]). */
  private readonly outStart: Int32Array;
  private readonly outArcs: Int32Array;
  readonly excess: Int32Array;
  private readonly pi: Float64Array;
  // Dijkstra's working arrays, reset after each search for the nodes it touched.
  private readonly dist: Float64Array;
  private readonly via: Int32Array;
  private readonly mark: Uint8Array;
  /** Nodes from which no sink can ever be reached again (reached by a search that found none): skipped. */
  private readonly dead: Uint8Array;
  private readonly heap: Int32Array;
  private readonly heapIndex: Int32Array;
  private heapSize = 0;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** Nodes taken by the last search, in order (the first takenCount entries). */
  private readonly taken: Int32Array;
  private takenCount = 0;
  /** Arcs scanned by all searches so far: the work done, for statistics. */
  scannedArcs = 0;
  augmentations = 0;

  constructor(nodeCount: number, arcs: FlowArcs, supply: Int32Array) {
    const m = arcs.from.length;
    this.nodeCount = nodeCount;
    this.head = new Int32Array(2 * m);
    this.residual = new Int32Array(2 * m);
    this.cost = new Float64Array(2 * m);
    const degree = new Int32Array(nodeCount + 1);
    for (let k = 0; k < m; k++) {
      if (arcs.cost[k] < 0 || !Number.isFinite(arcs.cost[k])) throw new RangeError(`arc ${k}: cost ${arcs.cost[k]}`);
      if (arcs.capacity[k] < 0) throw new RangeError(`arc ${k}: capacity ${arcs.capacity[k]}`);
      this.head[2 * k] = arcs.to[k];
      this.head[2 * k + 1] = arcs.from[k];
      this.residual[2 * k] = arcs.capacity[k];
      this.cost[2 * k] = arcs.cost[k];
      this.cost[2 * k + 1] = -arcs.cost[k];
      degree[arcs.from[k] + 1]++;
      degree[arcs.to[k] + 1]++;
    }
    for (let v = 0; v < nodeCount; v++) degree[v + 1] += degree[v];
    this.outStart = degree;
    this.outArcs = new Int32Array(2 * m);
    const fill = this.outStart.slice(0, nodeCount);
    for (let k = 0; k < m; k++) {
      this.outArcs[fill[arcs.from[k]]++] = 2 * k;
      this.outArcs[fill[arcs.to[k]]++] = 2 * k + 1;
    }
    this.excess = Int32Array.from(supply);
    this.pi = new Float64Array(nodeCount);
    this.dist = new Float64Array(nodeCount).fill(Infinity);
    this.via = new Int32Array(nodeCount).fill(-1);
    this.mark = new Uint8Array(nodeCount);
    this.dead = new Uint8Array(nodeCount);
    this.heap = new Int32Array(nodeCount);
    this.heapIndex = new Int32Array(nodeCount).fill(-1);
    this.touched = new Int32Array(nodeCount);
    this.taken = new Int32Array(nodeCount);
  }

  /** Flow on original arc k. */
  flow(k: number): number {
    return this.residual[2 * k + 1];
  }

  /**
   * Sends as many of source's units as can go, each along a shortest path. Returns the units left at the source
   * (non-zero only when no path remains, which is final).
   */
  sendFrom(source: number): number {
    while (this.excess[source] > 0) {
      const sink = this.shortestPath(source);
      if (sink < 0) {
        // The search took every node reachable from the source: none leads to a sink, now or later.
        for (let i = 0; i < this.takenCount; i++) this.dead[this.taken[i]] = 1;
        this.reset();
        return this.excess[source];
      }
      this.augment(source, sink);
      this.reset();
    }
    return 0;
  }

  /** Nodes reachable from the given ones in the residual network (used for the minimum cut). */
  reachable(from: readonly number[]): Uint8Array {
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

  /** Dijkstra on reduced costs from source until a node with demand is taken; -1 when none is reachable. */
  private shortestPath(source: number): number {
    const { dist, via, mark, head, residual, cost, pi, outStart, outArcs, excess } = this;
    this.touch(source);
    dist[source] = 0;
    this.push(source);
    while (this.heapSize > 0) {
      const u = this.pop();
      mark[u] = 2;
      this.taken[this.takenCount++] = u;
      if (excess[u] < 0) return u;
      const du = dist[u] + pi[u];
      const end = outStart[u + 1];
      this.scannedArcs += end - outStart[u];
      for (let i = outStart[u]; i < end; i++) {
        const a = outArcs[i];
        if (residual[a] === 0) continue;
        const v = head[a];
        if (mark[v] === 2 || this.dead[v]) continue;
        const dv = du + cost[a] - pi[v];
        if (dv < dist[v]) {
          if (mark[v] === 0) this.touch(v);
          dist[v] = dv;
          via[v] = a;
          if (mark[v] === 0) {
            mark[v] = 1;
            this.push(v);
          } else {
            this.siftUp(this.heapIndex[v]);
          }
        }
      }
    }
    return -1;
  }

  private augment(source: number, sink: number): void {
    const { dist, pi, via, head, residual, taken } = this;
    const dSink = dist[sink];
    for (let i = 0; i < this.takenCount; i++) {
      const v = taken[i];
      pi[v] += dist[v] - dSink;
    }
    let amount = Math.min(this.excess[source], -this.excess[sink]);
    for (let v = sink; v !== source; v = head[via[v] ^ 1]) amount = Math.min(amount, residual[via[v]]);
    for (let v = sink; v !== source; v = head[via[v] ^ 1]) {
      residual[via[v]] -= amount;
      residual[via[v] ^ 1] += amount;
    }
    this.excess[source] -= amount;
    this.excess[sink] += amount;
    this.augmentations++;
  }

  private touch(v: number): void {
    this.touched[this.touchedCount++] = v;
  }

  private reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const v = this.touched[i];
      this.dist[v] = Infinity;
      this.via[v] = -1;
      this.mark[v] = 0;
      this.heapIndex[v] = -1;
    }
    this.touchedCount = 0;
    this.takenCount = 0;
    this.heapSize = 0;
  }

  // A binary heap of nodes keyed by dist, with each node's position for decrease-key.
  private push(v: number): void {
    this.heap[this.heapSize] = v;
    this.heapIndex[v] = this.heapSize;
    this.siftUp(this.heapSize++);
  }

  private pop(): number {
    const { heap, heapIndex } = this;
    const top = heap[0];
    const last = heap[--this.heapSize];
    heapIndex[top] = -1;
    if (this.heapSize > 0) {
      heap[0] = last;
      heapIndex[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(i: number): void {
    const { heap, heapIndex, dist } = this;
    const v = heap[i];
    const key = dist[v];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const w = heap[parent];
      if (dist[w] <= key) break;
      heap[i] = w;
      heapIndex[w] = i;
      i = parent;
    }
    heap[i] = v;
    heapIndex[v] = i;
  }

  private siftDown(i: number): void {
    const { heap, heapIndex, dist } = this;
    const n = this.heapSize;
    const v = heap[i];
    const key = dist[v];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && dist[heap[child + 1]] < dist[heap[child]]) child++;
      const w = heap[child];
      if (dist[w] >= key) break;
      heap[i] = w;
      heapIndex[w] = i;
      i = child;
    }
    heap[i] = v;
    heapIndex[v] = i;
  }
}
