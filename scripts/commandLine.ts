/**
 * The command lines of the TypeScript commands (policy:check, cutover): util.parseArgs, strict, no
 * positionals, its error turned into a UsageError (one line, the usage, exit 2).
 */
import { ParseArgsConfig, parseArgs } from "util";
import { UsageError } from "../doctor/inputs";

/**
 * A mistake in how a command was called: one line, the usage, exit 2. The doctor's class (plain
 * Node.js), so a mistake found by a reader shared with it is caught like any other.
 */
export { UsageError };

/** The flags, or a UsageError saying in one sentence what is wrong (unknown option, missing value...). */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // util.parseArgs says what is wrong, then how to pass a positional: only the first sentence matters here.
    throw new UsageError((error as Error).message.split(". To specify a positional")[0]);
  }
}
