import { ResidualNetwork } from './residual-network';

/**
 * Minimum-cost flow by cost scaling with push-relabel (Goldberg and Tarjan's successive approximation; our own
 * implementation over typed arrays), started from a feasible flow (the maximum flow that found there is one).
 *
 * Prices p make reduced costs c(v,w) + p(v) - p(w). A flow is eps-optimal when every residual arc's reduced cost
 * is at least -eps. Each phase divides eps by ALPHA: it saturates the arcs of negative reduced cost (now every
 * residual arc is >= 0, but nodes have excess and deficit), then discharges nodes with excess, FIFO: push along
 * arcs of negative reduced cost; when there is none, lower the node's price to the highest value that keeps its
 * arcs eps-optimal while making one of them admissible. Costs are multiplied by n + 1 (n nodes), so with integer
 * costs an eps-optimal flow with eps = 1 is (1/(n+1))-optimal in the original costs, hence optimal.
 *
 * Unlike successive shortest paths, whose searches grow to the whole network when reviewers' capacity is nearly
 * used up (every late unit displaces a chain of others), a phase's work is bounded by pushes and relabels
 * whatever the contention; measured in bench:assign.
 */
/** eps is divided by ALPHA each phase; prices are updated globally after UPDATE_FACTOR x n relabels (measured). */
const ALPHA = 8;
const UPDATE_FACTOR = 2;

export class CostScaling {
  private readonly c: Float64Array;
  private readonly price: Float64Array;
  private readonly current: Int32Array;
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  private head = 0;
  private tail = 0;
  private size = 0;
  private eps: number;
  private readonly phases: number;
  private phase = 0;
  private inPhase = false;
  private relabelsSinceUpdate = 0;
  // Working arrays of the price update (a Dijkstra towards the nodes with deficit).
  private readonly distance: Float64Array;
  private readonly scanned: Uint8Array;
  private readonly heap: Int32Array;
  private readonly heapIndex: Int32Array;
  private heapSize = 0;
  pushes = 0;
  relabels = 0;
  priceUpdates = 0;

  constructor(private readonly net: ResidualNetwork) {
    const n = net.nodeCount;
    this.c = net.cost.map((cost) => cost * (n + 1));
    let most = 0;
    for (const cost of this.c) most = Math.max(most, Math.abs(cost));
    this.eps = Math.max(1, most);
    this.phases = Math.max(1, Math.ceil(Math.log(this.eps) / Math.log(ALPHA)));
    this.price = new Float64Array(n);
    this.current = new Int32Array(n);
    this.queue = new Int32Array(n);
    this.queued = new Uint8Array(n);
    this.distance = new Float64Array(n);
    this.scanned = new Uint8Array(n);
    this.heap = new Int32Array(n);
    this.heapIndex = new Int32Array(n).fill(-1);
  }

  /** The share of phases done (0..1). */
  get progress(): number {
    return Math.min(1, this.phase / this.phases);
  }

  /** Works until the flow is optimal (true) or `deadline()` says to stop for now (false). */
  run(stop: () => boolean): boolean {
    for (;;) {
      if (!this.inPhase) {
        if (this.eps <= 1 && this.phase > 0) return true;
        this.eps = Math.max(1, Math.floor(this.eps / ALPHA));
        this.startPhase();
      }
      let steps = 0;
      while (this.size > 0) {
        if (this.relabelsSinceUpdate > UPDATE_FACTOR * this.net.nodeCount) this.updatePrices();
        this.discharge(this.dequeue());
        if (++steps % 256 === 0 && stop()) return false;
      }
      this.inPhase = false;
      this.phase++;
    }
  }

  private startPhase(): void {
    const { net, c, price } = this;
    const { head, residual, outStart, outArcs, excess } = net;
    for (let v = 0; v < net.nodeCount; v++) {
      for (let i = outStart[v]; i < outStart[v + 1]; i++) {
        const a = outArcs[i];
        if (residual[a] > 0 && c[a] + price[v] - price[head[a]] < 0) net.push(a, residual[a]);
      }
    }
    this.current.set(outStart.subarray(0, net.nodeCount));
    for (let v = 0; v < net.nodeCount; v++) if (excess[v] > 0) this.enqueue(v);
    this.inPhase = true;
    this.updatePrices();
  }

  /**
   * Global price update (Goldberg's heuristic): lowers every price at once by eps times the node's distance to
   * the nodes with deficit, where a residual arc is floor(reduced cost / eps) + 1 long (0 for an admissible one).
   * Afterwards every node with excess has an admissible path to a deficit, and the flow stays eps-optimal: for
   * an arc u->v, d(u) <= len + d(v) gives a new reduced cost >= rc - eps * len >= -eps. The search stops when
   * every node with excess is scanned; the others are lowered by the last distance scanned, D, which keeps arcs
   * between the two sets eps-optimal too (an unscanned node's true distance is at least D).
   */
  private updatePrices(): void {
    const { net, c, price, distance, scanned, eps } = this;
    const { head, residual, outStart, outArcs, excess } = net;
    const n = net.nodeCount;
    distance.fill(Infinity);
    scanned.fill(0);
    this.heapSize = 0;
    let waiting = 0;
    for (let v = 0; v < n; v++) {
      if (excess[v] > 0) waiting++;
      if (excess[v] < 0) {
        distance[v] = 0;
        this.heapPush(v);
      }
    }
    let last = 0;
    while (this.heapSize > 0 && waiting > 0) {
      const w = this.heapPop();
      scanned[w] = 1;
      last = distance[w];
      if (excess[w] > 0) waiting--;
      for (let i = outStart[w]; i < outStart[w + 1]; i++) {
        const a = outArcs[i] ^ 1; // the arc v -> w
        if (residual[a] === 0) continue;
        const v = head[outArcs[i]];
        if (scanned[v]) continue;
        const length = Math.floor((c[a] + price[v] - price[w]) / eps) + 1;
        const d = last + length;
        if (d < distance[v]) {
          distance[v] = d;
          if (this.heapIndex[v] < 0) this.heapPush(v);
          else this.siftUp(this.heapIndex[v]);
        }
      }
    }
    for (let v = 0; v < n; v++) {
      price[v] -= eps * (scanned[v] ? distance[v] : last);
      this.heapIndex[v] = -1;
    }
    this.current.set(outStart.subarray(0, n));
    this.relabelsSinceUpdate = 0;
    this.priceUpdates++;
  }

  private heapPush(v: number): void {
    this.heap[this.heapSize] = v;
    this.heapIndex[v] = this.heapSize;
    this.siftUp(this.heapSize++);
  }

  private heapPop(): number {
    const { heap, heapIndex, distance } = this;
    const top = heap[0];
    heapIndex[top] = -1;
    const v = heap[--this.heapSize];
    if (this.heapSize === 0) return top;
    const key = distance[v];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.heapSize) break;
      if (child + 1 < this.heapSize && distance[heap[child + 1]] < distance[heap[child]]) child++;
      if (distance[heap[child]] >= key) break;
      heap[i] = heap[child];
      heapIndex[heap[i]] = i;
      i = child;
    }
    heap[i] = v;
    heapIndex[v] = i;
    return top;
  }

  private siftUp(i: number): void {
    const { heap, heapIndex, distance } = this;
    const v = heap[i];
    const key = distance[v];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (distance[heap[parent]] <= key) break;
      heap[i] = heap[parent];
      heapIndex[heap[i]] = i;
      i = parent;
    }
    heap[i] = v;
    heapIndex[v] = i;
  }

  private discharge(v: number): void {
    const { net, c, price, current } = this;
    const { head, residual, outStart, outArcs, excess } = net;
    const end = outStart[v + 1];
    while (excess[v] > 0) {
      let i = current[v];
      for (; i < end; i++) {
        const a = outArcs[i];
        if (residual[a] === 0) continue;
        const w = head[a];
        if (c[a] + price[v] - price[w] >= 0) continue;
        const amount = Math.min(excess[v], residual[a]);
        net.push(a, amount);
        this.pushes++;
        if (excess[w] > 0 && !this.queued[w]) this.enqueue(w);
        if (excess[v] === 0) break;
      }
      current[v] = i;
      if (excess[v] > 0) {
        // Relabel: the highest price that keeps v's residual arcs eps-optimal; its best arc becomes admissible.
        let best = -Infinity;
        for (let j = outStart[v]; j < end; j++) {
          const a = outArcs[j];
          if (residual[a] > 0) best = Math.max(best, price[head[a]] - c[a]);
        }
        if (best === -Infinity) throw new Error(`node ${v} has excess and no residual arc: the flow was not feasible`);
        price[v] = best - this.eps;
        current[v] = outStart[v];
        this.relabels++;
        this.relabelsSinceUpdate++;
      }
    }
  }

  private enqueue(v: number): void {
    this.queue[this.tail] = v;
    this.tail = (this.tail + 1) % this.queue.length;
    this.size++;
    this.queued[v] = 1;
  }

  private dequeue(): number {
    const v = this.queue[this.head];
    this.head = (this.head + 1) % this.queue.length;
    this.size--;
    this.queued[v] = 0;
    return v;
  }
}
