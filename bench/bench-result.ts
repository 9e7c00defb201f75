/** One figure from a benchmark. Ratios against a same-run baseline go in `note` or their own row. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}
