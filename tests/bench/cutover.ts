/**
 * `npm run bench:cutover`: the cut-over report over 5,000 WorkSpaces in 3 directories and 200,000
 * sign-in events, against moto (tests/standins/cutoverLab.ts). Prints the AWS calls (against the
 * page minimum of each API), the time to classify the events (goal: under 1 s for 200,000, one
 * core; timed on the events alone, the reads apart) beside JSON.parse of the same events (the
 * floor; target: within 1.5 times it; both in turns, median of five), and the peak memory of the
 * report's process, run as a user runs it (goal: under 300 MB). Figures, not assertions.
 */
import { spawn } from "child_process";
import { SignInIndex, judgeDirectory, routedAddresses } from "../../cutover/classify";
import { EVENTS_PER_PAGE, cutoverReader } from "../../cutover/read";
import { cutoverReport } from "../../cutover/report";
import { CutoverLab, REGION, signInEvent } from "../standins/cutoverLab";
import { motoMissing } from "../standins/moto";
import { median, table } from "./figures";

const WORKSPACES = 5_000;
const DIRECTORIES = 3;
const EVENTS = 200_000;
const DAY = 24 * 60 * 60 * 1000;
const LOG = "/aws/events/workspaces-privatelink/bench/sign-ins";
const MB = 2 ** 20;
/** Turns of classifying and JSON.parse, taken in turn; odd, for a median. */
const TURNS = 5;

interface StackInput {
  region: string;
  directoryIds: string[];
  logGroupName: string;
  routedCidrs: string[];
}

interface ReportRun {
  calls: Record<string, number>;
  wholeMs: number;
  maxRssKb: number;
  events: number;
  counts: Record<string, number>;
}

/** The child: one report, in a process of its own, as npm run cutover makes it; prints what it took. */
async function report(input: string): Promise<void> {
  const { stack, window } = JSON.parse(input) as { stack: StackInput; window: { from: number; to: number } };
  const reader = cutoverReader(stack.region);
  const started = process.hrtime.bigint();
  const result = await cutoverReport({ ...stack, allowPcoipOverInternet: () => false }, reader, window);
  const run: ReportRun = {
    calls: reader.calls,
    wholeMs: Number(process.hrtime.bigint() - started) / 1e6,
    maxRssKb: process.resourceUsage().maxRSS,
    events: result.events,
    counts: result.counts,
  };
  reader.close();
  console.log(JSON.stringify(run));
}

async function main(): Promise<void> {
  const missing = motoMissing();
  if (missing) {
    console.error(`bench:cutover needs moto: ${missing}`);
    process.exit(2);
  }
  const lab = await CutoverLab.start();
  try {
    console.log(
      `Setting up moto: ${DIRECTORIES} directories, ${WORKSPACES} WorkSpaces, ${EVENTS} sign-in events ...`,
    );
    const directoryIds: string[] = [];
    const workspaceIds: string[] = [];
    for (let d = 0; d < DIRECTORIES; d++) {
      const id = await lab.directory(`unit${d}.example.com`);
      const count = Math.floor(WORKSPACES / DIRECTORIES) + (d < WORKSPACES % DIRECTORIES ? 1 : 0);
      const users = Array.from({ length: count }, (_, i) => ({
        userName: `u${d}-${i}`,
        protocol: i % 10 === 0 ? ("PCOIP" as const) : ("WSP" as const),
      }));
      directoryIds.push(id);
      workspaceIds.push(...(await lab.workspaces(id, users)));
    }
    const now = Date.now();
    let bytes = 0;
    const signIns = Array.from({ length: EVENTS }, (_, i) => {
      const s = {
        workspaceId: workspaceIds[i % workspaceIds.length],
        // One in 40 from outside the routed ranges; one in 200 without an address.
        ip:
          i % 200 === 0
            ? ""
            : i % 40 === 0
              ? `203.0.113.${i % 250}`
              : `10.${i % 256}.${(i >> 8) % 256}.${i % 250}`,
        at: now - 10 * DAY + Math.floor((i * 9 * DAY) / EVENTS),
      };
      bytes += Buffer.byteLength(signInEvent(s));
      return s;
    });
    await lab.signInLog(LOG, signIns);
    signIns.length = 0;
    const window = { from: now - 14 * DAY, to: now };
    const stack: StackInput = {
      region: REGION,
      directoryIds,
      logGroupName: LOG,
      routedCidrs: ["10.0.0.0/8"],
    };

    // 1. The report as a user runs it: ts-node, as npm run cutover, events streamed page by page.
    // Not spawnSync: this process serves the WorkSpaces paging overlay the child reads through.
    const child = spawn(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", __filename, "--report", JSON.stringify({ stack, window })],
      { env: process.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const status = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (status !== 0) {
      throw new Error(`the report failed: ${stderr}`);
    }
    const { calls, wholeMs, maxRssKb, events, counts } = JSON.parse(
      stdout.trim().split("\n").pop()!,
    ) as ReportRun;

    // 2. Classifying alone: the same events read first and kept, then indexed and judged (warm).
    const reader = cutoverReader(REGION);
    const messages: [string, number][] = [];
    await reader.signIns(LOG, window.from, window.to, { add: (m, t) => void messages.push([m, t]) });
    const listings = await Promise.all(directoryIds.map((id) => reader.workspaces(id)));
    reader.close();
    const routed = routedAddresses(stack.routedCidrs);
    /** Milliseconds `work` takes. */
    const timed = (work: () => void) => {
      // Each run starts from a collected heap: not paying for the garbage of the run before it
      // (the previous turn's whole index), which would go to whichever run came next.
      (globalThis as { gc?: () => void }).gc?.();
      const start = process.hrtime.bigint();
      work();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const classify = () =>
      timed(() => {
        const index = new SignInIndex();
        for (const [message, timestamp] of messages) {
          index.add(message, timestamp);
        }
        directoryIds.forEach((id, i) => judgeDirectory(id, listings[i], index, routed, false));
      });
    // The floor: JSON.parse of the same events alone, what any reading of them costs (taken in
    // turn with the classification, so both see the same machine).
    const parseOnly = () =>
      timed(() => {
        for (const [message] of messages) {
          JSON.parse(message);
        }
      });
    // Five turns, on a machine shared with others: each turn's ratio is of two runs made one
    // after the other, so a slow spell slows both; the ratio reported is the median of those.
    const runs: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < TURNS; i++) {
      floors.push(parseOnly());
      runs.push(classify());
    }
    const classifyMs = median(runs);
    const floorMs = median(floors);
    const ratio = median(runs.map((r, i) => r / floors[i]));

    const workspacePages = listings.reduce((n, l) => n + Math.ceil(l.length / 25), 0);
    const eventPages = Math.ceil(events / EVENTS_PER_PAGE);
    const awsEventPages = Math.max(eventPages, Math.ceil(bytes / 1_048_576));
    const peak = maxRssKb * 1024;
    const rows: string[][] = [
      [
        "DescribeWorkspaces calls",
        String(calls.DescribeWorkspaces),
        `${workspacePages} (25 a page)`,
        calls.DescribeWorkspaces === workspacePages ? "at the minimum" : "OVER",
      ],
      [
        "FilterLogEvents calls",
        String(calls.FilterLogEvents),
        `${eventPages} (${EVENTS_PER_PAGE.toLocaleString("en-US")} a page; on AWS, also at most 1 MB a page: ${awsEventPages})`,
        calls.FilterLogEvents === eventPages ? "at the minimum" : "OVER",
      ],
      ["events classified", String(events), String(EVENTS), events === EVENTS ? "all" : "MISSING"],
      [
        `time to classify (median of ${TURNS})`,
        `${classifyMs.toFixed(0)} ms`,
        "< 1000 ms",
        classifyMs < 1000 ? "met" : "MISSED",
      ],
      [`JSON.parse of the same events (median of ${TURNS})`, `${floorMs.toFixed(0)} ms`, "the floor", "-"],
      [
        "classifying / JSON.parse (median of the turns)",
        `${ratio.toFixed(2)}x`,
        "<= 1.5x (target)",
        ratio <= 1.5 ? "met" : "MISSED",
      ],
      [
        "peak RSS of the report's process",
        `${(peak / MB).toFixed(0)} MB`,
        "< 300 MB",
        peak < 300 * MB ? "met" : "MISSED",
      ],
      ["whole report (moto on loopback)", `${wholeMs.toFixed(0)} ms`, "-", "-"],
    ];
    table(
      `Cut-over report: ${WORKSPACES} WorkSpaces in ${DIRECTORIES} directories, ${EVENTS} sign-in events (${(bytes / MB).toFixed(0)} MB), one core`,
      ["what", "measured", "minimum / goal", "verdict"],
      rows,
    );
    console.log(
      `verdicts: ${JSON.stringify(counts)}; classify runs: ${runs.map((r) => r.toFixed(0)).join(", ")} ms; JSON.parse runs: ${floors.map((r) => r.toFixed(0)).join(", ")} ms`,
    );
  } finally {
    await lab.stop();
  }
}

(process.argv[2] === "--report" ? report(process.argv[3]) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
