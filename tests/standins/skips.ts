/**
 * Tests that need something this machine lacks (root, a Debian package, moto) skip with the
 * reason, except under CI=true, where a missing prerequisite is a failure. Outside CI every skip
 * is remembered, and the run ends with one line saying what was skipped and what would run it, so
 * that a green `npm test` that ran less than all is never silent.
 */
import { spawnSync } from "child_process";

/** What stops a suite, and what would let it run (Debian packages, or another step). */
export interface Missing {
  readonly reason: string;
  readonly packages: readonly string[];
  /** Another step than installing packages (run as root, install moto...). */
  readonly fix?: string;
}

interface Skipped extends Missing {
  readonly suite: string;
  readonly tests: number;
}

const skipped: Skipped[] = [];

/** The closing line of a run that skipped these; undefined when nothing was skipped. */
export function skipSummary(list: readonly Skipped[] = skipped): string | undefined {
  if (list.length === 0) {
    return undefined;
  }
  const tests = list.reduce((n, s) => n + s.tests, 0);
  const packages = [...new Set(list.flatMap((s) => s.packages))].sort();
  const what = list.map((s) => `${s.suite} (${s.reason})`).join("; ");
  const fixes = [
    ...(packages.length > 0
      ? [`install the Debian packages ${packages.join(", ")} (bash .ci/run installs them)`]
      : []),
    ...new Set(list.map((s) => s.fix).filter((f): f is string => f !== undefined)),
  ];
  return `npm test skipped ${tests} test${tests === 1 ? "" : "s"}: ${what}. To run them: ${fixes.join("; ")}.`;
}

let reporting = false;

/**
 * For a mocha `before` hook: skips the suite with the reason (printed now and summed up at the end
 * of the run), or throws under CI=true.
 */
export function skipSuite(context: Mocha.Context, missing: Missing): never {
  const suite = context.test?.parent;
  const title = suite?.fullTitle() ?? "a suite";
  if (process.env.CI === "true") {
    throw new Error(`required under CI=true: ${title} cannot run: ${missing.reason}`);
  }
  console.log(`      skipped: ${missing.reason}`);
  skipped.push({ ...missing, suite: title, tests: suite?.total() ?? 0 });
  if (!reporting) {
    reporting = true;
    // After mocha's own summary: the last thing the run prints.
    process.once("exit", () => console.log(`\n${skipSummary()}`));
  }
  context.skip();
  throw new Error("unreachable: mocha's skip throws");
}

/** Why network namespace tests cannot run here: not Linux, not root, or tools missing (with their packages). */
export function missingForNamespaces(
  tools: readonly (readonly [tool: string, pkg: string])[],
): Missing | undefined {
  if (process.platform !== "linux") {
    return { reason: "network namespaces need Linux", packages: [], fix: "run them on Linux" };
  }
  const absentNow = tools.filter(([tool]) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
  if (process.getuid?.() !== 0) {
    return {
      reason: "creating network namespaces needs root",
      packages: absentNow.map(([, pkg]) => pkg),
      fix: "run npm test as root",
    };
  }
  if (absentNow.length === 0) {
    return undefined;
  }
  return {
    reason: `${absentNow.map(([tool]) => tool).join(", ")} ${absentNow.length === 1 ? "is" : "are"} not installed`,
    packages: absentNow.map(([, pkg]) => pkg),
  };
}
