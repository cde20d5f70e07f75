import { measureCutover, seededRandom } from '/work/main/bench/cutover-run.ts';
import { throttleBoundSeconds } from '/work/main/bench/bounds.ts';
const RATE = { perSecond: 2 };
const sizes = (process.argv[2] ?? '10:4,100:10,1000:20').split(',').map((s) => s.split(':').map(Number));
for (const [aliases, distributions] of sizes) for (const strategy of ['move', 'detach-attach'] as const) {
  const t0 = performance.now();
  const m = await measureCutover({ aliases, distributions, strategy, mutationRateLimit: RATE }, { random: seededRandom(1) });
  const bound = throttleBoundSeconds(m.plan.steps, RATE);
  console.log(aliases, strategy, m.result.status, 'failed', m.result.failed.length, 'makespan', m.makespanSeconds, 'bound', bound, 'ratio', (m.makespanSeconds / bound).toFixed(3), 'throttled', m.throttled, 'retries', m.retries, 'wall', ((performance.now() - t0) / 1000).toFixed(1));
}
