/**
 * The stand-in `aws` and `tls` resource plugins the real engine starts (as
 * `pulumi-resource-aws` / `pulumi-resource-tls` on the PATH, written by tests/engine/run.ts):
 * Pulumi's own provider server (`@pulumi/pulumi/provider`'s `main`, the gRPC protocol every
 * provider speaks), with each call forwarded to the account process (tests/engine/cloud.ts,
 * WORKSPACES_ENGINE_CLOUD), which keeps every resource's inputs as its state, hands out IDs in
 * AWS's formats, fills computed outputs, answers lookups and says which changes replace.
 *
 *   node -r ts-node/register/transpile-only tests/engine/plugins.ts aws|tls <engine address>
 */
import * as provider from "@pulumi/pulumi/provider";
import * as fs from "fs";
import * as path from "path";

const CLOUD = process.env.WORKSPACES_ENGINE_CLOUD;

/**
 * The provider resource this plugin serves, from the engine's Configure: the engine starts one
 * plugin per provider (a default one, or `new aws.Provider("member", ...)`), so every call this
 * process forwards is that provider's, and the account answers in the account it reaches.
 */
let configured: { urn: string; id: string } | undefined;

/**
 * @pulumi/pulumi's provider server accepts Configure and drops its request; it is read here, on
 * the way in, from the gRPC service it registers (the grpc-js that @pulumi/pulumi itself loads).
 */
function keepConfigure(): void {
  const grpcPath = require.resolve("@grpc/grpc-js", {
    paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
  });
  type Handler = (call: { request: ConfigureRequest }, callback: unknown) => void;
  type AddService = (this: unknown, service: unknown, implementation: Record<string, Handler>) => void;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc = require(grpcPath) as { Server: { prototype: { addService: AddService } } };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const configure = implementation.configure.bind(implementation);
    implementation.configure = (call: { request: ConfigureRequest }, callback: unknown) => {
      const request = call.request;
      configured = { urn: request.getUrn(), id: request.getId() };
      return configure(call, callback);
    };
    return addService.call(this, service, implementation);
  };
}

interface ConfigureRequest {
  getUrn(): string;
  getId(): string;
}

async function call<T>(method: string, body: Record<string, unknown>): Promise<T> {
  if (!CLOUD) {
    throw new Error("WORKSPACES_ENGINE_CLOUD is not set: run the engine with `npm run engine -- ...`");
  }
  const response = await fetch(`${CLOUD}/provider/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...body, provider: configured }),
  });
  const answer = (await response.json()) as T & { error?: string };
  if (!response.ok) {
    throw new Error(answer.error ?? `${method}: HTTP ${response.status}`);
  }
  return answer;
}

/** The version the program asks for (its @pulumi/<name> package), so the engine finds what it asked. */
function versionOf(name: string): string {
  try {
    const file = require.resolve(`@pulumi/${name}/package.json`, { paths: [process.cwd()] });
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "0.0.1";
  }
}

export function standInProvider(name: string): provider.Provider {
  return {
    version: versionOf(name),
    check: async (_urn, _olds, news) => ({ inputs: news }),
    diff: async (id, urn, olds, news) => call("diff", { id, urn, olds, news }),
    create: async (urn, inputs) => call("create", { urn, inputs }),
    read: async (id, urn, props) => call("read", { id, urn, props }),
    update: async (id, urn, olds, news) => call("update", { id, urn, olds, news }),
    delete: async (id, urn, props) => {
      await call("delete", { id, urn, props });
    },
    invoke: async (token, inputs) => ({ outputs: await call("invoke", { token, inputs }) }),
  };
}

if (require.main === module) {
  const [name, ...args] = process.argv.slice(2);
  keepConfigure();
  void provider.main(standInProvider(name), args);
}
