#!/usr/bin/env node
/**
 * `workspaces-privatelink`: the runbook's tools, as the package installs them (`npx
 * workspaces-privatelink <command>`), each working on your stack's outputs (`pulumi stack output
 * --json`, whatever program exports them: `stackOutputs(outputsOf(component))` exports the contract).
 * In this repository `npm run cutover` and the others run the same commands.
 */
import { main as cutover } from "./cutover/cli";
import { main as doctor } from "./doctor/doctor";
import { main as doctorPs1 } from "./doctor/ps1";
import { runFromCommandLine, type CommandIo } from "./scripts/commandLine";

/**
 * The offline policy check runs the pack's own code, which needs @pulumi/policy (an optional peer
 * dependency: the other commands run without it): loaded when the command runs.
 */
async function policyCheck(argv: string[], io: CommandIo): Promise<number> {
  let check: typeof import("./scripts/policyCheck");
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for this command
    check = require("./scripts/policyCheck") as typeof import("./scripts/policyCheck");
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" &&
      /@pulumi\/policy/.test(String(error))
    ) {
      io.err(
        "policy-check: needs @pulumi/policy beside this package: npm install --save-dev @pulumi/policy@^1.21\n",
      );
      return 1;
    }
    throw error;
  }
  return check.main(argv, io);
}

/** The package's commands: what each tells you, and its main (argv after the command's name). */
const COMMANDS: Record<string, { what: string; main: (argv: string[], io: CommandIo) => Promise<number> }> = {
  cutover: {
    what: "which WorkSpaces' users signed in from outside the routed ranges: whom a switch would cut off",
    main: (argv, io) => cutover(argv, io),
  },
  doctor: {
    what: "from a client network: whether streaming will go over PrivateLink from there, or what to fix",
    main: (argv, io) => doctor(argv, io),
  },
  "doctor-ps1": {
    what: "the doctor as one PowerShell script with the stack's values, for Windows clients without Node.js",
    main: async (argv, io) => doctorPs1(argv, io),
  },
  "policy-check": {
    what: "the policy pack offline, on your stacks' files, no credentials: a fast gate for CI",
    main: policyCheck,
  },
};

export const USAGE = `usage: workspaces-privatelink <command> [options]     (npx workspaces-privatelink ...)

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(13)} ${c.what}`)
  .join("\n")}

  <command> --help    the command's options
Exit status: the command's; 2 on a usage error.`;

/** Runs the command named first; usage mistakes are one line, the usage, status 2. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.err : io.out)(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(
      `workspaces-privatelink: ${JSON.stringify(name)} is not a command (${Object.keys(COMMANDS).join(", ")})\n${USAGE}\n`,
    );
    return 2;
  }
  return command.main(rest, io);
}

if (require.main === module) {
  runFromCommandLine("workspaces-privatelink", main, 2);
}
