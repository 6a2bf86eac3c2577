/**
 * The command lines of the TypeScript commands (policy:check, cutover): util.parseArgs, strict, no
 * positionals, its error turned into a UsageError (one line, the usage, exit 2).
 */
import { UsageError, parseFlags } from "../doctor/inputs";

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

/**
 * The flags, or a UsageError saying in one sentence what is wrong (unknown option, with the one
 * most likely meant; missing value...); a value that begins with a dash is taken as the value. The
 * doctor's reader (plain Node.js), so every command of the project reads its flags the same way.
 */
export { parseFlags };

/** The process's own output, for a command run from the command line. */
export const PROCESS_IO: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * Runs a command's `main` on the process's arguments and sets the exit status; an error that is
 * not a usage mistake is one line (`NAME: message`) and `failure` as the status, never a trace.
 */
export function runFromCommandLine(
  name: string,
  main: (argv: string[], io: CommandIo) => Promise<number>,
  failure: number,
): void {
  main(process.argv.slice(2), PROCESS_IO).then(
    (status) => {
      process.exitCode = status;
    },
    (error: Error) => {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exitCode = failure;
    },
  );
}
