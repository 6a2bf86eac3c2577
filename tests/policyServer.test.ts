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
import { snapshotOf } from "../policy/offline/check";
import { SnapshotResource, evaluate } from "../policy/offline/evaluate";
import { policies } from "../policy/policies";
import { runProgram } from "../scripts/mockProgram";

const POLICY_DIR = path.join(__dirname, "..", "policy");
const FIXTURE = path.join(__dirname, "fixtures", "streamingProgram.ts");
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
    const descriptions = new Map(policies.map((p) => [p.name, p.description]));

    const served: string[] = [];
    const collect = (response: analyzerPb.AnalyzeResponse) => {
      for (const d of response.getDiagnosticsList()) {
        const prefix = `${descriptions.get(d.getPolicyname())}\n`;
        assert.ok(d.getMessage().startsWith(prefix), "CrossGuard prefixes the policy's description");
        served.push(
          `${d.getPolicyname()} ${LEVELS[d.getEnforcementlevel()]} ${d.getMessage().slice(prefix.length)}`,
        );
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
