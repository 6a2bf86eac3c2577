/** How the benchmarks print their figures: one median, one table, for all of them. */

/** The middle of the values (of an even count, the upper of the two middle ones). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** A table on the console: its title if any, the header, a rule, the rows, in columns as wide as their widest cell. */
export function table(
  title: string | undefined,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: readonly (string | number)[]) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  if (title !== undefined) {
    console.log(`\n${title}`);
  }
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  rows.forEach((r) => console.log(line(r)));
}
