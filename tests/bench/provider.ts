/**
 * Benchmark of the StreamingEndpointAssociation provider against the local stand-ins
 * (`npm run bench:provider`). Prints API calls per operation and time to converge against an
 * injected propagation delay, each next to its goal. Figures, not assertions: the
 * machine is shared and noisy.
 */
import { StreamingEndpointAssociationProvider } from "../../providers/streamingEndpointAssociation";
import { AwsStandIns, REGION, startAwsStandIns } from "../standins/aws";
import { MiniEngine, SERIALIZED_PROVIDER_GUARD, serialize } from "../standins/engine";
import { median, table } from "./figures";

const D = "d-0123456789";

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
      const middle = median(times);
      convergence.push([
        delay,
        times.map((t) => t.toFixed(0)).join(" / "),
        middle.toFixed(0),
        delay + 1000,
        middle <= delay + 1000 ? "met" : "MISSED",
      ]);
    }
    table(
      "Time to converge a create against an injected propagation delay (stale reads after the write)",
      ["delay ms", "runs ms", "median ms", "goal ms (delay + 1 s)", "verdict"],
      convergence,
    );

    // 50 directories on one endpoint in one stack, 30 WorkSpaces each (two pages of 25).
    aws.workspaces.reset();
    const ids = Array.from({ length: 50 }, (_, i) => `d-${String(i).padStart(10, "0")}`);
    for (const id of ids) {
      aws.workspaces.addDirectory({ DirectoryId: id });
      aws.workspaces.addWorkspaces(id, 30);
    }
    const engines = await Promise.all(
      ids.map(() => MiniEngine.from(new StreamingEndpointAssociationProvider())),
    );
    const inputs = (id: string) => ({ directoryId: id, vpcEndpointId: endpointA, region: REGION });
    // The preview: each association's check reads its own directory, in the engine.
    aws.resetCalls();
    const previewed = await Promise.all(
      engines.map((engine, i) => engine.provider.check!({}, { ...inputs(ids[i]), previewRead: {} })),
    );
    const previewReads = [
      aws.workspaces.count("DescribeWorkspaceDirectories"),
      aws.workspaces.count("DescribeWorkspaces"),
    ];
    aws.resetCalls();
    for (const [i, engine] of engines.entries()) {
      await engine.up(inputs(ids[i]));
    }
    const firstUp = aws.calls();
    aws.resetCalls();
    for (const [i, engine] of engines.entries()) {
      await engine.up(inputs(ids[i]));
    }
    const secondUp = aws.calls();
    table(
      "50 directories on one endpoint, 30 WorkSpaces each (goal: a second up 0 calls; at preview each association reads its own directory once and pages its WorkSpaces)",
      ["what", "calls", "goal", "verdict"],
      [
        [
          "preview read: DescribeWorkspaceDirectories",
          previewReads[0],
          "= 50",
          previewReads[0] === 50 ? "met" : "MISSED",
        ],
        [
          "preview read: DescribeWorkspaces (2 pages x 50)",
          previewReads[1],
          "= 100",
          previewReads[1] === 100 ? "met" : "MISSED",
        ],
        [
          "preview read: directories with facts",
          previewed.filter((c) => !("unknown" in (c.inputs?.directoryFacts as object))).length,
          "= 50",
          "-",
        ],
        ["first up (50 creates)", firstUp, "-", "-"],
        ["second up, no change", secondUp, "0", secondUp === 0 ? "met" : "MISSED"],
      ],
    );

    const { text } = await serialize(new StreamingEndpointAssociationProvider());
    table(
      "Serialized provider",
      ["bytes", "guard", "verdict"],
      [
        [
          text.length,
          SERIALIZED_PROVIDER_GUARD,
          text.length <= SERIALIZED_PROVIDER_GUARD
            ? `within the ${SERIALIZED_PROVIDER_GUARD / 1024} KB guard`
            : `OVER the ${SERIALIZED_PROVIDER_GUARD / 1024} KB guard`,
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
