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

const CLOUD = process.env.WORKSPACES_ENGINE_CLOUD;

async function call<T>(method: string, body: Record<string, unknown>): Promise<T> {
  if (!CLOUD) {
    throw new Error("WORKSPACES_ENGINE_CLOUD is not set: run the engine with `npm run engine -- ...`");
  }
  const response = await fetch(`${CLOUD}/provider/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
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
  void provider.main(standInProvider(name), args);
}
