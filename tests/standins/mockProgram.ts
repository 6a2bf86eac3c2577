/**
 * Runs `index.ts` under `pulumi.runtime.setMocks` and records every resource it registers, with
 * its inputs and the options the engine would see (parent, dependencies, property dependencies,
 * ignoreChanges), read from the mock monitor's registration requests. A test helper: it reaches
 * into the mock monitor, which the product must not; the offline policy check uses
 * scripts/runStack.ts, public APIs only.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { PROJECT_ROOT } from "../../scripts/stackConfig";
import { computedState, fakeId, mockCloud } from "../../scripts/mockCloud";
import type { StackResource } from "../../scripts/runStack";
import { load } from "./engine";

/** An alias as the SDK sends it to the engine (an alias spec, or a URN). */
export interface RecordedAlias {
  /** A whole URN, when the alias was given as one. */
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
  /** The old parent's URN (as the engine numbers it), when the spec names one. */
  readonly parentUrn?: string;
  /** The spec says the resource had no parent: it was a child of the stack. */
  readonly noParent?: boolean;
}

/** A registered resource, with the provider reference the mock monitor saw too. */
export interface RecordedResource extends StackResource {
  readonly provider: string;
  /** The names of the aliases it was registered with (`aliases: [{ name }]`; "" for an alias that keeps the name). */
  readonly aliases: string[];
  /** Its aliases as the engine receives them. */
  readonly aliasSpecs: RecordedAlias[];
}

export interface RecordedInvoke {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
  /** The provider reference it went to (`<urn>::<id>`); "" for the default provider. */
  readonly provider: string;
}

export interface ProgramRun {
  readonly resources: RecordedResource[];
  readonly invokes: RecordedInvoke[];
  /** The program's exports, resolved. */
  readonly outputs: Record<string, unknown>;
  /** The names of the exports that are secrets (`pulumi stack output` shows them as [secret]). */
  readonly secretOutputs: string[];
  /** Resources of one type, in registration order. */
  ofType(type: string): RecordedResource[];
  /** The one resource with that type and name; throws when missing. */
  get(type: string, name: string): RecordedResource;
}

export interface RunOptions {
  readonly config: Record<string, string>;
  readonly secretKeys?: string[];
  readonly stack?: string;
  readonly project?: string;
  /** Answers invokes; the default knows the SSM AMI parameters and throws on anything else. */
  readonly call?: (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;
  /** Extra or different outputs for a resource, over the defaults (e.g. what a provider would observe). */
  readonly outputs?: (resource: {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
  }) => Record<string, unknown> | undefined;
  /** Program module to load. Defaults to the project's index.ts. */
  readonly program?: string;
  /** Run as `pulumi preview` does (`pulumi.runtime.isDryRun()` is true). Defaults to false, as `up`. */
  readonly preview?: boolean;
  /**
   * Run each dynamic resource's `check` as the engine does before registering it (its serialized
   * provider, loaded and configured as the dynamic-provider host does), and keep the checked
   * inputs; at preview they are its outputs too, as the engine reports a create it has not made.
   * Off by default: a check may call AWS (where AWS_ENDPOINT_URL_* point).
   */
  readonly dynamicChecks?: boolean;
  /**
   * Resources whose IDs a preview does not know yet (the engine knows none of those it would
   * create): their `id` is unknown, so what waits on it waits.
   */
  readonly unknownAtPreview?: (type: string, name: string) => boolean;
  /** IDs to give resources, by `<type>::<name>`, where a test needs to know one before the run. */
  readonly ids?: Readonly<Record<string, string>>;
}

/** A dynamic resource's inputs after its provider's `check`, as the engine runs it; failures throw. */
async function checkAsTheEngine(
  inputs: Record<string, unknown>,
  config: Record<string, string>,
): Promise<Record<string, unknown>> {
  const provider = await load(String(inputs.__provider), config);
  const checked = await provider.check!({}, inputs);
  if (checked.failures?.length) {
    throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
  return checked.inputs as Record<string, unknown>;
}

/** The program threw while loading; `resources` is what it had registered by then. */
export class ProgramFailed extends Error {
  constructor(
    readonly cause: unknown,
    readonly resources: RecordedResource[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramFailed";
  }
}

function forgetProjectModules(): void {
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(PROJECT_ROOT) && !file.includes(`${path.sep}node_modules${path.sep}`)) {
      delete require.cache[file];
    }
  }
}

/**
 * An export's value, as the engine would record it: undefined where a preview does not know it yet
 * (an apply would never run), and a rejection where it failed.
 */
function settle(value: unknown): Promise<unknown> {
  // pulumi.output lifts nested Outputs too (an exported object of Outputs).
  const lifted = pulumi.output(value as pulumi.Input<Record<string, unknown>>) as unknown as {
    promise(withUnknowns?: boolean): Promise<unknown>;
  };
  return lifted.promise(false);
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getIgnorechangesList(): string[];
  getPropertydependenciesMap(): { entries(): IterableIterator<[string, { getUrnsList(): string[] }]> };
  getProvider(): string;
  getAliasesList(): {
    getSpec():
      { getName(): string; getType(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
    getUrn(): string;
  }[];
}

/**
 * The URN the mock monitor gives a resource: it qualifies a child's type with its parent's last
 * type only, where the engine qualifies it with the parent's whole chain of types.
 */
function mockUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  const parentType = parentUrn ? (parentUrn.split("::")[2] ?? "").split("$").pop() : undefined;
  return `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

/**
 * Loads the program under mocks with the given configuration and waits until every
 * registration has been answered. A program that throws (e.g. on bad config) rejects.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  const resources: RecordedResource[] = [];
  const invokes: RecordedInvoke[] = [];
  const requests = new Map<string, RegisterRequest>();
  const stack = options.stack ?? "test";
  const project = options.project ?? "workspaces-privatelink";
  // As the engine builds URNs: a child's type is qualified by its parent's (the stack excepted).
  // The mock monitor numbers deeper resources otherwise (see mockUrn); every URN recorded here,
  // parents and dependencies included, is translated to the engine's.
  const engineUrns = new Map<string, string>();
  const engineUrn = (mock: string) => engineUrns.get(mock) ?? mock;
  const urnOf = (parentUrn: string, type: string, name: string): string => {
    const parentType = parentUrn.split("::")[2] ?? "";
    const qualified =
      parentType === "" || parentType.endsWith("pulumi:pulumi:Stack") ? type : `${parentType}$${type}`;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
  };
  let serial = 0;
  const call = options.call ?? mockCloud(options.config);

  pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
  await pulumi.runtime.setMocks(
    {
      async newResource(args) {
        const id = args.id || options.ids?.[`${args.type}::${args.name}`] || fakeId(args.type, ++serial);
        const checked = options.dynamicChecks && args.type.startsWith("pulumi-nodejs:dynamic/");
        if (checked) {
          args = { ...args, inputs: await checkAsTheEngine(args.inputs, options.config) };
        }
        const state = {
          ...args.inputs,
          // A create the engine has not made reports its checked inputs as its outputs at preview.
          ...(checked && options.preview ? {} : computedState(args.type, id, args.inputs)),
          ...options.outputs?.({ type: args.type, name: args.name, inputs: args.inputs }),
        };
        const request = requests.get(`${args.type}::${args.name}`);
        const parent = engineUrn(request?.getParent() ?? "");
        const urn = urnOf(parent, args.type, args.name);
        engineUrns.set(mockUrn(stack, project, request?.getParent() ?? "", args.type, args.name), urn);
        const aliasSpecs = (request?.getAliasesList() ?? []).map((a): RecordedAlias => {
          const spec = a.getSpec();
          if (!spec) {
            return { urn: a.getUrn() };
          }
          return {
            ...(spec.getName() ? { name: spec.getName() } : {}),
            ...(spec.getType() ? { type: spec.getType() } : {}),
            ...(spec.getParenturn() ? { parentUrn: engineUrn(spec.getParenturn()) } : {}),
            ...(spec.getNoparent() ? { noParent: true } : {}),
          };
        });
        resources.push({
          type: args.type,
          name: args.name,
          urn,
          custom: args.custom ?? true,
          inputs: args.inputs,
          state,
          id,
          parent,
          dependencies: (request?.getDependenciesList() ?? []).map(engineUrn),
          propertyDependencies: Object.fromEntries(
            [...(request?.getPropertydependenciesMap().entries() ?? [])].map(([key, deps]) => [
              key,
              deps.getUrnsList().map(engineUrn),
            ]),
          ),
          ignoreChanges: request?.getIgnorechangesList() ?? [],
          provider: args.provider ?? "",
          aliases: aliasSpecs.map((a) => a.name ?? a.urn ?? ""),
          aliasSpecs,
        });
        const unknown = options.preview && options.unknownAtPreview?.(args.type, args.name);
        return { id: unknown ? "" : id, state };
      },
      call(args) {
        invokes.push({ token: args.token, inputs: args.inputs, provider: args.provider ?? "" });
        return call(args);
      },
    },
    project,
    stack,
    options.preview ?? false,
  );

  // The mocks' newResource does not see resource options; the monitor's request does.
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): Promise<void>;
  };
  const register = monitor.registerResource.bind(monitor);
  let pending = 0;
  // Registrations that no export depends on may still be in flight (a dynamic provider is still
  // being serialized, say): wait as the language host does at the end of a program, then for the
  // answers to arrive. waitForRPCs is exported by the runtime but not typed.
  const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  const quiesce = async (): Promise<void> => {
    for (let quiet = 0; quiet < 3;) {
      await waitForRPCs?.();
      await new Promise((resolve) => setImmediate(resolve));
      quiet = pending === 0 ? quiet + 1 : 0;
    }
  };
  monitor.registerResource = (req, callback) => {
    const key = `${req.getType()}::${req.getName()}`;
    requests.set(key, req);
    pending++;
    return register(req, (err, res) => {
      pending--;
      callback(err, res);
    });
  };

  forgetProjectModules();
  // As the language host does: a rejection nothing handled fails the program (a component's
  // check that fails once an Output resolves, say), instead of leaving its outputs unresolved.
  let failed: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => {});
  const onRejection = (error: unknown) => failed(error);
  process.on("unhandledRejection", onRejection);
  try {
    return await Promise.race([failure, run()]);
  } catch (error) {
    // What waits on a failed value never registers, as in a real run, where the language host
    // ends when nothing is left to do: wait for the rest a little, not for ever.
    await Promise.race([quiesce(), new Promise((resolve) => setTimeout(resolve, 2000))]);
    throw error instanceof ProgramFailed ? error : new ProgramFailed(error, [...resources]);
  } finally {
    process.off("unhandledRejection", onRejection);
  }

  async function run(): Promise<ProgramRun> {
    let program: Record<string, unknown>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program, by path, as Pulumi's runtime loads it
      const exported = require(options.program ?? path.join(PROJECT_ROOT, "index.ts")) as
        Record<string, unknown> | (() => Promise<Record<string, unknown>>);
      // An async program (export = async () => ...) is called and awaited, as Pulumi's runtime does.
      program = typeof exported === "function" ? await exported() : exported;
    } catch (error) {
      await quiesce();
      throw new ProgramFailed(error, [...resources]);
    }
    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    for (const [name, value] of Object.entries(program)) {
      outputs[name] = await settle(value);
      if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) {
        secretOutputs.push(name);
      }
    }
    await quiesce();

    return {
      resources: resources,
      invokes,
      outputs,
      secretOutputs,
      ofType: (type) => resources.filter((r) => r.type === type),
      get(type, name) {
        const found = resources.find((r) => r.type === type && r.name === name);
        if (!found) {
          throw new Error(
            `no ${type} named ${name}; have: ${resources
              .filter((r) => r.type === type)
              .map((r) => r.name)
              .join(", ")}`,
          );
        }
        return found;
      },
    };
  }
}
