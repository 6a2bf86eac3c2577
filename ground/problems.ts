/**
 * How a list of problems reads, wherever it is raised (the stack configuration's, the component's
 * arguments): a heading that counts them and says nothing was deployed, then one line each, the
 * first 20 of them (10,000 bad ranges are not 10,000 lines to read).
 */

/** A message lists this many problems at most. */
export const MAX_PROBLEMS_SHOWN = 20;

/** `subject` with its verb ("The stack configuration has"), then `  - name: message` per problem. */
export function problemList(
  subject: string,
  problems: readonly { readonly name: string; readonly message: string }[],
): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `  - ${p.name}: ${p.message}`);
  if (problems.length > MAX_PROBLEMS_SHOWN) {
    shown.push(`  - and ${problems.length - MAX_PROBLEMS_SHOWN} more like these`);
  }
  return (
    `${subject} ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was deployed:\n` +
    shown.join("\n")
  );
}
