/**
 * The landing-zone consumer (examples/landing-zone): a program of its own with two explicit aws
 * providers (two accounts), the endpoint's VPC made in the same program, its subnets from a
 * StackReference, two directories (one switched) and its own tags. Under Pulumi's mocks: every
 * lookup of the setup goes through the member account's provider, every child is made with it, no
 * AWS call leaves the mocks (the SDK pointed at a loopback server that records requests), checks
 * that wait for an unknown VPC say so at preview and fail once it resolves wrong. And it
 * type-checks with the stock `pulumi new aws-typescript` tsconfig, unchanged.
 */
import { DescribeWorkspaceDirectoriesCommand, WorkSpacesClient } from "@aws-sdk/client-workspaces";
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import type * as http from "http";
import * as os from "os";
import * as path from "path";
import { defaultCall } from "../../scripts/mockCloud";
import { readStackConfig } from "../../scripts/stackConfig";
import { withEnv } from "../standins/aws";
import { LoopbackServer } from "../standins/loopback";
import { ProgramFailed, type ProgramRun, runProgram } from "../standins/mockProgram";

const ROOT = path.join(__dirname, "..", "..");
const EXAMPLE = path.join(ROOT, "examples", "landing-zone");
const P = "landing-zone-streaming";
const MEMBER = "222222222222";
const MANAGEMENT = "111111111111";
const VPC = "vpc-0f0e0d0c0b0a09080";
const SUBNETS = ["subnet-0a40a40a40a40a401", "subnet-0a40a40a40a40a402"];
const T = {
  vpc: "aws:ec2/vpc:Vpc",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  association: "pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation",
  parameter: "aws:ssm/parameter:Parameter",
  component: "workspaces-privatelink:index:WorkspacesStreaming",
};

/** Every AWS request that reaches it, answered 503: where the SDK would send any call of the program's. */
class AwsRecorder extends LoopbackServer {
  readonly requests: string[] = [];
  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.requests.push(`${req.method} ${req.url} ${String(req.headers["x-amz-target"] ?? "")}`);
    res.writeHead(503, { "content-type": "application/json" });
    res.end(JSON.stringify({ __type: "ServiceUnavailable", message: "recorded" }));
  }
}

/**
 * The two accounts as the mocks answer them: the member's provider (which assumes the role)
 * reaches the member account, any other the management account; the VPC and subnets are the
 * member's (or `vpcOwner`'s), one subnet per zone where the service is offered.
 */
function twoAccounts(vpcOwner = MEMBER) {
  return (args: pulumi.runtime.MockCallArgs): Record<string, unknown> => {
    const account = (args.provider ?? "").includes("::member::") ? MEMBER : MANAGEMENT;
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return { id: account, accountId: account, arn: `arn:aws:iam::${account}:user/x`, userId: "AIDAX" };
      case "aws:ec2/getVpc:getVpc":
        return {
          id: args.inputs.id,
          ownerId: vpcOwner,
          cidrBlock: "10.40.0.0/16",
          cidrBlockAssociations: [{ cidrBlock: "10.40.0.0/16", state: "associated" }],
          enableDnsSupport: true,
          enableDnsHostnames: true,
        };
      case "aws:ec2/getSubnet:getSubnet": {
        const i = SUBNETS.indexOf(String(args.inputs.id));
        return {
          id: args.inputs.id,
          vpcId: VPC,
          ownerId: MEMBER,
          availabilityZone: `ap-northeast-1${"ac"[i]}`,
          availabilityZoneId: `apne1-az${i + 1}`,
        };
      }
      default:
        return defaultCall(args);
    }
  };
}

async function runLandingZone(options: { preview?: boolean; vpcOwner?: string; unknownVpc?: boolean } = {}) {
  return runProgram({
    config: readStackConfig("example", EXAMPLE).config,
    stack: "example",
    project: P,
    program: path.join(EXAMPLE, "index.ts"),
    call: twoAccounts(options.vpcOwner),
    preview: options.preview,
    ids: { [`${T.vpc}::streaming`]: VPC },
    unknownAtPreview: options.unknownVpc ? (type) => type === T.vpc : undefined,
    // The network team's stack, as its StackReference reads it.
    outputs: ({ type }) =>
      type === "pulumi:pulumi:StackReference"
        ? { outputs: { streamingSubnetIds: SUBNETS }, secretOutputNames: [] }
        : undefined,
  });
}

/** Every resource's provider reference, by its resource's name: `<type> <name> -> <provider's name>`. */
function providersOf(run: ProgramRun, types: readonly string[]): string[] {
  return run.resources
    .filter((r) => types.includes(r.type))
    .map((r) => `${r.type} ${r.name} -> ${r.provider.split("::")[3] ?? "(default)"}`);
}

describe("the landing-zone consumer (examples/landing-zone)", function () {
  this.timeout(300_000);
  let recorder: AwsRecorder;
  /** The SDK pointed at the recorder for every service, with credentials it would sign with. */
  let env: Record<string, string | undefined>;

  before(async () => {
    recorder = await new AwsRecorder().start();
    env = {
      AWS_ENDPOINT_URL: recorder.url,
      AWS_ENDPOINT_URL_WORKSPACES: recorder.url,
      AWS_ENDPOINT_URL_EC2: recorder.url,
      AWS_ENDPOINT_URL_STS: recorder.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: recorder.url,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7RECORDS",
      AWS_SECRET_ACCESS_KEY: "recorder-secret-not-real",
      AWS_REGION: "ap-northeast-1",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: undefined,
    };
  });
  after(async () => recorder?.stop());

  it("sends every lookup of the setup, and every child, through the member account's provider", async () => {
    const run = await withEnv(env, () => runLandingZone());
    const setupInvokes = run.invokes.filter((i) => i.provider !== "");
    assert.deepEqual(
      [...new Set(setupInvokes.map((i) => i.provider.split("::")[3]))],
      ["member"],
      "the component's lookups go through opts.provider",
    );
    assert.deepEqual(
      run.invokes.filter((i) => i.provider === "").map((i) => i.token),
      [],
      "no lookup falls back to the default provider",
    );
    const calls = setupInvokes.map((i) => `${i.token.split(":").pop()} ${String(i.inputs.id ?? "")}`.trim());
    assert.deepEqual(calls.slice(0, 3), ["getRegion", "getCallerIdentity", "getVpcEndpointService"]);
    // The VPC's and the subnets' checks run once their IDs resolve (an Output each), before anything
    // that uses them is made.
    assert.deepEqual(
      calls.filter((call) => /^get(Vpc|Subnet) /.test(call)),
      [`getVpc ${VPC}`, `getSubnet ${SUBNETS[0]}`, `getSubnet ${SUBNETS[1]}`],
    );
    const children = run.resources.filter(
      (r) => r.custom && r.parent !== "" && r.type.startsWith("aws:") && r.urn.includes(`${T.component}$`),
    );
    assert.ok(children.length >= 15, `${children.length} children`);
    assert.deepEqual(
      [...new Set(children.map((r) => r.provider.split("::")[3]))],
      ["member"],
      "every aws child of the component is made in the member account",
    );
    assert.deepEqual(providersOf(run, [T.parameter, T.vpc]), [
      `${T.vpc} streaming -> member`,
      `${T.parameter} streaming-endpoint -> management`,
    ]);
  });

  it("puts the endpoint in the VPC made here and the referenced subnets, tagged the landing zone's way", async () => {
    const run = await withEnv(env, () => runLandingZone());
    const endpoint = run.get(T.endpoint, "streaming-endpoint").inputs;
    assert.deepEqual([endpoint.vpcId, endpoint.subnetIds], [VPC, SUBNETS]);
    assert.deepEqual(endpoint.tags, {
      "cost-center": "euc-4711",
      "managed-by": "landing-zone",
      Name: "streaming",
      "workspaces-privatelink:project": P,
      "workspaces-privatelink:stack": "example",
      "workspaces-privatelink:component": "streaming",
    });
    const untagged = run.resources.filter(
      (r) =>
        r.urn.includes(`${T.component}$`) &&
        r.inputs.tags !== undefined &&
        (r.inputs.tags as Record<string, string>)["cost-center"] !== "euc-4711",
    );
    assert.deepEqual(
      untagged.map((r) => r.name),
      [],
      "every child that takes tags carries the landing zone's",
    );
  });

  it("says no word twice in a row in a name or a Name tag, and keeps 0.1.0's doubled names as aliases", async () => {
    // Named "streaming", the setup once had streaming-streaming (its endpoint) and a Name tag
    // streaming-streaming-streaming (issue 33).
    const run = await withEnv(env, () => runLandingZone());
    const doubled = (name: string) =>
      name.split("-").some((w, i, all) => i > 0 && w === all[i - 1] && /^[a-z]{2,}$/i.test(w)); // not "0-0" of a CIDR
    const names = run.resources.flatMap((r) => [
      r.name,
      String((r.inputs.tags as { Name?: string })?.Name ?? ""),
    ]);
    assert.deepEqual(names.filter(doubled), []);
    const aliased = run.resources
      .filter((r) => r.aliases.length > 0)
      .map((r) => `${r.name} <- ${r.aliases.join(", ")}`)
      .sort();
    assert.deepEqual(aliased, [
      "streaming <- streaming-streaming",
      // the first directory's association was named "streaming" before directories were listed by ID
      "streaming-d-95670a1b2c <- streaming, streaming-streaming, streaming-streaming-d-95670a1b2c",
    ]);
  });

  it("switches one directory of two, its association acting in the member account through the role", async () => {
    const run = await withEnv(env, () => runLandingZone());
    const associations = run.ofType(T.association);
    assert.deepEqual(
      associations.map((a) => a.name),
      ["streaming-d-95670a1b2c"],
    );
    const { __provider: _p, ...inputs } = associations[0].inputs;
    assert.deepEqual(inputs, {
      directoryId: "d-95670a1b2c",
      vpcEndpointId: run.get(T.endpoint, "streaming-endpoint").id,
      allowPcoipOverInternet: false,
      ownDns: false,
      takeOver: false,
      region: "ap-northeast-1",
      accountId: MEMBER,
      assumeRole: { roleArn: `arn:aws:iam::${MEMBER}:role/platform-deployer`, sessionName: "landing-zone" },
    });
    assert.deepEqual(run.outputs.directoryIds, ["d-95670a1b2c", "d-9067a1b2c3"]);
  });

  it("makes no AWS call outside the mocks, preview or not, with credentials in the environment", async () => {
    recorder.requests.length = 0;
    await withEnv(env, () => runLandingZone({ preview: true }));
    await withEnv(env, () => runLandingZone());
    assert.deepEqual(recorder.requests, []);
    // The control: a call the AWS SDK makes does reach the recorder.
    await withEnv(env, async () => {
      const client = new WorkSpacesClient({ maxAttempts: 1 });
      await client.send(new DescribeWorkspaceDirectoriesCommand({})).catch(() => undefined);
      client.destroy();
    });
    assert.equal(recorder.requests.length, 1);
  });

  it("says at preview which checks wait for a VPC not made yet, and makes nothing that needs them", async () => {
    const infos: string[] = [];
    const original = pulumi.log.info;
    (pulumi.log as { info: typeof pulumi.log.info }).info = async (message) => void infos.push(message);
    let run: ProgramRun;
    try {
      run = await withEnv(env, () => runLandingZone({ preview: true, unknownVpc: true }));
    } finally {
      (pulumi.log as { info: typeof pulumi.log.info }).info = original;
    }
    assert.deepEqual(infos, [
      "the checks of streamingEndpoint.vpcId, streamingEndpoint.subnetIds (owner, zones, DNS, route tables) wait for their values, which this preview does not know yet: they run during the update, before the endpoint or a route is made, and fail it there if something is wrong.",
    ]);
    assert.deepEqual(
      run.invokes.filter((i) => i.token.endsWith("getVpc") || i.token.endsWith("getSubnet")),
      [],
      "nothing looked up before it is known",
    );
  });

  it("fails once the VPC resolves to one another account owns, before the endpoint is made", async () => {
    await assert.rejects(
      withEnv(env, () => runLandingZone({ vpcOwner: "333333333333" })),
      (error: unknown) => {
        assert.ok(error instanceof ProgramFailed);
        assert.equal(
          error.message,
          `The arguments of WorkspacesStreaming "streaming" have 1 problem; nothing was deployed:\n  - streamingEndpoint.vpcId: "${VPC}" is owned by account 333333333333, not ${MEMBER} where the stack deploys: a VPC shared with this account (AWS RAM) cannot hold the streaming endpoint; AWS supports streaming endpoints only in the directory's own account (not in shared VPCs)`,
        );
        assert.deepEqual(
          error.resources.filter((r) => r.type === T.endpoint),
          [],
        );
        return true;
      },
    );
  });

  it("type-checks with the stock `pulumi new aws-typescript` tsconfig, unchanged (TypeScript 5, no skipLibCheck)", () => {
    // The program as a user has it: its own folder, the template's tsconfig as it ships, and the
    // library installed beside @pulumi/* (here linked to this repository's build and modules).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landing-zone-"));
    try {
      for (const file of ["index.ts", "tsconfig.json"]) {
        fs.copyFileSync(path.join(EXAMPLE, file), path.join(dir, file));
      }
      fs.mkdirSync(path.join(dir, "node_modules"));
      fs.symlinkSync(ROOT, path.join(dir, "node_modules", "workspaces-privatelink"));
      for (const scope of ["@pulumi", "@types"]) {
        fs.symlinkSync(path.join(ROOT, "node_modules", scope), path.join(dir, "node_modules", scope));
      }
      const tsc = path.join(ROOT, "node_modules", "typescript-5", "bin", "tsc");
      execFileSync(process.execPath, [tsc, "--noEmit", "-p", dir], { encoding: "utf8" });
    } catch (error) {
      const out = (error as { stdout?: string }).stdout ?? String(error);
      assert.fail(`the stock tsconfig refuses the consumer:\n${out}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
