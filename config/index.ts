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
import { ConfigError, ConfigProblem, PROJECT } from "./problems";
import { SETTINGS } from "./settings";
import {
  Stage,
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
import type { Key, schemas } from "./schema";
import type { StackConfig, StreamingSetup } from "./types";
import type { z } from "zod";

export { ConfigError, PROJECT } from "./problems";
export type { ConfigProblem } from "./problems";
export { WORKSPACES_AZ_IDS, azIdPrefix } from "../ground/regions";
export { DEFAULT_ROUTES_PER_ROUTE_TABLE, DEFAULT_RULES_PER_SECURITY_GROUP } from "./settings";
export { checkDirectoryPassword } from "./stages";
export { checkStackConfigInAws } from "./aws";
export type { FoundInAws } from "./aws";
export type { FoundEndpoint, FoundNetwork } from "./existing";
export type * from "./types";

/**
 * Validates the whole configuration map (as `pulumi.runtime.allConfig()` returns it: `ns:key` ->
 * text) and resolves every default. `secretKeys` are the keys the stack stores encrypted
 * (undefined: not known, nothing is checked). Throws one ConfigError listing every problem.
 */
export function parseStackConfig(
  all: Readonly<Record<string, string>>,
  secretKeys: readonly string[] | undefined,
): StackConfig {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const take = <T>(stage: Stage<T>): T | undefined => {
    problems.push(...stage.problems);
    warnings.push(...(stage.warnings ?? []));
    return stage.value;
  };

  const keys = take(readKeys(all))!;
  const region = take(readRegion(all));
  const network = take(readNetworkMode(keys));
  const clientNetwork = take(readClientNetwork(keys))!;
  const signInLog = take(readSignInLog(keys))!;
  const monitoring = take(readMonitoring(keys))!;
  const stackPcoip = keys.parsed.allowPcoipOverInternet ?? SETTINGS.allowPcoipOverInternet.default;
  const common = {
    awsProfile: all["aws:profile"] || undefined,
    clientNetwork,
    allowPcoipOverInternet: stackPcoip,
    signInLog,
    monitoring,
    warnings,
  };

  if (network === "existing") {
    const given = keys.parsed.directory;
    const directory = given?.mode === "existing" ? given : undefined;
    const streamedDirectories = take(readStreamedDirectories(keys, directory));
    const endpoint = take(readExistingEndpoint(keys, clientNetwork));
    const streamingEndpoint =
      endpoint && ("vpcEndpointId" in endpoint ? endpoint : take(readClientRanges(endpoint, clientNetwork)));
    if (problems.length > 0 || !region || !streamedDirectories || !streamingEndpoint) {
      throw new ConfigError(problems);
    }
    return {
      network,
      region: region.name,
      directory,
      streamedDirectories,
      streamingEndpoint,
      ...common,
    };
  }

  const networks = take(readNetworks(keys, region));
  const endpoint = take(readEndpoint(keys, networks?.sourceVpc));
  const directory = take(readDirectory(keys, secretKeys))?.directory;
  const streamedDirectories = take(readStreamedDirectories(keys, directory));
  const streamingEndpoint = endpoint && take(readClientRanges(endpoint, clientNetwork));
  const workspaces = take(readWorkspaces(keys, directory))!;
  const client = take(readClient(keys))!;

  if (problems.length > 0 || !network || !region || !networks || !streamedDirectories || !streamingEndpoint) {
    throw new ConfigError(problems);
  }
  return {
    network,
    region: region.name,
    internetAccess: keys.parsed.internetAccess ?? SETTINGS.internetAccess.default,
    ...networks,
    client,
    directory,
    streamedDirectories,
    streamingEndpoint,
    workspaces,
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

/**
 * What a program sets to build a setup with the WorkspacesStreaming component: the stack
 * configuration's keys (docs/reference.md, Configuration), with the same meanings and defaults, written as
 * plain values, plus the region and profile pulumi-aws would take from `aws:region` and `aws:profile`.
 */
export type StreamingSettings = {
  readonly [K in Exclude<Key, "directoryAdminPassword">]?: z.input<(typeof schemas)[K]>;
} & {
  readonly region: string;
  readonly awsProfile?: string;
  /** The lab directory's administrator password: a secret (`config.requireSecret(...)`), or plain text. */
  readonly directoryAdminPassword?: pulumi.Input<string>;
};

/** A password the checks accept, standing for one given as an Output (checked by AWS instead). */
const PASSWORD_PLACEHOLDER = "Output-Passw0rd!";

/**
 * Validates settings as the stack configuration is validated and resolves every default: the
 * WorkspacesStreaming component's arguments. Throws one ConfigError listing every problem, each
 * naming the setting (`streamingEndpoint.allowedCidrs[1]`), the bad value and the fix.
 */
export function streamingSetup(
  settings: StreamingSettings,
): StreamingSetup & { warnings: readonly string[] } {
  const { region, awsProfile, directoryAdminPassword, ...keys } = settings;
  const all: Record<string, string> = { "aws:region": region };
  if (awsProfile !== undefined) {
    all["aws:profile"] = awsProfile;
  }
  for (const [key, value] of Object.entries(keys)) {
    if (value !== undefined) {
      all[`${PROJECT}:${key}`] = JSON.stringify(value);
    }
  }
  const passwordKey = `${PROJECT}:directoryAdminPassword`;
  if (directoryAdminPassword !== undefined) {
    all[passwordKey] =
      typeof directoryAdminPassword === "string" ? directoryAdminPassword : PASSWORD_PLACEHOLDER;
  }
  let config: StackConfig;
  try {
    config = parseStackConfig(all, [passwordKey]);
  } catch (error) {
    if (error instanceof ConfigError) {
      // A program sets these as arguments, not as `workspaces-privatelink:` keys.
      throw new ConfigError(
        error.problems.map((p) => ({ ...p, key: p.key.replace(new RegExp(`^${PROJECT}:`), "") })),
        "The settings given to streamingSetup have",
      );
    }
    throw error;
  }
  if (
    config.network === "lab" &&
    config.directory?.mode === "lab" &&
    directoryAdminPassword !== undefined &&
    typeof directoryAdminPassword !== "string"
  ) {
    const adminPassword = pulumi.secret(directoryAdminPassword);
    return { ...config, directory: { ...config.directory, adminPassword } };
  }
  return config;
}
