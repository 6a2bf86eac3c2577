/**
 * Drives a dynamic provider through Pulumi's own dynamic-provider host
 * (`@pulumi/pulumi/cmd/dynamic-provider`, what the engine starts as `pulumi-resource-pulumi-nodejs`)
 * over its gRPC ResourceProvider protocol, the way the engine does: Configure, then Check, Diff,
 * Create / Update / Delete, Read on refresh, with the serialized provider in `__provider` and every
 * value converted through google.protobuf Struct. Only the engine's bookkeeping (the state kept
 * between calls) is ours; the host, its provider loading and its conversions are Pulumi's.
 */
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { CREDENTIAL_SOURCES_WARNING } from "./rootHooks";

type Bag = Record<string, unknown>;
type Client = InstanceType<typeof providerGrpc.ResourceProviderClient>;

const ROOT = path.resolve(__dirname, "..", "..");
const HOST = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
const URN =
  "urn:pulumi:test::workspaces-privatelink::pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation::streaming";

/** Pulumi's marker for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Step = "create" | "update" | "replace" | "same";

function call<Req, Res>(
  method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => void,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(req, (err, res) => (err ? reject(err) : resolve(res))));
}

const struct = (value: Bag) =>
  structPb.Struct.fromJavaScript(value as Record<string, structPb.JavaScriptValue>);

/** A running host process and a client for it. */
class Host {
  private stderrText = "";
  private constructor(
    private readonly child: ChildProcess,
    readonly client: Client,
  ) {
    child.stderr!.on("data", (chunk: Buffer) => (this.stderrText += chunk.toString()));
  }

  /** What the host wrote to stderr (where pulumi.log goes inside it). */
  get stderr(): string {
    return this.stderrText;
  }

  static async start(env: NodeJS.ProcessEnv, where: HostPlace = {}): Promise<Host> {
    // The engine passes its own address; the host only needs one to start.
    const child = spawn(process.execPath, [where.host ?? HOST, "127.0.0.1:1"], {
      cwd: where.cwd ?? ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once("exit", (code) => reject(new Error(`the dynamic provider host exited with ${code}`)));
    });
    const client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    );
    return new Host(child, client);
  }

  stop(): void {
    this.client.close();
    this.child.kill();
  }
}

/**
 * A create or update that failed after the resource came to exist: the partial state the host sent
 * (pulumirpc.ErrorResourceInitFailed), which the engine records and updates on the next run.
 */
export class InitFailed extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Bag,
  ) {
    super(message);
  }
}

function initFailure(error: grpc.ServiceError): InitFailed | undefined {
  const details = error.metadata?.get("grpc-status-details-bin")?.[0];
  if (!details) {
    return undefined;
  }
  const status = statusPb.Status.deserializeBinary(new Uint8Array(details as Buffer));
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
      const failed = providerPb.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      return new InitFailed(
        status.getMessage(),
        failed.getId(),
        (failed.getProperties()?.toJavaScript() ?? {}) as Bag,
      );
    }
  }
  return undefined;
}

/**
 * Which host, run where: by default this repository's @pulumi/pulumi, in its root; a program of
 * yours runs its own @pulumi/pulumi's host in its own folder (the engine starts it there).
 */
export interface HostPlace {
  /** The host's script (`.../@pulumi/pulumi/cmd/dynamic-provider/index.js`). */
  readonly host?: string;
  /** Its working directory: where the serialized provider's requires resolve from. */
  readonly cwd?: string;
}

export class HostEngine {
  state?: { id: string; inputs: Bag; outputs: Bag };
  /** The last create or update left the resource half-done: the next up updates it whatever the diff says. */
  initErrors = false;
  private host?: Host;

  constructor(
    private readonly providerText: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly config: Record<string, string> = {},
    private readonly where: HostPlace = {},
  ) {}

  /** Starts the host (again) and configures it, as the engine does for each deployment. */
  async start(): Promise<void> {
    this.host?.stop();
    this.host = await Host.start(this.env, this.where);
    const configure = new providerPb.ConfigureRequest();
    configure.setArgs(struct(this.config));
    configure.setAcceptsecrets(true);
    await call<providerPb.ConfigureRequest, providerPb.ConfigureResponse>(
      this.client.configure.bind(this.client),
      configure,
    );
  }

  /** A new host process, as a later `pulumi destroy` or `refresh` gets: nothing carried over but the state. */
  async restart(): Promise<void> {
    await this.start();
  }

  /** Stops the host; fails when the AWS SDK in it warned of two credential sources (see rootHooks.ts). */
  stop(): void {
    const stderr = this.stderr;
    this.host?.stop();
    this.host = undefined;
    if (stderr.includes(CREDENTIAL_SOURCES_WARNING)) {
      throw new Error(
        `the provider host's AWS SDK warned: ${CREDENTIAL_SOURCES_WARNING}; give the test one source of credentials`,
      );
    }
  }

  get stderr(): string {
    return this.host?.stderr ?? "";
  }

  private get client(): Client {
    if (!this.host) {
      throw new Error("HostEngine: start() first");
    }
    return this.host.client;
  }

  /** Check, as the engine calls it before anything else; rejects on check failures, naming them. */
  async check(programInputs: Bag): Promise<Bag> {
    const request = new providerPb.CheckRequest();
    request.setUrn(URN);
    request.setOlds(struct(this.state?.inputs ?? {}));
    request.setNews(struct({ ...programInputs, __provider: this.providerText }));
    const response = await call<providerPb.CheckRequest, providerPb.CheckResponse>(
      this.client.check.bind(this.client),
      request,
    );
    const failures = response.getFailuresList().map((f) => f.getReason());
    if (failures.length > 0) {
      throw new Error(`check failed: ${failures.join("; ")}`);
    }
    return response.getInputs()!.toJavaScript() as Bag;
  }

  /** Diff against the state; the engine's view of it. */
  async diff(inputs: Bag): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[] }> {
    const request = new providerPb.DiffRequest();
    request.setId(this.state!.id);
    request.setUrn(URN);
    request.setOlds(struct(this.state!.outputs));
    request.setNews(struct(inputs));
    const response = await call<providerPb.DiffRequest, providerPb.DiffResponse>(
      this.client.diff.bind(this.client),
      request,
    );
    const changes = response.getChanges();
    return {
      changes:
        changes === providerPb.DiffResponse.DiffChanges.DIFF_NONE
          ? "none"
          : changes === providerPb.DiffResponse.DiffChanges.DIFF_SOME
            ? "some"
            : "unknown",
      replaces: response.getReplacesList(),
    };
  }

  /** Records partial state as the engine does when the host reports an init failure, then rethrows. */
  private async recordingInitFailure<T>(inputs: Bag, operation: Promise<T>): Promise<T> {
    try {
      const result = await operation;
      this.initErrors = false;
      return result;
    } catch (error) {
      const failed = initFailure(error as grpc.ServiceError);
      if (failed) {
        this.state = { id: failed.id, inputs, outputs: failed.properties };
        this.initErrors = true;
        throw failed;
      }
      throw error;
    }
  }

  private async create(inputs: Bag): Promise<{ id: string; outputs: Bag }> {
    const request = new providerPb.CreateRequest();
    request.setUrn(URN);
    request.setProperties(struct(inputs));
    const response = await this.recordingInitFailure(
      inputs,
      call<providerPb.CreateRequest, providerPb.CreateResponse>(
        this.client.create.bind(this.client),
        request,
      ),
    );
    return { id: response.getId(), outputs: response.getProperties()!.toJavaScript() as Bag };
  }

  private async delete(id: string, outputs: Bag): Promise<void> {
    const request = new providerPb.DeleteRequest();
    request.setId(id);
    request.setUrn(URN);
    request.setProperties(struct(outputs));
    await call<providerPb.DeleteRequest, unknown>(this.client.delete.bind(this.client), request);
  }

  /** `pulumi up` with these program inputs; returns what the engine decided. */
  async up(programInputs: Bag): Promise<Step> {
    const inputs = await this.check(programInputs);
    if (!this.state) {
      const created = await this.create(inputs);
      this.state = { id: created.id, inputs, outputs: created.outputs };
      return "create";
    }
    const diff = await this.diff(inputs);
    if (diff.changes === "none" && !this.initErrors) {
      return "same";
    }
    if (diff.replaces.length > 0) {
      const old = this.state;
      const created = await this.create(inputs); // create before delete, the engine's default
      this.state = { id: created.id, inputs, outputs: created.outputs };
      await this.delete(old.id, old.outputs);
      return "replace";
    }
    const request = new providerPb.UpdateRequest();
    request.setId(this.state.id);
    request.setUrn(URN);
    request.setOlds(struct(this.state.outputs));
    request.setNews(struct(inputs));
    const response = await this.recordingInitFailure(
      inputs,
      call<providerPb.UpdateRequest, providerPb.UpdateResponse>(
        this.client.update.bind(this.client),
        request,
      ),
    );
    this.state = { id: this.state.id, inputs, outputs: response.getProperties()!.toJavaScript() as Bag };
    return "update";
  }

  /** `pulumi preview`: check and diff only, with values unknown where the program cannot know them. */
  async preview(programInputs: Bag): Promise<{ inputs: Bag; changes: string; replaces: string[] }> {
    const inputs = await this.check(programInputs);
    if (!this.state) {
      return { inputs, changes: "create", replaces: [] };
    }
    const diff = await this.diff(inputs);
    return { inputs, changes: diff.changes, replaces: diff.replaces };
  }

  /** `pulumi refresh`: returns false when the resource is gone. */
  async refresh(): Promise<boolean> {
    const request = new providerPb.ReadRequest();
    request.setId(this.state!.id);
    request.setUrn(URN);
    request.setProperties(struct(this.state!.outputs));
    request.setInputs(struct(this.state!.inputs));
    const response = await call<providerPb.ReadRequest, providerPb.ReadResponse>(
      this.client.read.bind(this.client),
      request,
    );
    if (!response.getId()) {
      this.state = undefined;
      return false;
    }
    this.state = {
      id: response.getId(),
      inputs: (response.getInputs()?.toJavaScript() as Bag | undefined) ?? this.state!.inputs,
      outputs: response.getProperties()!.toJavaScript() as Bag,
    };
    return true;
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<void> {
    await this.delete(this.state!.id, this.state!.outputs);
    this.state = undefined;
  }
}
