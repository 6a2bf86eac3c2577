/**
 * Benchmark of config validation with many client ranges (`npm run bench:config`): the time and
 * memory to refuse 10,000 ranges (goal: a clear error in under 2 s and 200 MB), through
 * `parseStackConfig` alone and through the whole program under mocks (what `pulumi preview` runs).
 * Figures, not assertions: the machine is shared and noisy. Run it with --expose-gc for clean
 * memory figures (the npm script does).
 */
import { ConfigError, parseStackConfig } from "../../config";
import { ProgramFailed, runProgram } from "../standins/mockProgram";

const P = "workspaces-privatelink";
const GOAL_MS = 2000;
const GOAL_MB = 200;

function config(ranges: number): Record<string, string> {
  const cidrs = Array.from({ length: ranges }, (_, i) => `10.${i >> 6}.${(i & 63) * 4}.0/24`);
  return {
    "aws:region": "ap-northeast-1",
    [`${P}:directory`]: JSON.stringify({ mode: "existing", directoryId: "d-95670a1b2c" }),
    [`${P}:streamingEndpoint`]: JSON.stringify({ allowedCidrs: cidrs }),
  };
}

async function measure(what: () => Promise<string>): Promise<{ ms: number; mb: number; outcome: string }> {
  (global as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = process.hrtime.bigint();
  const outcome = await what();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, mb: peak / 2 ** 20, outcome };
}

async function main(): Promise<void> {
  console.log(
    `config validation with many client ranges (goal: error in < ${GOAL_MS} ms, < ${GOAL_MB} MB resident)\n`,
  );
  console.log(
    `resident before: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (Node, ts-node, Pulumi and the AWS SDK loaded)`,
  );
  console.log(["path", "ranges", "ms", "peak RSS MB", "outcome"].join("\t"));
  for (const ranges of [1_000, 10_000]) {
    const parsed = await measure(async () => {
      try {
        parseStackConfig(config(ranges), []);
        return "accepted";
      } catch (error) {
        return error instanceof ConfigError ? `refused: ${error.problems.length} problem(s)` : String(error);
      }
    });
    console.log(
      ["parseStackConfig", ranges, parsed.ms.toFixed(0), parsed.mb.toFixed(0), parsed.outcome].join("\t"),
    );
    const program = await measure(async () => {
      try {
        const run = await runProgram({ config: config(ranges), stack: "bench" });
        return `accepted: ${run.resources.length} resources`;
      } catch (error) {
        return error instanceof ProgramFailed
          ? `refused before any resource (${error.resources.length} registered)`
          : String(error);
      }
    });
    console.log(
      ["program (mocks)", ranges, program.ms.toFixed(0), program.mb.toFixed(0), program.outcome].join("\t"),
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
