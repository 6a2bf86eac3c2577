/**
 * The stack configuration: the user-facing contract. Every key is read, validated and defaulted
 * here, once, before `index.ts` registers a single resource. Problems are all reported together,
 * each naming the key, the bad value and the fix.
 *
 * Layout: schema.ts says what each key may hold, settings.ts each setting's default and meaning,
 * stages.ts reads them in stages (keys, region, networks, endpoint, directory...), docs.ts writes
 * the table in docs/reference.md; this file composes the stages.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem } from "./problems";
import { SETTINGS } from "./settings";
import {
  type Keys,
  type Region,
  Stage,
  readAwsSettings,
  readClient,
  readClientNetwork,
  readClientRanges,
  readDirectory,
  readEndpoint,
  readExistingEndpoint,
  readKeys,
  readMonitoring,
  readNetworkMode,
  readNetworks,
  readRegion,
  readSignInLog,
  readStreamedDirectories,
  readWorkspaces,
} from "./stages";
import type { ClientNetworkConfig, StackConfig } from "./types";

export { ConfigError, PROJECT } from "./problems";
export type { ConfigProblem } from "./problems";
export { WORKSPACES_AZ_IDS, azIdPrefix } from "../ground/regions";
export { DEFAULT_ROUTES_PER_ROUTE_TABLE, DEFAULT_RULES_PER_SECURITY_GROUP } from "./settings";
export { checkDirectoryPassword } from "../ground/directories";
export type * from "./types";
export { inConfigWords, stackArguments } from "./arguments";

/** Collects every stage's problems and warnings as the stages run: `take` each stage's value. */
function collector() {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const take = <T>(stage: Stage<T>): T | undefined => {
    problems.push(...stage.problems);
    warnings.push(...(stage.warnings ?? []));
    return stage.value;
  };
  return { problems, warnings, take };
}
type Take = ReturnType<typeof collector>["take"];

/** `network: existing`: your directories and your endpoint (or your VPC, subnets and client ranges). */
function readExisting(take: Take, keys: Keys, clientNetwork: ClientNetworkConfig) {
  const given = keys.parsed.directory;
  const directory = given?.mode === "existing" ? given : undefined;
  const streamedDirectories = take(readStreamedDirectories(keys, directory, "existing"));
  const endpoint = take(readExistingEndpoint(keys, clientNetwork));
  const streamingEndpoint =
    endpoint && ("vpcEndpointId" in endpoint ? endpoint : take(readClientRanges(endpoint, clientNetwork)));
  return { directory, streamedDirectories, streamingEndpoint };
}

/** `network: lab`: its two networks, endpoint, directory, WorkSpaces and client. */
function readLab(
  take: Take,
  keys: Keys,
  region: Region | undefined,
  clientNetwork: ClientNetworkConfig,
  secretKeys: readonly string[] | undefined,
) {
  const networks = take(readNetworks(keys, region));
  const endpoint = take(readEndpoint(keys, networks?.sourceVpc));
  const directory = take(readDirectory(keys, secretKeys))?.directory;
  return {
    networks,
    directory,
    streamedDirectories: take(readStreamedDirectories(keys, directory)),
    streamingEndpoint: endpoint && take(readClientRanges(endpoint, clientNetwork)),
    workspaces: take(readWorkspaces(keys, directory))!,
    client: take(readClient(keys))!,
    internetAccess: keys.parsed.internetAccess ?? SETTINGS.internetAccess.default,
  };
}

/**
 * Validates the whole configuration map (as `pulumi.runtime.allConfig()` returns it: `ns:key` ->
 * text) and resolves every default. `secretKeys` are the keys the stack stores encrypted
 * (undefined: not known, nothing is checked). Throws one ConfigError listing every problem.
 */
export function parseStackConfig(
  all: Readonly<Record<string, string>>,
  secretKeys: readonly string[] | undefined,
): StackConfig {
  const { problems, warnings, take } = collector();
  const keys = take(readKeys(all))!;
  const region = take(readRegion(all));
  take(readAwsSettings(all));
  const network = take(readNetworkMode(keys));
  const clientNetwork = take(readClientNetwork(keys))!;
  const common = {
    awsProfile: all["aws:profile"] || undefined,
    clientNetwork,
    allowPcoipOverInternet: keys.parsed.allowPcoipOverInternet ?? SETTINGS.allowPcoipOverInternet.default,
    signInLog: take(readSignInLog(keys))!,
    monitoring: take(readMonitoring(keys))!,
    warnings,
  };
  if (network === "existing") {
    const { directory, streamedDirectories, streamingEndpoint } = readExisting(take, keys, clientNetwork);
    if (problems.length > 0 || !region || !streamedDirectories || !streamingEndpoint) {
      throw new ConfigError(problems);
    }
    return { network, region: region.name, directory, streamedDirectories, streamingEndpoint, ...common };
  }
  const { networks, streamedDirectories, streamingEndpoint, ...lab } = readLab(
    take,
    keys,
    region,
    clientNetwork,
    secretKeys,
  );
  if (problems.length > 0 || !network || !region || !networks || !streamedDirectories || !streamingEndpoint) {
    throw new ConfigError(problems);
  }
  return {
    network,
    region: region.name,
    ...networks,
    ...lab,
    streamedDirectories,
    streamingEndpoint,
    ...common,
  };
}

/**
 * Reads the running stack's configuration and validates it. On failure throws a `pulumi.RunError`,
 * which the CLI prints as a plain message, without a stack trace.
 */
export function loadStackConfig(): StackConfig {
  const all = pulumi.runtime.allConfig();
  // The SDK knows which keys are secrets (the engine tells it) but does not type the function.
  const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean })
    .isConfigSecret;
  try {
    return parseStackConfig(all, isSecret && Object.keys(all).filter((key) => isSecret(key)));
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new pulumi.RunError(error.message);
    }
    throw error;
  }
}
