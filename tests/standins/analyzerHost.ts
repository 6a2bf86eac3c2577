/**
 * The policy pack as CrossGuard's analyzer host serves it: policy/index.ts started the way the
 * Pulumi CLI's policy host starts it (its own directory, its tsconfig, the dependencies the root
 * `npm ci` installed), asked over the analyzer gRPC protocol as the engine asks it: one `analyze`
 * per resource (its inputs), then one `analyzeStack` with every resource (its outputs, parents and
 * property dependencies).
 *
 * With `instrument`, a preload in the pack's process (tests/standins/policyTimings.ts) records, for
 * every stack policy it runs, how long the pack's own code took and how many times the topology was
 * built; `analyzeStack` returns those figures beside the wall time the engine would see.
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { SnapshotResource } from "../../policy/offline/evaluate";
import type { PolicyTiming } from "./policyTimings";

export const POLICY_DIR = path.join(__dirname, "..", "..", "policy");
export const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

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

/** The request the engine sends for a stack analysis. */
export function analyzeStackRequest(snapshot: readonly SnapshotResource[]): analyzerPb.AnalyzeStackRequest {
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
  return stack;
}

/** One diagnostic as `policy level message`, the policy's description prefix removed. */
export type Served = string;

export interface StackAnalysis {
  readonly served: Served[];
  /** The analyzeStack call as the engine sees it: request sent to response read, in ms. */
  readonly wallMs: number;
  /** Per stack policy run, when instrumented: the pack's own time and the topology builds so far. */
  readonly timings: PolicyTiming[];
}

export class AnalyzerHost {
  private constructor(
    private readonly process: ChildProcess,
    private readonly client: Client,
    private readonly timingsFile: string | undefined,
    private readonly descriptions: Map<string, string>,
  ) {}

  /**
   * Starts the pack. `instrument` records the pack's own time per policy (see the module comment).
   * `pack` starts the pack in that folder as pulumi-language-nodejs starts a policy pack plugin:
   * the `@pulumi/pulumi/cmd/run-policy-pack` found from the pack's folder, which compiles and
   * type-checks it with the typescript found from there (slower: for an installed copy).
   */
  static async start(
    options: { instrument?: boolean; env?: Record<string, string>; pack?: string } = {},
  ): Promise<AnalyzerHost> {
    const timingsFile = options.instrument
      ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wpl-policy-")), "timings.jsonl")
      : undefined;
    const preload = timingsFile ? ["-r", path.join(__dirname, "policyTimings.ts")] : [];
    const args = options.pack
      ? [
          require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [options.pack] }),
          "127.0.0.1:0", // the engine's address, which the runner sets aside
          options.pack,
        ]
      : ["-r", "ts-node/register/transpile-only", ...preload, "index.ts"];
    const child = spawn(process.execPath, args, {
      cwd: options.pack ?? POLICY_DIR,
      env: {
        ...process.env,
        ...options.env,
        ...(options.pack ? {} : { TS_NODE_PROJECT: path.join(POLICY_DIR, "tsconfig.json") }),
        ...(timingsFile ? { WPL_POLICY_TIMINGS: timingsFile } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once("exit", (code) => reject(new Error(`the policy pack exited with ${code}: ${stderr}`)));
    });
    if (!/^\d+$/.test(port)) {
      child.kill();
      throw new Error(`the analyzer printed ${JSON.stringify(port)}, not its port`);
    }
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
      "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    const host = new AnalyzerHost(child, client, timingsFile, new Map());
    const info = await host.info();
    for (const p of info.getPoliciesList()) {
      host.descriptions.set(p.getName(), p.getDescription());
    }
    return host;
  }

  info(): Promise<analyzerPb.AnalyzerInfo> {
    return call<emptyPb.Empty, analyzerPb.AnalyzerInfo>(
      this.client.getAnalyzerInfo.bind(this.client),
      new emptyPb.Empty(),
    );
  }

  private served(response: analyzerPb.AnalyzeResponse): Served[] {
    return response.getDiagnosticsList().map((d) => {
      const prefix = `${this.descriptions.get(d.getPolicyname())}\n`;
      const message = d.getMessage().startsWith(prefix)
        ? d.getMessage().slice(prefix.length)
        : d.getMessage();
      return `${d.getPolicyname()} ${LEVELS[d.getEnforcementlevel()]} ${message}`;
    });
  }

  /** Every resource's inputs, one `analyze` call each, as the engine does during a preview. */
  async analyzeResources(snapshot: readonly SnapshotResource[]): Promise<Served[]> {
    const served: Served[] = [];
    for (const r of snapshot) {
      const request = new analyzerPb.AnalyzeRequest();
      request.setType(r.type);
      request.setName(r.name);
      request.setUrn(r.urn);
      request.setProperties(struct(r.inputs));
      request.setOptions(options(r));
      served.push(
        ...this.served(
          await call<analyzerPb.AnalyzeRequest, analyzerPb.AnalyzeResponse>(
            this.client.analyze.bind(this.client),
            request,
          ),
        ),
      );
    }
    return served;
  }

  /** One stack analysis; `request` can be built once with analyzeStackRequest and sent again. */
  async analyzeStack(request: analyzerPb.AnalyzeStackRequest): Promise<StackAnalysis> {
    if (this.timingsFile) {
      fs.writeFileSync(this.timingsFile, "");
    }
    const start = process.hrtime.bigint();
    const response = await call<analyzerPb.AnalyzeStackRequest, analyzerPb.AnalyzeResponse>(
      this.client.analyzeStack.bind(this.client),
      request,
    );
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const timings = this.timingsFile
      ? fs
          .readFileSync(this.timingsFile, "utf8")
          .split("\n")
          .filter((line) => line !== "")
          .map((line) => JSON.parse(line) as PolicyTiming)
      : [];
    return { served: this.served(response), wallMs, timings };
  }

  /** What the engine's preview asks: every resource, then the stack. */
  async analyze(snapshot: readonly SnapshotResource[]): Promise<Served[]> {
    const resources = await this.analyzeResources(snapshot);
    const stack = await this.analyzeStack(analyzeStackRequest(snapshot));
    return [...resources, ...stack.served];
  }

  stop(): void {
    this.client.close();
    this.process.kill();
    if (this.timingsFile) {
      fs.rmSync(path.dirname(this.timingsFile), { recursive: true, force: true });
    }
  }
}
