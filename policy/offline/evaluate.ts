/**
 * Runs the very same policy objects the PolicyPack serves over a snapshot of a stack's resources,
 * the way the CrossGuard analyzer does: resource validations on each resource's inputs, stack
 * validations on every resource's outputs with parents and (property) dependencies resolved (a
 * new copy of the resources for each stack policy, as the analyzer makes),
 * enforcement levels from the policy, overridden by policy pack config, values unknown during
 * preview read through CrossGuard's unknown-checking proxy (a policy that touches one "could not
 * decide", reported as advisory, as CrossGuard does).
 */
import {
  EnforcementLevel,
  Policies,
  PolicyPackConfig,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
  UnknownValueError,
  unknownCheckingProxy,
} from "@pulumi/policy";
import * as proxyModule from "@pulumi/policy/proxy";

// CrossGuard's markers are internal to @pulumi/policy (not in its typings); its proxy recognises them.
const proxy = proxyModule as unknown as Record<
  | "unknownStringValue"
  | "unknownNumberValue"
  | "unknownBooleanValue"
  | "unknownArrayValue"
  | "unknownObjectValue",
  string
>;

/** One resource as a stack snapshot knows it. */
export interface SnapshotResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** What resource validation sees (the planned inputs). */
  readonly inputs: Record<string, unknown>;
  /** What stack validation sees (the outputs; UNKNOWN where preview cannot know them). */
  readonly outputs: Record<string, unknown>;
  readonly parent: string;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly ignoreChanges: readonly string[];
}

/** The markers CrossGuard's proxy recognises for values unknown during preview, by type. */
export const UNKNOWN = {
  string: proxy.unknownStringValue,
  number: proxy.unknownNumberValue,
  boolean: proxy.unknownBooleanValue,
  array: proxy.unknownArrayValue,
  object: proxy.unknownObjectValue,
};

export interface Finding {
  readonly policy: string;
  readonly level: Exclude<EnforcementLevel, "disabled" | "remediate">;
  /** The URN the violation is about. */
  readonly urn: string;
  readonly message: string;
}

class NotApplicable extends Error {}

type ClassWithType = { __pulumiType?: unknown; isInstance?: (o: unknown) => boolean };

function isTypeOf(type: string, resourceClass: ClassWithType): boolean {
  if (typeof resourceClass.__pulumiType === "string" && resourceClass.__pulumiType !== "") {
    return type === resourceClass.__pulumiType;
  }
  return (
    typeof resourceClass.isInstance === "function" &&
    resourceClass.isInstance({ __pulumiType: type }) === true
  );
}

/** `isType` / `asType` as the analyzer gives them: by the class's Pulumi type token. */
function typeMatchers(type: string, props: Record<string, unknown>) {
  const matches = (cls: unknown) => isTypeOf(type, cls as ClassWithType);
  return {
    isType: matches,
    asType: (cls: unknown) => (matches(cls) ? props : undefined) as never,
  };
}

function levelOf(
  policyName: string,
  own: EnforcementLevel | undefined,
  config: PolicyPackConfig,
  packLevel: EnforcementLevel,
) {
  const configured = config[policyName];
  const fromConfig = typeof configured === "string" ? configured : configured?.enforcementLevel;
  const level = fromConfig ?? own ?? packLevel;
  return level === "remediate" ? "mandatory" : level;
}

function configOf(policyName: string, config: PolicyPackConfig): Record<string, unknown> {
  const configured = config[policyName];
  if (!configured || typeof configured === "string") {
    return {};
  }
  const { enforcementLevel: _level, ...rest } = configured;
  return rest;
}

const isStackPolicy = (p: ResourceValidationPolicy | StackValidationPolicy): p is StackValidationPolicy =>
  "validateStack" in p;

/**
 * Evaluates every enabled policy over the snapshot. `packLevel` is the pack's default enforcement
 * level (the PolicyPack's own default is advisory).
 */
export async function evaluate(
  snapshot: readonly SnapshotResource[],
  policies: Policies,
  config: PolicyPackConfig = {},
  packLevel: EnforcementLevel = "advisory",
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
  };

  for (const policy of policies) {
    const level = levelOf(policy.name, policy.enforcementLevel, config, packLevel);
    if (level === "disabled") {
      continue;
    }
    const report =
      (fallbackUrn: string): ReportViolation =>
      (message, urn) =>
        findings.push({ policy: policy.name, level, urn: urn ?? fallbackUrn, message });
    const couldNotDecide = (error: UnknownValueError, urn: string) =>
      findings.push({
        policy: policy.name,
        level: "advisory",
        urn,
        message: `could not decide: ${error.message}`,
      });

    if (isStackPolicy(policy)) {
      try {
        await policy.validateStack(
          {
            resources: stackResources(snapshot),
            stackTags: new Map(),
            getConfig: () => configOf(policy.name, config) as never,
            notApplicable,
          },
          report(""),
        );
      } catch (error) {
        if (error instanceof UnknownValueError) {
          couldNotDecide(error, "");
        } else if (!(error instanceof NotApplicable)) {
          throw error;
        }
      }
      continue;
    }

    const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
    const onlyType =
      validations.length === 1 ? (validations[0] as { __pulumiType?: string }).__pulumiType : undefined;
    for (const r of snapshot) {
      if (onlyType && onlyType !== r.type) {
        continue;
      }
      const props = unknownCheckingProxy(r.inputs);
      const args: ResourceValidationArgs = {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: baseOptions(r),
        stackTags: new Map(),
        ...typeMatchers(r.type, props),
        getConfig: () => configOf(policy.name, config) as never,
        notApplicable,
      };
      for (const validation of validations) {
        try {
          await validation(args, report(r.urn));
        } catch (error) {
          if (error instanceof UnknownValueError) {
            couldNotDecide(error, r.urn);
          } else if (!(error instanceof NotApplicable)) {
            throw error;
          }
        }
      }
    }
  }
  return findings;
}

/**
 * The stack view, as CrossGuard's analyzer builds it for each stack policy anew: one object per
 * resource, its links resolved to those objects, values behind the unknown-checking proxy.
 */
export function stackResources(snapshot: readonly SnapshotResource[]): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const resources: PolicyResource[] = snapshot.map((r) => {
    const props = unknownCheckingProxy(r.outputs);
    const resource: PolicyResource = {
      type: r.type,
      props,
      urn: r.urn,
      name: r.name,
      opts: baseOptions(r),
      dependencies: [],
      propertyDependencies: {},
      ...typeMatchers(r.type, props),
    };
    byUrn.set(r.urn, resource);
    return resource;
  });
  snapshot.forEach((r, i) => {
    const resource = resources[i] as { -readonly [K in keyof PolicyResource]: PolicyResource[K] };
    resource.parent = byUrn.get(r.parent);
    resource.dependencies = r.dependencies.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
    resource.propertyDependencies = Object.fromEntries(
      Object.entries(r.propertyDependencies).map(([k, urns]) => [
        k,
        urns.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d),
      ]),
    );
  });
  return resources;
}

function baseOptions(r: SnapshotResource) {
  return {
    protect: false,
    ignoreChanges: [...r.ignoreChanges],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parent ? { parent: r.parent } : {}),
  };
}
