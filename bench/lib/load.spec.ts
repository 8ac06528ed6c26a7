import { compareLatency, httpGet, keepAliveAgent, latencyOf, send } from './load';
import { HttpReceiver } from './receiver';
import { Bench } from './run';

describe('bench load helpers', () => {
  it('measures the runs of a task, not its warm-up, at most `concurrency` at a time', async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    const task = async () => {
      calls++;
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    };
    const latency = await latencyOf(task, { runs: 20, concurrency: 3, warmup: 5 });
    expect({ calls, most, measured: latency.ms.count }).toEqual({ calls: 25, most: 3, measured: 20 });
  });

  it('alternates the system and the baseline round by round and reports each figure per round', async () => {
    const order: string[] = [];
    const comparison = await compareLatency(
      { system: async () => void order.push('system'), baseline: async () => void order.push('baseline') },
      { runs: 1, rounds: 3 },
    );
    expect(order).toEqual(['system', 'baseline', 'baseline', 'system', 'system', 'baseline']);
    expect(comparison.system.p50.values).toHaveLength(3);
    expect(comparison.baseline.perSecond.values).toHaveLength(3);
  });

  describe('against a local receiver', () => {
    const bench = new Bench('spec', { timeoutS: 60 });
    const ok = new HttpReceiver();
    const failing = new HttpReceiver({ status: 500 });
    beforeAll(() => Promise.all([ok.start(), failing.start()]));
    afterAll(() => Promise.all([ok.stop(), failing.stop()]));

    it('records what arrived and answers with the bytes it read', async () => {
      const agent = keepAliveAgent(bench);
      const answer = await send(agent, `${ok.url}/hooks`, { method: 'POST', headers: { 'x-event': 'e1' }, body: '{"a":1}' });
      expect(answer).toEqual({ status: 200, body: { bytes: 7 }, error: null });
      expect((await ok.waitFor(1)).map(({ method, url, headers, bytes }) => ({ method, url, event: headers['x-event'], bytes }))).toEqual([
        { method: 'POST', url: '/hooks', event: 'e1', bytes: 7 },
      ]);
      agent.destroy();
    });

    it('fails an HTTP GET task on an answer other than 200', async () => {
      const agent = keepAliveAgent(bench);
      await expect(httpGet(agent, `${ok.url}/x`)()).resolves.toBeUndefined();
      await expect(httpGet(agent, `${failing.url}/x`)()).rejects.toThrow(/: 500 /);
      agent.destroy();
    });
  });
});
