#!/usr/bin/env node
/**
 * `npm test`: the build, then two lanes at once, each about half of the time on two cores.
 *
 *   lane 1: every other test file but two (mocha, .mocharc.json), its output live
 *   lane 2: type-check, lint, format check, then the tests that run the real Pulumi CLI (built
 *           from engine/ into a cache the first time): tests/engine/ and tests/package/
 *           (.mocharc.engine.json), their output held and printed after lane 1's, so the two
 *           never interleave
 *
 * then, alone: the two files of real packets in network namespaces (.mocharc.alone.json: the
 * connectivity doctor and the NAT boot script), whose probes time out in seconds. The other tests
 * that wait on clocks allow for a busy machine. The engine is built (or found in the cache) before
 * the lanes start. Exit status: the first failure's, in that order. Plain Node.js.
 */
const { spawn } = require("child_process");
const { locateEngine } = require("./engine");

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

async function main() {
  const built = await run(npm, ["run", "-s", "build"]);
  if (built.status !== 0) {
    return built.status;
  }
  // The engine's first build takes minutes of both cores: it is done before the lanes (and reused
  // after), so that it never races the tests that wait on clocks. Without Go or a pulumi CLI, lane
  // 2 says why its tests skip.
  try {
    locateEngine();
  } catch (error) {
    process.stderr.write(`engine: the build of engine/ failed: ${error.message}\n`);
    return 1;
  }
  const mocha = require.resolve("mocha/bin/mocha.js");
  const lane2 = (async () => {
    const checks = await run(npm, ["run", "-s", "checks"], { hold: true });
    const engine = await run(process.execPath, [mocha, "--config", ".mocharc.engine.json"], { hold: true });
    return {
      status: checks.status !== 0 ? checks.status : engine.status,
      output: `${checks.output}\n== the real CLI (tests/engine/, tests/package/) ==\n${engine.output}`,
    };
  })();
  const lane1 = await run(process.execPath, [mocha]);
  const { status, output } = await lane2;
  process.stdout.write(`\n== type-check, lint, format ==\n${output}`);
  // Last, alone: real packets in network namespaces against servers there, whose probes time out
  // in seconds; a machine busy with both lanes made them miss (.mocharc.alone.json).
  process.stdout.write("\n== on real packets, alone ==\n");
  const alone = await run(process.execPath, [mocha, "--config", ".mocharc.alone.json"]);
  return [lane1.status, status, alone.status].find((s) => s !== 0) ?? 0;
}

main().then((status) => process.exit(status));
