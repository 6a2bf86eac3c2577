/**
 * Benchmark of the StreamingEndpointAssociation provider against the local stand-ins
 * (`npm run bench:provider`). Prints API calls per operation and time to converge against an
 * injected propagation delay, each next to its goal. Figures, not assertions: the
 * machine is shared and noisy.
 */
import { StreamingEndpointAssociationProvider } from "../../providers/streamingEndpointAssociation";
import { AwsStandIns, REGION, startAwsStandIns } from "../standins/aws";
import { MiniEngine, serialize } from "../standins/engine";

const D = "d-0123456789";

function table(title: string, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ");
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  rows.forEach((r) => console.log(line(r)));
}

async function main(): Promise<void> {
  const started = await startAwsStandIns();
  if ("skip" in started) {
    console.error(`bench:provider needs moto: ${started.skip}`);
    process.exit(2);
  }
  const aws = started as AwsStandIns;
  const [endpointA, endpointB] = [await aws.createEndpoint(), await aws.createEndpoint()];
  const fresh = (workspaces: number) => {
    aws.workspaces.reset();
    aws.workspaces.addDirectory({ DirectoryId: D });
    aws.workspaces.addWorkspaces(D, workspaces);
    aws.resetCalls();
  };

  try {
    const rows: (string | number)[][] = [];
    for (const workspaces of [0, 25, 26, 100]) {
      fresh(workspaces);
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider());
      const measure = async (operation: string, goal: number | undefined, run: () => Promise<unknown>) => {
        aws.resetCalls();
        await run();
        const n = aws.calls();
        const verdict = goal === undefined ? "(no goal)" : n <= goal ? "met" : "MISSED";
        rows.push([operation, workspaces, n, goal === undefined ? "-" : `<= ${goal}`, verdict]);
      };
      const withinGoal = workspaces <= 25 ? 5 : undefined;
      const inputs = (vpcEndpointId: string) => ({ directoryId: D, vpcEndpointId, region: REGION });
      await measure("create", withinGoal, () => engine.up(inputs(endpointA)));
      await measure("no-op up", 0, () => engine.up(inputs(endpointA)));
      await measure("read (refresh)", 1, () => engine.refresh());
      await measure("update (endpoint)", withinGoal, () => engine.up(inputs(endpointB)));
      await measure("delete", undefined, () => engine.destroy());
    }
    table(
      "API calls per operation (consistent API; goal: create and update 5 calls up to 25 WorkSpaces, a no-op 0, a refresh 1)",
      ["operation", "WorkSpaces", "calls", "goal", "verdict"],
      rows,
    );

    const convergence: (string | number)[][] = [];
    for (const delay of [0, 1000, 3000, 5000]) {
      const times: number[] = [];
      for (let run = 0; run < 3; run++) {
        fresh(0);
        aws.workspaces.setFaults({ staleReadMs: delay });
        const provider = new StreamingEndpointAssociationProvider();
        const start = process.hrtime.bigint();
        await provider.create({
          directoryId: D,
          vpcEndpointId: endpointA,
          allowPcoipOverInternet: false,
          region: REGION,
        });
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const median = times.sort((a, b) => a - b)[1];
      convergence.push([
        delay,
        times.map((t) => t.toFixed(0)).join(" / "),
        median.toFixed(0),
        delay + 1000,
        median <= delay + 1000 ? "met" : "MISSED",
      ]);
    }
    table(
      "Time to converge a create against an injected propagation delay (stale reads after the write)",
      ["delay ms", "runs ms", "median ms", "goal ms (delay + 1 s)", "verdict"],
      convergence,
    );

    const { text } = await serialize(new StreamingEndpointAssociationProvider());
    table(
      "Serialized provider",
      ["bytes", "guard", "verdict"],
      [
        [
          text.length,
          20 * 1024,
          text.length <= 20 * 1024 ? "within the 20 KB guard" : "OVER the 20 KB guard",
        ],
      ],
    );
  } finally {
    await aws.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
