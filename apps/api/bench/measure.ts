/** Repeated, warm timings: median and p95 of wall-clock milliseconds per call. */

export interface Timing {
  name: string;
  medianMs: number;
  p95Ms: number;
  runs: number;
  /** Something the case returned, for the reader to sanity-check (e.g. rows on the page). */
  detail: string;
}

export interface MeasureOptions {
  warmup: number;
  minRuns: number;
  maxRuns: number;
  /** Stop adding runs once this much time went by (after minRuns). */
  budgetMs: number;
}

export const defaultMeasure: MeasureOptions = { warmup: 3, minRuns: 5, maxRuns: 60, budgetMs: 2500 };

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Runs `fn` (warm-up first), varying its argument by run index so caches see realistic keys. */
export async function measure<T>(
  name: string,
  fn: (run: number) => Promise<T>,
  describe: (result: T) => string = () => '',
  opts: MeasureOptions = defaultMeasure,
): Promise<Timing> {
  let last: T | undefined;
  for (let i = 0; i < opts.warmup; i++) {
    const t = performance.now();
    last = await fn(i);
    // One warm-up is enough for a slow case; the budget goes to measured runs instead.
    if (performance.now() - t > 100) break;
  }
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < opts.maxRuns; i++) {
    if (i >= opts.minRuns && performance.now() - started > opts.budgetMs) break;
    const t = performance.now();
    last = await fn(opts.warmup + i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return {
    name,
    medianMs: quantile(samples, 0.5),
    p95Ms: quantile(samples, 0.95),
    runs: samples.length,
    detail: last === undefined ? '' : describe(last),
  };
}

export interface MemoryPeak {
  /** Peak growth over the baseline, in bytes. */
  rss: number;
  /** heapUsed + external (external already includes arrayBuffers, Node's docs say). */
  js: number;
  heapUsed: number;
  arrayBuffers: number;
  samples: number;
}

function jsBytes(m: NodeJS.MemoryUsage) {
  return m.heapUsed + m.external;
}

/**
 * Full GC, twice, with pauses: V8 frees ArrayBuffer backing stores on a background thread after a
 * GC, so reading memory right after one call can still count garbage (and skew a baseline).
 */
export async function settleMemory() {
  for (let i = 0; i < 2; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Samples process memory every `intervalMs` from a baseline taken now (call settleMemory() first)
 * until stop() is called; reports the peak growth of each measure over that baseline.
 */
export function memorySampler(intervalMs = 5) {
  const base = process.memoryUsage();
  const peak = { rss: 0, js: 0, heapUsed: 0, arrayBuffers: 0 };
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    samples += 1;
    peak.rss = Math.max(peak.rss, m.rss - base.rss);
    peak.js = Math.max(peak.js, jsBytes(m) - jsBytes(base));
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed - base.heapUsed);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers - base.arrayBuffers);
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): MemoryPeak {
      sample();
      clearInterval(timer);
      return { ...peak, samples };
    },
  };
}

export const MB = 1024 * 1024;
