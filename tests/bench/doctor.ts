/**
 * Benchmark of the connectivity doctor (`npm run bench:doctor`): the wall time of a whole run, as
 * a user starts it (a new Node.js process), against the namespace lab with everything open and
 * with everything dropped. Goals: all good under 1 s; all blocked within the timeout
 * plus 1 s. Figures, not assertions: the machine is shared and noisy. Needs root.
 */
import { DoctorLab, missingPrerequisite } from "../netns/doctorLab";
import { median } from "./figures";

const RUNS = 5;
const TIMEOUT_MS = 2000;

function stats(times: number[]): string {
  return `median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const missing = missingPrerequisite();
  if (missing) {
    console.error(`bench:doctor needs the namespace lab: ${missing.reason}`);
    process.exit(2);
  }
  const lab = new DoctorLab();
  try {
    await lab.start();
    const good: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = lab.runDoctor(["--timeout-ms", String(TIMEOUT_MS)]);
      if (run.status !== 0) {
        throw new Error(`the all-good lab did not pass: ${JSON.stringify(run.report)}`);
      }
      good.push(run.ms);
    }
    lab.drop("-s", "192.168.50.0/24");
    const blocked: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = lab.runDoctor(["--timeout-ms", String(TIMEOUT_MS)]);
      if (run.report.checks.some((c) => c.status !== "FAIL")) {
        throw new Error(`the all-blocked lab did not fail every check: ${JSON.stringify(run.report)}`);
      }
      blocked.push(run.ms);
    }
    console.log(
      `connectivity doctor, ${RUNS} runs each, --timeout-ms ${TIMEOUT_MS}, wall time including Node.js start:`,
    );
    console.log(`  all good:    ${stats(good)}   (goal: under 1000 ms)`);
    console.log(`  all blocked: ${stats(blocked)}   (goal: within ${TIMEOUT_MS} + 1000 ms)`);
  } finally {
    lab.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
