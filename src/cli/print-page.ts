/** One page of a CLI list: `--json` prints it as the API gave it; otherwise an aligned table. */

export interface ListedPage<T> {
  data: T[];
  hasMore: boolean;
  lastId?: string | null | undefined;
}

export interface PageFormat<T> {
  json?: boolean | undefined;
  /** Printed when the page is empty, e.g. "No assets.". */
  empty: string;
  header: readonly string[];
  row(item: T): string[];
  /** The command that prints the next page, given the last id. */
  next(lastId: string): string;
}

export function printPage<T>(page: ListedPage<T>, format: PageFormat<T>): void {
  if (format.json) {
    process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    return;
  }
  if (page.data.length === 0) {
    process.stdout.write(`${format.empty}\n`);
    return;
  }
  const rows = page.data.map((item) => format.row(item));
  const widths = format.header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  for (const row of [format.header, ...rows]) {
    process.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  }
  if (page.hasMore && page.lastId) process.stdout.write(`… more: ${format.next(page.lastId)}\n`);
}

/** `--limit`: an integer from 1 to 100 (what the list endpoints take). */
export function pageLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new Error('--limit must be an integer from 1 to 100.');
  return limit;
}

/** A Unix time in seconds as "YYYY-MM-DD HH:MM:SS" (UTC). */
export function utcTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}
