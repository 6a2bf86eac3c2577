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
import { computedState, fakeId, mockCloud } from "./mockCloud";
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
  /** Answers invokes. Defaults to the stand-in cloud's (scripts/mockCloud.ts). */
  readonly call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;
}

const resolved = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

/** Forgets the project's modules, so each run loads the program afresh (node_modules stay). */
function forgetProjectModules(): void {
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(PROJECT_ROOT) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
      delete require.cache[file];
    }
  }
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
  let serial = 0;
  pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const id = args.id || fakeId(args.type, ++serial);
        const state = { ...args.inputs, ...computedState(args.type, id, args.inputs) };
        answered.set(`${args.type}::${args.name}`, {
          id,
          inputs: args.inputs,
          state,
          custom: args.custom ?? true,
        });
        return { id, state };
      },
      call: options.call ?? mockCloud(options.config),
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
      forgetProjectModules();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program, by path, as Pulumi's runtime loads it
      const exported = require(options.program ?? path.join(PROJECT_ROOT, "index.ts")) as
        Record<string, unknown> | (() => Promise<Record<string, unknown>>);
      try {
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
