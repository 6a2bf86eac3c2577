/**
 * Who a cut-over cuts off, at preview: the program reads a directory that is about to start
 * streaming through the endpoint (its WorkSpaces, and the sign-in log) during `pulumi preview`,
 * logs one warning on its association, and hands the counts to the pack's
 * workspaces-streaming-cut-off-users, served by CrossGuard's analyzer host. AWS is moto
 * (tests/standins/cutoverLab.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PolicyPackConfig } from "@pulumi/policy";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Aws } from "../../providers/associationAws";
import { readForPreview } from "../../providers/previewRead";
import { evaluate } from "../../policy/offline/evaluate";
import { policies } from "../../policy/policies";
import { CUTOVER_REPORT, checkStacks, snapshotOf } from "../../scripts/policyCheck";
import { readStackConfig } from "../../scripts/stackConfig";
import { AnalyzerHost } from "../standins/analyzerHost";
import { CutoverLab } from "../standins/cutoverLab";
import { ProgramRun, runProgram } from "../standins/mockProgram";
import { prodWithDirectories, projectWith } from "../standins/project";
import { SHIPPED as LAB_STACKS } from "../fixtures/urns/shapes";

const DAY = 24 * 60 * 60 * 1000;
/** A registered PERSONAL directory with nothing AWS refuses, as DescribeWorkspaceDirectories says. */
const CLEAN_DIRECTORY = { State: "REGISTERED", WorkspaceType: "PERSONAL", ipGroupIds: [] };
const P = "workspaces-privatelink";

describe("who a cut-over cuts off, at preview", function () {
  this.timeout(180_000);
  let lab: CutoverLab;
  let host: AnalyzerHost;
  let A: string;

  before(async function () {
    lab = await CutoverLab.startOrSkip(this);
    A = await lab.directory("corp.example.com");
    const [alice, bob, erin, ...others] = await lab.workspaces(A, [
      { userName: "alice", protocol: "WSP" },
      { userName: "bob", protocol: "WSP" },
      { userName: "erin", protocol: "PCOIP" },
      ...Array.from({ length: 6 }, (_, i) => ({ userName: `far${i}`, protocol: "WSP" as const })),
    ]);
    const now = Date.now();
    await lab.signInLog(`/aws/events/${P}/prod/sign-ins`, [
      { workspaceId: alice, ip: "203.0.113.5", at: now - DAY },
      { workspaceId: bob, ip: "192.168.10.4", at: now - DAY },
      { workspaceId: erin, ip: "203.0.113.6", at: now - DAY },
      ...others.map((workspaceId, i) => ({ workspaceId, ip: `198.51.100.${i + 1}`, at: now - 2 * DAY })),
    ]);
    host = await AnalyzerHost.start();
  });

  after(async () => {
    host?.stop();
    await lab?.stop();
  });

  /** The prod stack streaming the lab's directory A, previewed; with the warnings the program logged. */
  async function preview(
    stack = "prod",
  ): Promise<{ run: ProgramRun; warnings: [string, string | undefined][] }> {
    const { config } = readStackConfig("prod", LAB_STACKS);
    delete config[`${P}:directory`];
    config[`${P}:directories`] = JSON.stringify([{ directoryId: A }]);
    const warnings: [string, string | undefined][] = [];
    const original = pulumi.log.warn;
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message, resource) => {
      warnings.push([message, resource ? await new Promise((r) => resource.urn.apply(r)) : undefined]);
    };
    try {
      const run = await runProgram({ config, stack, preview: true, dynamicChecks: true });
      return { run, warnings };
    } finally {
      (pulumi.log as { warn: typeof pulumi.log.warn }).warn = original;
    }
  }

  it("warns on the association with the counts and examples, and the pack advises, through the analyzer host", async () => {
    const { run, warnings } = await preview();
    const association = run.get(
      "pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation",
      `streaming-${A}`,
    );
    assert.deepEqual(
      warnings.filter(([m]) => m.startsWith(`directory ${A}`)),
      [
        [
          `directory ${A} starts streaming through the endpoint: of its 9 WorkSpaces, 1 private, 7 cut-off, 0 pcoip-internet, 1 pcoip-blocked, 0 unknown (sign-ins of the last 14 days); cut off: alice (203.0.113.5), far0 (198.51.100.1), far1 (198.51.100.2), far2 (198.51.100.3), far3 (198.51.100.4). npx workspaces-privatelink cutover lists them all.`,
          association.urn,
        ],
      ],
    );
    const served = (await host.analyze(snapshotOf(run.resources))).filter((s) =>
      s.startsWith("workspaces-streaming-cut-off-users"),
    );
    assert.deepEqual(served, [
      `workspaces-streaming-cut-off-users advisory StreamingEndpointAssociation "streaming-${A}" switches directory ${A} to the endpoint, which cuts off 7 DCV WorkSpace(s) whose users signed in from outside the routed ranges (the sign-in log /aws/events/${P}/prod/sign-ins, the last 14 days, read during preview); route those clients to the endpoint first (or list their networks' public egress in signInLog.egressCidrs if they are routed already), or keep associate: false for now. npx workspaces-privatelink cutover lists them.`,
    ]);
  });

  it("lets maxCutOffWorkspaces allow a planned number", async () => {
    const { run } = await preview();
    const findings = (cfg: PolicyPackConfig) =>
      evaluate(snapshotOf(run.resources), policies, cfg).then(
        (f) => f.filter((x) => x.policy === "workspaces-streaming-cut-off-users").length,
      );
    assert.equal(await findings({}), 1);
    assert.equal(await findings({ "workspaces-streaming-cut-off-users": { maxCutOffWorkspaces: 7 } }), 0);
  });

  it("says what could not be read, never failing the preview, and the pack could not decide", async () => {
    const { run, warnings } = await preview("staging"); // no sign-in log for this stack yet
    assert.deepEqual(
      warnings.filter(([m]) => m.startsWith(`directory ${A}`)).map(([m]) => m),
      [
        `directory ${A} starts streaming through the endpoint, but who that cuts off is unknown: could not read the sign-in log /aws/events/${P}/staging/sign-ins in ap-northeast-1: it does not exist (yet) (ResourceNotFoundException: The specified log group does not exist.); it needs logs:FilterLogEvents on that log group. Switch as the runbook does: set associate: false for it and run up (the path is built, nothing switches), wait for a week of sign-ins, run npx workspaces-privatelink cutover, then set associate: true once it cuts no one off.`,
      ],
    );
    const served = (await host.analyze(snapshotOf(run.resources))).filter((s) =>
      s.startsWith("workspaces-streaming-cut-off-users"),
    );
    assert.equal(served.length, 1);
    assert.match(
      served[0],
      /^workspaces-streaming-cut-off-users advisory can't run policy 'workspaces-streaming-cut-off-users' from policy pack '[^']+' during preview: StreamingEndpointAssociation "streaming-d-[0-9a-f]+": who switching directory d-[0-9a-f]+ cuts off is unknown \(could not read the sign-in log /,
    );
  });

  it("reads nothing for a directory that streams through an endpoint already", async () => {
    // The association's read at preview, given a directory that streams through an endpoint: a
    // sign-in log that does not exist would be said if it were read.
    const aws = {
      sdk: { profile: undefined, credentials: undefined },
      directory: async () => ({ DirectoryId: "d-1234567890", ...CLEAN_DIRECTORY }),
      workspaces: async () => [],
      endpointOf: () => "vpce-0123456789abcdef0",
    } as unknown as Aws;
    const found = await readForPreview(
      aws,
      {
        directoryId: "d-1234567890",
        vpcEndpointId: "vpce-0123456789abcdef0",
        allowPcoipOverInternet: false,
        takeOver: false,
        region: "ap-northeast-1",
      },
      { signIns: { logGroupName: "/aws/events/nowhere", routedCidrs: [], days: 14 } },
    );
    assert.deepEqual([found.cutOver, found.warnings], [undefined, []]);
  });

  it("decides offline from a cut-over report given with --observed", async () => {
    const root = projectWith(fs.mkdtempSync(path.join(os.tmpdir(), "cutover-check-")), {
      one: prodWithDirectories(`    - directoryId: ${A}\n`),
    });
    try {
      const report = {
        window: { from: "2026-11-18T00:00:00.000Z", to: "2026-12-02T00:00:00.000Z" },
        directories: [
          {
            directoryId: A,
            workspaces: [
              { workspaceId: "ws-1", userName: "alice", protocol: "DCV", verdict: "cut-off", signIns: [] },
              { workspaceId: "ws-2", userName: "bob", protocol: "DCV", verdict: "private", signIns: [] },
            ],
          },
        ],
        counts: { private: 1, "cut-off": 1, "pcoip-internet": 0, "pcoip-blocked": 0, unknown: 0 },
      };
      const result = await checkStacks({
        root,
        stacks: ["one"],
        observed: { one: { [CUTOVER_REPORT]: report } },
      });
      assert.deepEqual(
        result.findings
          .filter((f) => f.policy === "workspaces-streaming-cut-off-users")
          .map((f) => f.message),
        [
          `StreamingEndpointAssociation "streaming-${A}" switches directory ${A} to the endpoint, which cuts off 1 DCV WorkSpace(s) whose users signed in from outside the routed ranges (the cut-over report of 2026-11-18T00:00:00.000Z to 2026-12-02T00:00:00.000Z); route those clients to the endpoint first (or list their networks' public egress in signInLog.egressCidrs if they are routed already), or keep associate: false for now. npx workspaces-privatelink cutover lists them.`,
        ],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
