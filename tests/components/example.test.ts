/**
 * The example consumer (examples/existing-directory): a program of its own that imports the
 * library by its package name (resolved through package.json's `exports` to dist/, as an installed
 * package is) and builds the setup for an existing directory. `npm test` builds dist/ and
 * type-checks the example first; here it runs under mocks with its own stack file.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { mockCloud } from "../../scripts/mockCloud";
import { readStackConfig } from "../../scripts/stackConfig";
import { ProgramFailed, runProgram } from "../standins/mockProgram";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "existing-directory");
const P = "streaming-example";

function exampleConfig(change: Record<string, string> = {}) {
  return { ...readStackConfig("example", EXAMPLE).config, ...change };
}

/** The stand-in cloud, answering for the network the example names in its own settings. */
function cloudFor(config: Record<string, string>) {
  return mockCloud({
    "aws:region": config["aws:region"],
    "workspaces-privatelink:streamingEndpoint": JSON.stringify({
      vpcId: config[`${P}:vpcId`],
      subnetIds: JSON.parse(config[`${P}:subnetIds`]) as string[],
    }),
  });
}

async function runExample(change: Record<string, string> = {}) {
  const config = exampleConfig(change);
  return runProgram({
    config,
    stack: "example",
    project: P,
    program: path.join(EXAMPLE, "index.ts"),
    call: cloudFor(config),
  });
}

const ROOT = path.join(__dirname, "..", "..");
/** The folders whose sources the library is built from. */
const LIBRARY_SOURCES = [
  "library.ts",
  "outputs.ts",
  "components",
  "config",
  "cutover",
  "providers",
  "policy",
];

function newestSource(): { file: string; mtimeMs: number } {
  const files = LIBRARY_SOURCES.flatMap((entry) => {
    const full = path.join(ROOT, entry);
    return fs.statSync(full).isDirectory()
      ? fs
          .readdirSync(full, { recursive: true, encoding: "utf8" })
          .filter((f) => f.endsWith(".ts") && !f.includes("node_modules"))
          .map((f) => path.join(full, f))
      : [full];
  });
  return files
    .map((file) => ({ file, mtimeMs: fs.statSync(file).mtimeMs }))
    .reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
}

describe("the example consumer program (examples/existing-directory)", () => {
  before(() => {
    // npm test builds dist/ first; a run of mocha alone after an edit would test the old build.
    const built = path.join(ROOT, "dist", "library.js");
    const newest = newestSource();
    assert.ok(
      fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest.mtimeMs,
      `dist/ is older than ${path.relative(ROOT, newest.file)}: run npm run build (npm test does)`,
    );
  });

  it("loads the library through the package's exports, not the sources", () => {
    assert.equal(
      require.resolve("workspaces-privatelink", { paths: [EXAMPLE] }),
      path.resolve(__dirname, "..", "..", "dist", "library.js"),
    );
  });

  it("builds the setup on its network and directory, every child named after its component", async () => {
    const run = await runExample();
    assert.equal(run.get("workspaces-privatelink:index:WorkspacesStreaming", "streaming").parent, "");
    // Built for, not switched: no association yet.
    const association = run.ofType("pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation")[0];
    assert.deepEqual(association, undefined);
    const endpoint = run.get("aws:ec2/vpcEndpoint:VpcEndpoint", "streaming-endpoint");
    assert.equal(endpoint.inputs.serviceName, "com.amazonaws.ap-northeast-1.highlander");
    assert.equal(endpoint.inputs.vpcId, "vpc-0a1b2c3d4e5f60718");
    assert.equal(
      endpoint.parent,
      run.get("workspaces-privatelink:streaming:StreamingEndpoint", "streaming").urn,
    );
    // None of the lab, and every name prefixed.
    assert.deepEqual(run.ofType("aws:ec2/vpc:Vpc"), []);
    assert.deepEqual(run.ofType("aws:ec2/instance:Instance"), []);
    assert.deepEqual(
      run.resources.filter((r) => !r.name.startsWith("streaming")).map((r) => r.name),
      [],
    );
    assert.deepEqual(
      run
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter(
          (r) =>
            r.inputs.securityGroupId === run.get("aws:ec2/securityGroup:SecurityGroup", "streaming-sg").id,
        )
        .map(
          (r) => `${String(r.inputs.ipProtocol)} ${String(r.inputs.fromPort)} ${String(r.inputs.cidrIpv4)}`,
        )
        .sort(),
      [
        "tcp 4195 192.168.0.0/16",
        "tcp 443 192.168.0.0/16",
        "udp 4195 192.168.0.0/16",
        "udp 443 192.168.0.0/16",
      ],
    );
    // Physical names carry the component's name too, so two setups in one stack never collide.
    assert.equal(
      run.get("aws:cloudwatch/logGroup:LogGroup", "streaming-sign-ins-group").inputs.name,
      "/aws/events/streaming-example/example-streaming/sign-ins",
    );
    assert.equal(
      run.get("aws:cloudwatch/dashboard:Dashboard", "streaming-monitoring-dashboard").inputs.dashboardName,
      "streaming-example-example-streaming",
    );
    assert.deepEqual(run.outputs, {
      streamingEndpointId: endpoint.id,
      dnsResolverIps: ["10.99.0.53", "10.99.1.53"],
      dnsForwardDomains: ["privatelink.prod.ap-northeast-1.highlander.aws.a2z.com"],
      directoryIds: ["d-95670a1b2c"],
    });
  });

  it("fails before any resource on a bad setting, naming it as the program sets it", async () => {
    await assert.rejects(
      runExample({ [`${P}:clientCidrs`]: JSON.stringify(["192.168.0.0/33"]) }),
      (error: unknown) => {
        assert.ok(error instanceof ProgramFailed);
        assert.deepEqual(error.resources, []);
        assert.equal(
          error.message,
          'The arguments of WorkspacesStreaming "streaming" have 1 problem; nothing was deployed:\n  - streamingEndpoint.allowedCidrs[0]: "192.168.0.0/33" is not an IPv4 CIDR block; write e.g. "192.168.0.0/16"',
        );
        return true;
      },
    );
  });
});
