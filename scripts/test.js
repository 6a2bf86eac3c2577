#!/usr/bin/env node
/**
 * `npm test`: the build, then two lanes at once, then the rest of the suite.
 *
 *   lane 1: type-check, lint, format check (compilers: CPU, no clocks)
 *   lane 2: the engine tier (tests/engine/: the real Pulumi CLI; it builds the engine first if
 *           this machine has no build of engine/ yet)
 *   then:   every other test file (mocha, .mocharc.json), alone, since some of them measure waits
 *
 * Lane 2's output is held and printed after lane 1's, so neither interleaves. Exit status: the
 * first failure's. Plain Node.js.
 */
const { spawn, spawnSync } = require("child_process");

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Runs a command; resolves to its status and, when held, what it printed. */
function run(command, args, { hold = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: hold ? ["ignore", "pipe", "pipe"] : "inherit",
      env: process.env,
    });
    let output = "";
    if (hold) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("close", (status) => resolve({ status: status ?? 1, output }));
  });
}

async function sequence(steps) {
  for (const [command, ...args] of steps) {
    const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
    if (result.status !== 0) {
      return result.status ?? 1;
    }
  }
  return 0;
}

async function main() {
  const built = await sequence([[npm, "run", "-s", "build"]]);
  if (built !== 0) {
    return built;
  }
  const mocha = require.resolve("mocha/bin/mocha.js");
  const engine = run(process.execPath, [mocha, "--config", ".mocharc.engine.json"], { hold: true });
  const checks = await run(npm, ["run", "-s", "checks"]);
  const engineResult = await engine;
  process.stdout.write(`\n== the engine tier (tests/engine/) ==\n${engineResult.output}`);
  if (checks.status !== 0) {
    return checks.status;
  }
  if (engineResult.status !== 0) {
    return engineResult.status;
  }
  return (await run(process.execPath, [mocha])).status;
}

main().then((status) => process.exit(status));
