/** Percentile of already sorted samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** One line of the report: a figure, and what it is compared with. */
export interface Figure {
  name: string;
  unit: string;
  /** Median over the runs. */
  value: number;
  /** Every run's value, for the spread. */
  runs: number[];
  baseline?: { name: string; value: number; runs: number[] };
  /** value / baseline (for "higher is better" figures) or baseline / value is not implied: it is value ÷ baseline. */
  ratio?: number;
  /** What the issue asks for, when it names a target. */
  target?: string;
}

const fmt = (n: number) =>
  !Number.isFinite(n)
    ? 'n/a'
    : Math.abs(n) >= 100
      ? Math.round(n).toLocaleString('en-US')
      : n.toFixed(Math.abs(n) >= 10 ? 1 : 2);

const spread = (runs: number[]) =>
  runs.length > 1 ? ` (${fmt(Math.min(...runs))}–${fmt(Math.max(...runs))})` : '';

/** `name  value unit (min–max)  | baseline: value (min–max)  ratio ×  [target]`. */
export function formatFigure(f: Figure): string {
  let line = `${f.name.padEnd(52)} ${fmt(f.value).padStart(9)} ${f.unit}${spread(f.runs)}`;
  if (f.baseline)
    line += `  | ${f.baseline.name}: ${fmt(f.baseline.value)}${spread(f.baseline.runs)}  ratio ${f.ratio?.toFixed(2)}×`;
  if (f.target) line += `  [target ${f.target}]`;
  return line;
}

/** Collect a figure's value per run, then report its median (and its baseline's). */
export function figure(
  name: string,
  unit: string,
  runs: number[],
  baseline?: { name: string; runs: number[] },
  target?: string,
): Figure {
  const value = median(runs);
  const f: Figure = { name, unit, value, runs };
  if (baseline) {
    const b = median(baseline.runs);
    f.baseline = { name: baseline.name, value: b, runs: baseline.runs };
    f.ratio = value / b;
  }
  if (target) f.target = target;
  return f;
}
