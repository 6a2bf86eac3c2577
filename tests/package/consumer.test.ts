/**
 * The package as a team installs it: `npm pack`'s tarball, installed in a folder outside this
 * repository (its own package.json, nothing from this repository's node_modules) with the lowest
 * peers the package allows (`.ci/peer-versions.json`; `.ci/run` runs this again with the highest,
 * WORKSPACES_PRIVATELINK_PEERS=highest). There: the landing-zone program type-checks with the stock
 * tsconfig; its own unit test runs with the library's testing helpers; the serialized association,
 * as the program's own @pulumi/pulumi serializes it, is run by that @pulumi/pulumi's
 * dynamic-provider host in the program's folder (as the engine starts it) against the AWS
 * stand-ins; and the installed command runs the cut-over report's help and the doctor.
 *
 * Needs the npm registry (the peers are downloaded, or taken from npm's cache).
 */
import { strict as assert } from "assert";
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AwsStandIns, REGION, startAwsStandInsOrSkip } from "../standins/aws";
import { DnsStandIn } from "../standins/dns";
import { HostEngine } from "../standins/hostEngine";
import { changedSteps, engineOrSkip, pulumiOk } from "../engine/project";
import type { Engine } from "../engine/run";
import { AnalyzerHost } from "../standins/analyzerHost";
import { policies } from "../../policy/policies";
import { CLEAN_OBSERVATION } from "../../testing/resources";

const ROOT = path.join(__dirname, "..", "..");
const VERSIONS = JSON.parse(fs.readFileSync(path.join(ROOT, ".ci", "peer-versions.json"), "utf8")) as Record<
  "lowest" | "highest" | "consumer",
  Record<string, string>
>;
const WHICH = process.env.WORKSPACES_PRIVATELINK_PEERS === "highest" ? "highest" : "lowest";
const PEERS = VERSIONS[WHICH];
/** What the pack says of an endpoint that is not IPv4 only. */
const EXPECTED_DUALSTACK =
  'workspaces-streaming-ipv4-only mandatory VpcEndpoint "streaming-endpoint" has ipAddressType "dualstack"; WorkSpaces streaming is IPv4 only: set ipAddressType "ipv4" and dnsOptions.dnsRecordIpType "ipv4".';
const runtimePeers = Object.fromEntries(Object.entries(PEERS).filter(([name]) => name !== "@pulumi/policy"));
const D1 = "d-1111111111";
/** The landing-zone example's directories (examples/landing-zone/Pulumi.example.yaml). */
const SWITCHED = "d-95670a1b2c";
const BUILT_FOR = "d-9067a1b2c3";
/** The landing zone's accounts: the pipeline's own, and the member its example role is in. */
const MANAGEMENT = "123456789012";
const MEMBER = "222222222222";

/** Runs a command in the consumer's folder; its output, or a failure with what it printed. */
function run(dir: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd: dir, env, encoding: "utf8", timeout: 240_000 });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

function ok(dir: string, command: string, args: string[], env?: NodeJS.ProcessEnv): string {
  const result = run(dir, command, args, env);
  assert.equal(result.status, 0, `${command} ${args.join(" ")}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe(`the package as a team installs it (npm pack; ${WHICH} peers: ${Object.entries(PEERS)
  .map(([p, v]) => `${p}@${v}`)
  .join(", ")})`, function () {
  this.timeout(600_000);
  let dir: string;
  let tarball: string;

  before(function () {
    const built = path.join(ROOT, "dist", "library.js");
    assert.ok(fs.existsSync(built), "dist/ is built first (npm test does)");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-"));
    execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: ROOT });
    tarball = path.join(
      dir,
      fs.readdirSync(dir).find((f) => f.endsWith(".tgz"))!,
    );
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify(
        {
          name: "landing-zone-streaming",
          private: true,
          dependencies: { "workspaces-privatelink": `file:${tarball}`, ...runtimePeers },
          // The pack's peer: only the offline check (policy-check) needs it, in CI.
          devDependencies: { ...VERSIONS.consumer, "@pulumi/policy": PEERS["@pulumi/policy"] },
        },
        null,
        2,
      ),
    );
    for (const file of ["index.ts", "tsconfig.json", "Pulumi.yaml", "Pulumi.example.yaml"]) {
      fs.copyFileSync(path.join(ROOT, "examples", "landing-zone", file), path.join(dir, file));
    }
    fs.copyFileSync(
      path.join(__dirname, "..", "fixtures", "consumer", "program.spec.ts"),
      path.join(dir, "index.test.ts"),
    );
    const install = run(dir, "npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
    ]);
    if (install.status !== 0) {
      throw new Error(`npm install in ${dir} failed:\n${install.stdout}\n${install.stderr}`);
    }
  });

  after(() => {
    if (dir && !process.env.KEEP_CONSUMER) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("installs the tarball, with its peers at the versions asked, and links nothing to this repository", () => {
    const installed = path.join(dir, "node_modules", "workspaces-privatelink");
    assert.equal(fs.lstatSync(installed).isSymbolicLink(), false);
    for (const [name, version] of Object.entries(PEERS)) {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8"),
      ) as { version: string };
      assert.equal(manifest.version.replace(/^v/, ""), version, name); // @pulumi/tls 5.0.1 says "v5.0.1"
    }
    for (const file of [
      "LICENSE",
      "README.md",
      "dist/cli.js",
      "dist/testing/index.d.ts",
      "docs/library.md",
      "dist/policy-pack/index.js",
      "dist/policy-pack/PulumiPolicy.yaml",
    ]) {
      assert.ok(fs.existsSync(path.join(installed, file)), `the package ships ${file}`);
    }
    assert.equal(
      fs.existsSync(path.join(installed, "policy")),
      false,
      "the pack ships as JavaScript, not its source",
    );
  });

  it("type-checks the landing-zone program and its test with the stock tsconfig (no skipLibCheck)", () => {
    ok(dir, process.execPath, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "."]);
  });

  it("runs the program's own unit test with workspaces-privatelink/testing and nothing else", () => {
    const out = ok(dir, process.execPath, ["--test", path.join("bin", "index.test.js")]);
    assert.match(out, /# pass 1/);
    assert.match(out, /# fail 0/);
  });

  describe("the association, as the program's engine runs it", () => {
    let aws: AwsStandIns;
    let endpoint: string;
    before(async function () {
      aws = await startAwsStandInsOrSkip(this);
      endpoint = await aws.createEndpoint();
      aws.workspaces.addDirectory({ DirectoryId: D1 });
    });
    after(async () => aws?.stop());

    it("is serialized by the program's @pulumi/pulumi, all by value, and its host creates, refreshes and restores it against the stand-ins", async () => {
      // What the engine keeps in the state: the provider as the program's own SDK serializes it.
      const text = ok(dir, process.execPath, [
        "-e",
        `const pulumi = require("@pulumi/pulumi");
         const { StreamingEndpointAssociationProvider } = require("workspaces-privatelink");
         const provider = new StreamingEndpointAssociationProvider();
         pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true }).then((s) => process.stdout.write(s.text));`,
      ]);
      assert.doesNotMatch(
        text,
        /require\("workspaces-privatelink/,
        "nothing of the library is required by its path",
      );
      const engine = new HostEngine(
        text,
        { ...process.env, ...aws.env } as NodeJS.ProcessEnv,
        { "aws:region": REGION },
        {
          host: path.join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js"),
          cwd: dir,
        },
      );
      await engine.start();
      try {
        const inputs = {
          directoryId: D1,
          vpcEndpointId: endpoint,
          region: REGION,
          accountId: "123456789012",
        };
        assert.equal(await engine.up(inputs), "create");
        const streaming = () =>
          aws.workspaces.truth(D1).WorkspaceAccessProperties.AccessEndpointConfig?.AccessEndpoints ?? [];
        assert.deepEqual(streaming(), [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: endpoint }]);
        aws.workspaces.changeOutOfBand(D1, (d) => {
          d.WorkspaceAccessProperties.AccessEndpointConfig = { AccessEndpoints: [] };
        });
        assert.equal(await engine.refresh(), true);
        assert.equal(await engine.up(inputs), "update", "the refresh saw the drift; the next up restores it");
        assert.deepEqual(streaming(), [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: endpoint }]);
        await engine.destroy();
        assert.deepEqual(streaming(), []);
      } finally {
        engine.stop();
      }
    });
  });

  describe("the command the package installs", () => {
    const npx = (args: string[]) => run(dir, "npx", ["--no-install", "workspaces-privatelink", ...args]);

    it("prints the cut-over report's usage for cutover --help, exit 0", () => {
      const help = npx(["cutover", "--help"]);
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, /^usage: workspaces-privatelink cutover --outputs FILE/);
    });

    it("says a usage mistake in one line with the usage, exit 2, no stack trace", () => {
      const wrong = npx(["cutover", "--outputz", "x.json"]);
      assert.equal(wrong.status, 2);
      assert.match(
        wrong.stderr,
        /^cutover: Unknown option '--outputz' \(did you mean --outputs\?\)\nusage: /,
      );
      assert.doesNotMatch(wrong.stderr, /\n\s+at /);
      const none = npx(["cutovr"]);
      assert.equal(none.status, 2);
      assert.match(none.stderr, /^workspaces-privatelink: "cutovr" is not a command/);
    });

    it("runs the doctor on a stack's outputs against a DNS stand-in that never heard of the private name: both failures, each with its fix", async () => {
      // The office resolver that does not forward the PrivateLink zone: NXDOMAIN for the name.
      // The endpoint's address is this machine's loopback, where nothing listens on 443.
      const hostname = "privatelink.prod.ap-northeast-1.highlander.aws.a2z.com";
      const dns = await new DnsStandIn({ "example.internal": ["127.0.0.1"] }).start();
      try {
        fs.writeFileSync(
          path.join(dir, "outputs.json"),
          JSON.stringify({
            region: REGION,
            privateLinkHostname: hostname,
            streamingEndpointIps: ["127.0.0.1"],
          }),
        );
        // Asynchronous: the DNS stand-in answers from this process meanwhile.
        const doctor = await spawnAsync(dir, "npx", [
          "--no-install",
          "workspaces-privatelink",
          "doctor",
          "--outputs",
          "outputs.json",
          "--dns-server",
          dns.address,
          "--only",
          "dns,tcp-443",
          "--timeout-ms",
          "500",
          "--json",
        ]);
        assert.equal(doctor.status, 1, doctor.stderr + doctor.stdout);
        const report = JSON.parse(doctor.stdout) as {
          checks: { name: string; status: string; detail: string; fix: string | null }[];
        };
        const [dnsCheck, tcp, ...rest] = report.checks;
        assert.equal(dnsCheck.status, "FAIL");
        assert.match(
          dnsCheck.detail,
          new RegExp(`^${hostname.replace(/\./g, "\\.")} does not resolve \\(NXDOMAIN\\)`),
        );
        assert.match(
          dnsCheck.fix!,
          /^forward privatelink\.prod\.ap-northeast-1\.highlander\.aws\.a2z\.com to a Route 53 Resolver inbound endpoint/,
        );
        assert.equal(tcp.status, "FAIL");
        assert.equal(tcp.detail, "TCP 443: 127.0.0.1 refused (nothing listens there)");
        assert.deepEqual(
          rest.map((c) => `${c.name} ${c.status}`),
          ["tcp-4195 SKIP", "quic-443 SKIP", "quic-4195 SKIP", "signin SKIP", "summary FAIL"],
        );
        assert.ok(dns.asked.length > 0 && dns.asked.every((name) => name === hostname), dns.asked.join(", "));
      } finally {
        dns.stop();
      }
    });
  });

  describe("the policy pack, from the installed package", () => {
    const npx = (args: string[]) => run(dir, "npx", ["--no-install", "workspaces-privatelink", ...args]);
    const SUBNETS = ["subnet-0a40a40a40a40a401", "subnet-0a40a40a40a40a402"];

    before(() => {
      // The account the team's program runs in, for the offline check's mocks (AccountDescription).
      fs.writeFileSync(
        path.join(dir, "account.json"),
        JSON.stringify({
          providers: { member: { accountId: MEMBER } },
          subnets: SUBNETS.map((id) => ({ id })),
          stackOutputs: { "network-team/member-network/prod": { streamingSubnetIds: SUBNETS } },
        }),
      );
    });

    it("policy-check runs the team's program on its stack file under the testing mocks, and leaves the directory rules to its outputs", () => {
      const check = npx(["policy-check", "--stack", "example", "--account", "account.json"]);
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.equal(check.stderr, "");
      assert.match(
        check.stdout,
        /^0 mandatory, 0 advisory; checked example \(29 resources\); undecided in example$/m,
      );
      assert.match(check.stdout, /pulumi stack output --stack example --json > example-outputs\.json/);
    });

    it("policy-check decides them from `pulumi stack output --json`, the contract under streamingOutputs: a FIPS directory is refused, exit 1", () => {
      const observed = (mode: string) => ({
        associated: true,
        allowPcoipOverInternet: false,
        ...CLEAN_OBSERVATION,
        endpointEncryptionMode: mode,
      });
      fs.writeFileSync(
        path.join(dir, "example-outputs.json"),
        JSON.stringify({
          streamingEndpointId: "vpce-0123456789abcdef0",
          directoryIds: [SWITCHED, BUILT_FOR],
          streamingOutputs: {
            region: REGION,
            streamingEndpointId: "vpce-0123456789abcdef0",
            privateLinkHostname: "privatelink.prod.ap-northeast-1.highlander.aws.a2z.com",
            streamingAssociations: {
              [SWITCHED]: observed("FIPS_VALIDATED"),
              [BUILT_FOR]: { ...observed("STANDARD_TLS"), associated: false },
            },
          },
        }),
      );
      const check = npx([
        "policy-check",
        "--stack",
        "example",
        "--account",
        "account.json",
        "--observed",
        "example-outputs.json",
      ]);
      assert.equal(check.status, 1, check.stdout + check.stderr);
      const rows = check.stdout.split("\n").filter((line) => line.startsWith("example "));
      assert.deepEqual(
        rows.map((line) => line.split(/ {2,}/).slice(0, 4)),
        [
          [
            "example",
            "mandatory",
            "workspaces-streaming-no-fips",
            `StreamingEndpointAssociation "streaming-${SWITCHED}"`,
          ],
        ],
      );
      assert.match(check.stdout, /^1 mandatory, 0 advisory; checked example \(29 resources\)$/m);
    });

    it("serves from node_modules/workspaces-privatelink/dist/policy-pack once its dependencies are installed, as Pulumi's policy host starts it", async function () {
      this.timeout(300_000);
      const pack = path.join(dir, "node_modules", "workspaces-privatelink", "dist", "policy-pack");
      ok(dir, "npm", [
        "install",
        "--prefix",
        pack,
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--loglevel=error",
      ]);
      const host = await AnalyzerHost.start({ pack });
      try {
        const served = (await host.info()).getPoliciesList().map((p) => p.getName());
        assert.deepEqual(served.sort(), policies.map((p) => p.name).sort());
        const endpoint = {
          type: "aws:ec2/vpcEndpoint:VpcEndpoint",
          name: "streaming-endpoint",
          urn: "urn:pulumi:example::landing-zone-streaming::aws:ec2/vpcEndpoint:VpcEndpoint::streaming-endpoint",
          inputs: {
            serviceName: `com.amazonaws.${REGION}.highlander`,
            vpcEndpointType: "Interface",
            vpcId: "vpc-0a40a40a40a40a40a",
            subnetIds: SUBNETS,
            privateDnsEnabled: true,
            ipAddressType: "dualstack",
          },
          outputs: {},
          parent: "",
          dependencies: [],
          propertyDependencies: {},
          ignoreChanges: [],
        };
        assert.deepEqual(await host.analyzeResources([endpoint]), [EXPECTED_DUALSTACK]);
      } finally {
        host.stop();
      }
    });
  });

  describe("the team's program through the real Pulumi engine (two accounts)", () => {
    const SUBNETS = ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"];
    let engine: Engine;
    const streamsThrough = (directoryId: string) => engine.cloud.streamsThrough(directoryId);

    before(async function () {
      // The pipeline's credentials reach the management account; the program's `member` provider
      // assumes the example's role in the member account, where the directories are. The stand-in
      // providers make each resource in the account its provider reaches, and EC2 and STS answer
      // the association in the account its credentials reach.
      engine = await engineOrSkip(this, path.join(dir, ".engine"), {
        accountId: MANAGEMENT,
        providers: { member: { accountId: MEMBER, directories: [SWITCHED, BUILT_FOR] } },
        subnets: SUBNETS.map((id) => ({ id, ownerId: MEMBER })),
      });
      // The network team's stack, which vends the subnets (plain JavaScript, with the team's SDK).
      const network = path.join(dir, "member-network");
      fs.mkdirSync(network, { recursive: true });
      fs.writeFileSync(
        path.join(network, "Pulumi.yaml"),
        "name: member-network\nruntime: nodejs\nmain: index.js\n",
      );
      fs.writeFileSync(
        path.join(network, "index.js"),
        `exports.streamingSubnetIds = ${JSON.stringify(SUBNETS)};\n`,
      );
      fs.symlinkSync(path.join(dir, "node_modules"), path.join(network, "node_modules"));
      await pulumiOk(engine, network, ["stack", "init", "prod"]);
      await pulumiOk(engine, network, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      // The landing zone's stack: the example's file, with this account's role and that stack.
      const example = fs.readFileSync(path.join(dir, "Pulumi.example.yaml"), "utf8");
      fs.writeFileSync(
        path.join(dir, "Pulumi.lz.yaml"),
        example.replace(/networkStack: .*/, "networkStack: organization/member-network/prod"),
      );
      await pulumiOk(engine, dir, ["stack", "init", "lz"]);
    });

    after(async () => engine?.stop());

    it("goes up in the same up as its VPC, in the member account, switches the directory it says, and a second preview changes nothing", async () => {
      await pulumiOk(engine, dir, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      const made = engine.cloud.made("aws:ec2/vpcEndpoint:VpcEndpoint").map(([id]) => id);
      assert.equal(made.length, 1);
      // Everything of the streaming is in the member account; the registry, in the management one.
      const accounts = Object.values(engine.cloud.state.resources).map((r) => [r.type, r.accountId]);
      assert.deepEqual(
        accounts.filter(([type]) => type !== "aws:ssm/parameter:Parameter").filter(([, a]) => a !== MEMBER),
        [],
      );
      assert.deepEqual(
        accounts.filter(([type]) => type === "aws:ssm/parameter:Parameter"),
        [["aws:ssm/parameter:Parameter", MANAGEMENT]],
      );
      // The association assumed the member role before it wrote (STS: AssumeRole, then the caller).
      assert.ok(engine.cloud.sts.count("AssumeRole") > 0);
      // Every WorkSpaces call was made in the member account, where the directories are: the
      // stand-in answers another account's caller as AWS does, that the directory is not there.
      const workspacesCalls = engine.cloud.workspaces.calls;
      assert.ok(workspacesCalls.length > 0);
      assert.deepEqual(
        workspacesCalls.filter((c) => c.account !== MEMBER).map((c) => `${c.operation} in ${c.account}`),
        [],
      );
      assert.equal(streamsThrough(SWITCHED), made[0]);
      assert.equal(streamsThrough(BUILT_FOR), undefined);
      assert.deepEqual(changedSteps(await pulumiOk(engine, dir, ["preview", "--json"])), []);
      const outputs = JSON.parse((await pulumiOk(engine, dir, ["stack", "output", "--json"])).stdout) as {
        streamingOutputs: { streamingEndpointId: string; directoryIds: string[] };
      };
      assert.equal(outputs.streamingOutputs.streamingEndpointId, made[0]);
      assert.deepEqual(outputs.streamingOutputs.directoryIds, [SWITCHED, BUILT_FOR]);
    });
  });
});

/** A command run without blocking this process (which serves the stand-ins it talks to). */
function spawnAsync(dir: string, command: string, args: string[]): Promise<ReturnType<typeof run>> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
