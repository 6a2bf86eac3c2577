/**
 * The pack as CrossGuard runs it: policy/index.ts is started the way the Pulumi CLI's policy host
 * starts it (its own directory, its tsconfig, the dependencies the root `npm ci` installed), and
 * is asked over its gRPC analyzer protocol what it enforces and what it finds. The findings must
 * be exactly those of the offline evaluator on the same resources: the offline check and
 * `pulumi preview --policy-pack policy` run the same policies the same way.
 */
import * as grpc from "@grpc/grpc-js";
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { snapshotOf } from "../../scripts/policyCheck";
import { SnapshotResource, evaluate } from "../../policy/offline/evaluate";
import { policies } from "../../policy/policies";
import { runProgram } from "../standins/mockProgram";
import { readStackConfig } from "../../scripts/stackConfig";
import { writeProfile } from "../standins/aws";
import { WorkspacesStandIn } from "../standins/workspaces";

const POLICY_DIR = path.join(__dirname, "..", "..", "policy");
const FIXTURE = path.join(__dirname, "..", "fixtures", "streamingProgram.ts");
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

type Client = InstanceType<typeof analyzerGrpc.AnalyzerClient>;

function call<Req, Res>(
  method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => void,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(req, (err, res) => (err ? reject(err) : resolve(res))));
}

function struct(value: Record<string, unknown>): structPb.Struct {
  return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function options(r: SnapshotResource): analyzerPb.AnalyzerResourceOptions {
  const opts = new analyzerPb.AnalyzerResourceOptions();
  opts.setIgnorechangesList([...r.ignoreChanges]);
  if (r.parent) {
    opts.setParent(r.parent);
  }
  return opts;
}

describe("policy pack served over CrossGuard's analyzer protocol", function () {
  this.timeout(120_000);
  let host: ChildProcess;
  let client: Client;

  before(async () => {
    host = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], {
      cwd: POLICY_DIR,
      env: { ...process.env, TS_NODE_PROJECT: path.join(POLICY_DIR, "tsconfig.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    host.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      host.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      host.once("exit", (code) => reject(new Error(`the policy pack exited with ${code}: ${stderr}`)));
    });
    assert.match(port, /^\d+$/, "the analyzer prints its port, as the CLI expects");
    client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    host?.kill();
  });

  it("serves every policy with its name, description and enforcement level", async () => {
    const info = await call<emptyPb.Empty, analyzerPb.AnalyzerInfo>(
      client.getAnalyzerInfo.bind(client),
      new emptyPb.Empty(),
    );
    assert.equal(info.getName(), "workspaces-privatelink");
    assert.deepEqual(
      info.getPoliciesList().map((p) => [p.getName(), p.getDescription(), LEVELS[p.getEnforcementlevel()]]),
      policies.map((p) => [p.name, p.description, p.enforcementLevel]),
    );
  });

  /** Sends the snapshot to the pack as the engine does (each resource, then the stack) and returns what it found. */
  async function analyze(snapshot: SnapshotResource[]): Promise<string[]> {
    const descriptions = new Map(policies.map((p) => [p.name, p.description]));
    const served: string[] = [];
    const collect = (response: analyzerPb.AnalyzeResponse) => {
      for (const d of response.getDiagnosticsList()) {
        const prefix = `${descriptions.get(d.getPolicyname())}\n`;
        const message = d.getMessage().startsWith(prefix)
          ? d.getMessage().slice(prefix.length)
          : d.getMessage();
        served.push(`${d.getPolicyname()} ${LEVELS[d.getEnforcementlevel()]} ${message}`);
      }
    };
    for (const r of snapshot) {
      const request = new analyzerPb.AnalyzeRequest();
      request.setType(r.type);
      request.setName(r.name);
      request.setUrn(r.urn);
      request.setProperties(struct(r.inputs));
      request.setOptions(options(r));
      collect(await call(client.analyze.bind(client), request));
    }
    const stack = new analyzerPb.AnalyzeStackRequest();
    stack.setResourcesList(
      snapshot.map((r) => {
        const resource = new analyzerPb.AnalyzerResource();
        resource.setType(r.type);
        resource.setName(r.name);
        resource.setUrn(r.urn);
        resource.setProperties(struct(r.outputs));
        resource.setOptions(options(r));
        resource.setParent(r.parent);
        resource.setDependenciesList([...r.dependencies]);
        for (const [property, urns] of Object.entries(r.propertyDependencies)) {
          const deps = new analyzerPb.AnalyzerPropertyDependencies();
          deps.setUrnsList([...urns]);
          resource.getPropertydependenciesMap().set(property, deps);
        }
        return resource;
      }),
    );
    collect(await call(client.analyzeStack.bind(client), stack));
    return served;
  }

  describe("deciding an existing directory at preview (the program reads it before any write)", () => {
    let workspaces: WorkspacesStandIn;
    const saved: Record<string, string | undefined> = {};
    const setEnv = (values: Record<string, string | undefined>) => {
      for (const [key, value] of Object.entries(values)) {
        saved[key] ??= process.env[key];
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    };
    before(async () => {
      workspaces = await new WorkspacesStandIn().start();
    });
    after(async () => {
      setEnv(saved);
      await workspaces.stop();
    });

    /** The SDK pointed at the stand-in, with credentials in the environment. */
    const credentials = () => ({
      AWS_ENDPOINT_URL_WORKSPACES: workspaces.url,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7STANDIN",
      AWS_SECRET_ACCESS_KEY: "stand-in-secret-key-not-real-000000000000",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: undefined,
    });

    async function previewProd(extra: Record<string, string> = {}): Promise<SnapshotResource[]> {
      const { config } = readStackConfig("prod");
      const run = await runProgram({ config: { ...config, ...extra }, stack: "prod", preview: true });
      return snapshotOf(run.resources); // the association's observations are unknown at preview
    }

    it("rejects a FIPS directory and advises on its PCoIP WorkSpaces, with two reads and no write", async () => {
      workspaces.reset();
      workspaces.addDirectory({ DirectoryId: "d-95670a1b2c", EndpointEncryptionMode: "FIPS_VALIDATED" });
      workspaces.addWorkspaces("d-95670a1b2c", 2, { Protocols: ["PCOIP"] });
      setEnv(credentials());
      const served = await analyze(await previewProd());
      assert.deepEqual(served.sort(), [
        'workspaces-streaming-no-fips mandatory StreamingEndpointAssociation "streaming" streams directory d-95670a1b2c, which is in FIPS_VALIDATED endpoint encryption; set the directory\'s endpoint encryption to STANDARD_TLS, or stream over the internet.',
        'workspaces-streaming-pcoip-reachability advisory StreamingEndpointAssociation "streaming" disallows PCoIP over the internet while directory d-95670a1b2c has 2 PCoIP WorkSpaces; they will fail with "Invalid State Error": set allowPcoipOverInternet: true, or migrate them to DCV.',
      ]);
      assert.deepEqual(
        [
          workspaces.count("DescribeWorkspaceDirectories"),
          workspaces.count("DescribeWorkspaces"),
          workspaces.count(),
        ],
        [1, 1, 2],
        "the reads the preflight makes, and nothing else",
      );
    });

    it("reads with the stack's aws:profile, the credentials pulumi-aws uses", async () => {
      workspaces.reset();
      workspaces.addDirectory({ DirectoryId: "d-95670a1b2c" });
      const profile = writeProfile("prod-reader");
      setEnv({ ...credentials(), ...profile.env });
      assert.deepEqual(await analyze(await previewProd({ "aws:profile": "prod-reader" })), []);
      assert.deepEqual([...workspaces.signers], [profile.accessKeyId]);
    });

    it("says why it could not decide when there are no credentials", async () => {
      workspaces.reset();
      setEnv({
        AWS_ENDPOINT_URL_WORKSPACES: workspaces.url,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: "workspaces-privatelink-no-such-profile",
        AWS_CONFIG_FILE: "/nonexistent/config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
        AWS_EC2_METADATA_DISABLED: "true",
      });
      const served = await analyze(await previewProd());
      assert.equal(served.length, 5);
      for (const line of served) {
        assert.match(
          line,
          /^workspaces-streaming-[a-z-]+ advisory can't run policy 'workspaces-streaming-[a-z-]+' from policy pack 'workspaces-privatelink@v[^']*' during preview: StreamingEndpointAssociation "streaming": could not read directory d-95670a1b2c in ap-northeast-1 \(CredentialsProviderError: /,
        );
      }
      assert.equal(workspaces.count(), 0, "nothing reached WorkSpaces");
    });
  });

  it("finds exactly what the offline evaluator finds", async () => {
    const run = await runProgram({
      config: {
        "aws:region": "ap-northeast-1",
        "fixture:variant": JSON.stringify({
          ipAddressType: "dualstack",
          omit: ["udp:4195"],
          egress: "standalone",
          ipGroupIds: ["wsipg-1"],
        }),
      },
      program: FIXTURE,
    });
    const snapshot = snapshotOf(run.resources, false);
    const served = await analyze(snapshot);

    const offline = (await evaluate(snapshot, policies)).map((f) => `${f.policy} ${f.level} ${f.message}`);
    assert.deepEqual(served.sort(), offline.sort());
    assert.deepEqual(
      [...new Set(served.map((s) => s.split(" ")[0]))].sort(),
      [
        "workspaces-streaming-ip-access-groups",
        "workspaces-streaming-ipv4-only",
        "workspaces-streaming-no-egress",
        "workspaces-streaming-ports",
      ],
      "the fixture trips four different policies",
    );
  });
});
