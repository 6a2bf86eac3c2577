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

/** Where a command writes. */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * A command's options, or the status it ends with before doing anything: a usage mistake is one
 * line (`NAME: what is wrong`) and the usage on stderr, status 2; `--help` is the usage on stdout,
 * status 0. Any other error is not the user's and is thrown on.
 */
export function optionsOrStatus<T>(
  name: string,
  usage: string,
  parse: () => T | "help",
  io: CommandIo,
): { readonly options: T } | { readonly status: 0 | 2 } {
  let options: T | "help";
  try {
    options = parse();
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${name}: ${error.message}\n${usage}\n`);
      return { status: 2 };
    }
    throw error;
  }
  if (options === "help") {
    io.out(`${usage}\n`);
    return { status: 0 };
  }
  return { options };
}

/** The flags, or a UsageError saying in one sentence what is wrong (unknown option, missing value...). */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // util.parseArgs says what is wrong, then how to pass a positional: only the first sentence matters here.
    throw new UsageError((error as Error).message.split(". To specify a positional")[0]);
  }
}
