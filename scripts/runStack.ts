/**
 * Runs the program without a cloud, with Pulumi's public APIs only, for the offline policy check:
 * `pulumi.runtime.setMocks` answers every registration and invoke from the stand-in cloud
 * (scripts/mockCloud.ts); `pulumi.runtime.runInPulumiStack` runs the program as the language host
 * does and returns once every registration is answered; a stack transformation records each
 * resource's parent, explicit dependencies and ignoreChanges.
 *
 * Property dependencies are not visible through public APIs; under the mocks every ID is known and
 * unique, so the policies link resources by the IDs they hold (their fallback), and nothing is lost.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { streamingMocks } from "../testing";
import type { AccountDescription } from "../testing/cloud";
import { accountOf } from "./mockCloud";
import { PROJECT_ROOT } from "./stackConfig";

/** One registered resource as a stack snapshot needs it. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly custom: boolean;
  /** What the program passed (resource validations see these). */
  readonly inputs: Record<string, unknown>;
  /** What the stand-in cloud answered: the inputs plus computed properties. */
  readonly state: Record<string, unknown>;
  readonly id: string;
  readonly parent: string;
  /** Explicit dependsOn, components expanded to their resources, as the engine records them. */
  readonly dependencies: string[];
  /** Always empty here: see the module comment. */
  readonly propertyDependencies: Record<string, string[]>;
  readonly ignoreChanges: string[];
}

export interface StackRun {
  readonly resources: StackResource[];
  /** The stack's outputs as the program returned them (Outputs unresolved). */
  readonly outputs: Record<string, unknown>;
}

/** The program rejected its configuration (or failed otherwise) before finishing. */
export class StackFailed extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "StackFailed";
  }
}

export interface RunStackOptions {
  readonly config: Record<string, string>;
  readonly secretKeys?: string[];
  readonly stack: string;
  readonly project?: string;
  /** Program module to load. Defaults to the project's index.ts. */
  readonly program?: string;
  /**
   * The account the mocks answer for (workspaces-privatelink/testing). Defaults to the one this
   * project's stack configuration describes, where any other ID is found (scripts/mockCloud.ts).
   */
  readonly account?: AccountDescription;
  /** Answers invokes instead of the account's mocks. */
  readonly call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;
}

const resolved = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

/** Forgets a project's modules, so each run loads the program afresh (node_modules stay). */
function forgetProjectModules(root: string): void {
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(root) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
      delete require.cache[file];
    }
  }
}

/**
 * Lets a TypeScript program load where nothing compiles it yet (the installed command, in plain
 * JavaScript): the program's project's ts-node, else the one Pulumi's SDK ships, transpiling only,
 * as the Pulumi CLI runs a program.
 */
function loadTypeScript(program: string): void {
  if (!program.endsWith(".ts") || require.extensions[".ts"]) {
    return;
  }
  const from = [path.dirname(program), path.dirname(require.resolve("@pulumi/pulumi/package.json"))];
  const candidates = ["ts-node", "@pulumi/pulumi/vendor/ts-node@7.0.1"];
  for (const candidate of candidates) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- found where the program's project has it
      const tsNode = require(require.resolve(candidate, { paths: from })) as {
        register(options: object): void;
      };
      tsNode.register({ transpileOnly: true, compilerOptions: { module: "commonjs", target: "es2020" } });
      return;
    } catch {
      // not there: the next one
    }
  }
  throw new Error(`${program}: no ts-node to load a TypeScript program with; npm install --save-dev ts-node`);
}

export async function runStack(options: RunStackOptions): Promise<StackRun> {
  try {
    return await runConnected(options);
  } finally {
    // As the language host ends a program: wait for every RPC to drain (the stack's own outputs
    // are registered last), so none reaches the next stack's mocks.
    await pulumi.runtime.disconnect();
  }
}

/** A resource as the program registered it (the stack transformation saw it). */
interface Seen {
  type: string;
  name: string;
  resource: pulumi.Resource;
  parent?: pulumi.Resource;
  dependsOn: pulumi.Resource[];
  ignoreChanges: string[];
}

/** What the mocks answered a registration. */
interface Answer {
  id: string;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  custom: boolean;
}

/** The registered resources as the engine records them: URNs, parents, dependencies (components expanded). */
async function stackResources(
  seen: readonly Seen[],
  answered: ReadonlyMap<string, Answer>,
): Promise<StackResource[]> {
  const urns = new Map<pulumi.Resource, string>();
  for (const s of seen) {
    urns.set(s.resource, await resolved(s.resource.urn));
  }
  const children = new Map<pulumi.Resource, pulumi.Resource[]>();
  for (const s of seen) {
    if (s.parent) {
      children.set(s.parent, [...(children.get(s.parent) ?? []), s.resource]);
    }
  }
  const custom = (r: pulumi.Resource) => pulumi.CustomResource.isInstance(r);
  /** A dependency on a component is one on every resource under it, as the engine records it. */
  const expand = (r: pulumi.Resource): pulumi.Resource[] =>
    custom(r) ? [r] : (children.get(r) ?? []).flatMap(expand);

  const resources: StackResource[] = [];
  for (const s of seen) {
    const answer = answered.get(`${s.type}::${s.name}`);
    if (!answer) {
      continue; // the transformation saw it, the mocks were never asked (a provider resource, say)
    }
    resources.push({
      type: s.type,
      name: s.name,
      urn: urns.get(s.resource)!,
      custom: answer.custom,
      inputs: answer.inputs,
      state: answer.state,
      id: answer.id,
      parent: s.parent ? (urns.get(s.parent) ?? "") : "",
      dependencies: [...new Set(s.dependsOn.flatMap(expand).map((d) => urns.get(d)!))],
      propertyDependencies: {},
      ignoreChanges: [...s.ignoreChanges],
    });
  }
  return resources;
}

async function runConnected(options: RunStackOptions): Promise<StackRun> {
  const answered = new Map<string, Answer>();
  const mocks = streamingMocks(options.account ?? accountOf(options.config));
  pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const answer = mocks.newResource(args) as { id: string; state: Record<string, unknown> };
        answered.set(`${args.type}::${args.name}`, {
          id: answer.id,
          inputs: args.inputs,
          state: answer.state,
          custom: args.custom ?? true,
        });
        return answer;
      },
      call: options.call ?? ((args) => mocks.call(args) as Record<string, unknown>),
    },
    options.project ?? "workspaces-privatelink",
    options.stack,
    false,
  );

  const seen: Seen[] = [];
  // The program's failure is caught inside the stack: a rejection there would also reject the
  // stack's own outputs, which nothing awaits, and Node would print it as a stack trace.
  let failure: { error: unknown } | undefined;
  let outputs: Record<string, unknown> | undefined;
  try {
    outputs = await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        const dependsOn = args.opts.dependsOn;
        seen.push({
          type: args.type,
          name: args.name,
          resource: args.resource,
          parent: args.opts.parent,
          dependsOn: (Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []).filter(
            (d): d is pulumi.Resource => pulumi.Resource.isInstance(d),
          ),
          ignoreChanges: args.opts.ignoreChanges ?? [],
        });
        return undefined;
      });
      const program = options.program ?? path.join(PROJECT_ROOT, "index.ts");
      forgetProjectModules(path.dirname(program) === PROJECT_ROOT ? PROJECT_ROOT : path.dirname(program));
      try {
        loadTypeScript(program);
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program, by path, as Pulumi's runtime loads it
        const exported = require(program) as
          Record<string, unknown> | (() => Promise<Record<string, unknown>>);
        return (typeof exported === "function" ? await exported() : exported) as Record<string, unknown>;
      } catch (error) {
        failure = { error };
        return {};
      }
    });
  } catch (error) {
    throw new StackFailed(error);
  }
  if (failure) {
    throw new StackFailed(failure.error);
  }

  return { resources: await stackResources(seen, answered), outputs: outputs ?? {} };
}
