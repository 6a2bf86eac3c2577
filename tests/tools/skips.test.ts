/** A run that skips tests says so in its last line; under CI=true a missing prerequisite fails it. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(ROOT, "tests", "fixtures", "skippingSuite.ts");

function mocha(env: Record<string, string | undefined>) {
  const { CI: _ci, ...rest } = process.env;
  return spawnSync(
    process.execPath,
    [
      require.resolve("mocha/bin/mocha.js"),
      "--no-config",
      "-r",
      "ts-node/register/transpile-only",
      "--reporter",
      "dot",
      FIXTURE,
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...rest, ...env }, timeout: 60_000 },
  );
}

describe("skipped tests", () => {
  it("end the run with one line naming what was skipped and the packages that would run it", () => {
    const run = mocha({});
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    assert.equal(
      lines.at(-1),
      "npm test skipped 3 tests: a namespace lab (iptables is not installed); the AWS stand-ins (moto is not installed). To run them: install the Debian packages iptables (bash .ci/run installs them); install moto for python3.",
    );
    assert.match(run.stdout, /3 pending/);
  });

  it("fail the run under CI=true", () => {
    const run = mocha({ CI: "true" });
    assert.notEqual(run.status, 0);
    assert.match(
      run.stdout + run.stderr,
      /required under CI=true: a namespace lab cannot run: iptables is not installed/,
    );
  });
});
