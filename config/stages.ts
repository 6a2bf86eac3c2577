/**
 * The stages of reading a stack's configuration, in the order of the reference's settings. Each takes
 * what it needs, returns its value (undefined when it cannot be resolved) with its problems and
 * warnings, and resolves the defaults of its settings, from config/settings.ts, once.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { egressRangeProblems, normalizeRanges, overlaps, parseCidrV4 } from "../ground/cidr";
import {
  checkDirectoryPassword,
  directoryUserNameProblem,
  labDirectorySizeProblem,
} from "../ground/directories";
import {
  MAX_STREAMED_DIRECTORIES,
  MIN_ENDPOINT_SUBNETS,
  tagKeyProblem,
  tagValueProblem,
} from "../ground/limits";
import { judgeAzIds, judgeClientRanges } from "../ground/network";
import { REGION_PATTERN } from "../policy/facts";
import {
  ConfigProblem,
  PROJECT,
  closest,
  describeValue,
  keyPath,
  lookup,
  unknownKeyMessage,
} from "./problems";
import { AWS_REGIONS, WORKSPACES_AZ_IDS, WORKSPACES_REGIONS, azIdPrefix } from "../ground/regions";
import { KEYS, Key, Parsed, SET_HINT, schemas } from "./schema";
import { SETTINGS } from "./settings";
import type {
  ClientConfig,
  ClientNetworkConfig,
  EndpointVpc,
  ExistingEndpointConfig,
  LabEndpointConfig,
  MonitoringConfig,
  NetworkMode,
  SignInLogConfig,
  StackConfig,
  StreamedDirectoryConfig,
  SubnetsEndpointConfig,
  VpcConfig,
  WorkspaceConfig,
} from "./types";

/** What a stage found: its value, or undefined when a problem (its own or an earlier one) stops it. */
export interface Stage<T> {
  readonly value: T | undefined;
  readonly problems: readonly ConfigProblem[];
  readonly warnings?: readonly string[];
}

const ok = <T>(value: T, warnings: string[] = []): Stage<T> => ({ value, problems: [], warnings });

// ---- keys and namespaces ----

/** Every key of the project, parsed on its own, and what was given. */
export interface Keys {
  readonly all: Readonly<Record<string, string>>;
  readonly parsed: Parsed;
  readonly raws: Partial<Record<Key, unknown>>;
  /** Whether the key was given but its value was refused (already reported). */
  failed(key: Key): boolean;
}

/** Keys of namespaces other than this project's that a stack legitimately carries. */
const OTHER_NAMESPACES = ["aws", "pulumi"];

/**
 * pulumi-aws credential settings that the AWS SDK's default chain does not read (it reads
 * `aws:profile` only because this project passes it on).
 */
const SDK_UNSHARED_AWS_KEYS = [
  "accessKey",
  "secretKey",
  "token",
  "assumeRole",
  "assumeRoles",
  "assumeRoleWithWebIdentity",
  "sharedCredentialsFiles",
  "sharedConfigFiles",
];

/** The parsed form of a config value as the Pulumi engine hands it over: structured values arrive as JSON text. */
function decode(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A key whose namespace is a near miss of the project's (`workspace-privatelink:...`). */
function misspelledNamespace(fullKey: string): ConfigProblem | undefined {
  const colon = fullKey.indexOf(":");
  const namespace = fullKey.slice(0, colon);
  if (colon < 0 || namespace === PROJECT || OTHER_NAMESPACES.includes(namespace)) {
    return undefined;
  }
  if (closest(namespace, [PROJECT]) === undefined) {
    return undefined;
  }
  const name = fullKey.slice(colon + 1);
  return {
    key: fullKey,
    message: `is in namespace "${namespace}", which is not this project's (did you mean "${PROJECT}:${name}"?); the program never reads it. Move it with: pulumi config rm ${fullKey}, then set ${name} again`,
  };
}

const EXPECTED: Record<string, string> = {
  boolean: "true or false",
  int: "a whole number",
  number: "a whole number",
  string: "a text value",
  array: "a list",
  object: "an object of settings",
};

/** What a list setting looks like, by its field name, for "must be a list, e.g. ...". */
const LIST_EXAMPLES: Record<string, string> = {
  availabilityZoneIds: '["apne1-az1", "apne1-az4"]',
  allowedCidrs: '["192.168.0.0/16"]',
  workspaces: '[{ "userName": "jdoe" }]',
};

/** Settings that hold one thing of a kind, by field name: what it is called and an example. */
const TEXT_KINDS: Record<string, { kind: string; example: string }> = {
  cidr: { kind: "an IPv4 CIDR block", example: '"10.0.0.0/16"' },
  directoryId: { kind: "a WorkSpaces Personal directory ID", example: '"d-9067a1b2c3"' },
  instanceType: { kind: "an EC2 instance type", example: '"t3.medium"' },
  transitGatewayId: { kind: "a transit gateway ID", example: '"tgw-0123456789abcdef0"' },
};

/**
 * Settings that hold a number other than a whole one, by field name: what they hold and an
 * example, given with every wrong value. A whole-number setting gives its example for a quoted value.
 */
const NUMBER_KINDS: Record<string, { kind: string; example: string }> = {
  connectionFailureRatio: {
    kind: "a number",
    example: `${SETTINGS["monitoring.connectionFailureRatio"].default} (alarm above 20% failed attempts)`,
  },
};
const WHOLE_NUMBER = {
  kind: "a whole number",
  example: String(SETTINGS["clientNetwork.rulesPerSecurityGroup"].default),
};

/**
 * What an object setting looks like, by its key (and, for a list's entries, its list), written
 * from the value that was given where it fits: `sourceVpc: 10.0.0.0/16` -> `{ cidr: "10.0.0.0/16" }`.
 */
const OBJECT_SHAPES: Partial<Record<Key, (given: unknown) => string>> = {
  sourceVpc: (v) => `{ cidr: ${JSON.stringify(typeof v === "string" ? v : "10.0.0.0/16")} }`,
  workspacesVpc: (v) => `{ cidr: ${JSON.stringify(typeof v === "string" ? v : "10.1.0.0/16")} }`,
  directory: (v) =>
    v === "lab" ? "{ mode: lab }" : "{ mode: existing, directoryId: d-... } (or { mode: lab })",
  directories: (v) => `[{ directoryId: ${typeof v === "string" ? v : "d-..."} }]`,
  workspaces: (v) => `[{ userName: ${typeof v === "string" ? v : "jdoe"} }]`,
  streamingEndpoint: () => '{ allowedCidrs: ["192.168.0.0/16"] }',
  client: () => "{ enabled: false }",
  clientNetwork: () => "{ dnsResolver: true }",
  signInLog: () => "{ retentionDays: 90 }",
  monitoring: () => '{ alarmEmail: "streaming-team@example.com" }',
};

/** Why a value of the wrong type is wrong, with the fix where the field says what it holds. */
function wrongType(
  key: Key,
  path: readonly PropertyKey[],
  expected: string,
  value: string,
  given: unknown,
): string {
  const field = String([key, ...path].filter((p) => typeof p === "string").pop());
  const shape = OBJECT_SHAPES[key];
  // The key itself, or an entry of a list of objects, given as one plain value.
  if (expected === "object" && shape && path.filter((p) => typeof p === "string").length === 0) {
    const entry = path.length > 0;
    return `${value} must be ${entry ? "an object in the list" : "an object of settings"}, e.g. ${key}: ${shape(given)}`;
  }
  if (field === "alarmEmail" && Array.isArray(given)) {
    return `${value} is a list; alarmEmail takes one address: give one, and subscribe the others to the alarm topic (the alarmTopicArn output: aws sns subscribe --topic-arn ARN --protocol email --notification-endpoint ADDRESS)`;
  }
  if (expected === "array" && LIST_EXAMPLES[field]) {
    return `${value} must be a list, e.g. ${LIST_EXAMPLES[field]}`;
  }
  if (expected === "string" && TEXT_KINDS[field]) {
    return `${value} is not ${TEXT_KINDS[field].kind}; write e.g. ${TEXT_KINDS[field].example}`;
  }
  if ((expected === "number" || expected === "int") && (NUMBER_KINDS[field] || value.startsWith('"'))) {
    const { kind, example } = NUMBER_KINDS[field] ?? WHOLE_NUMBER;
    return `${value} must be ${kind}, e.g. ${example}`;
  }
  return `${value} must be ${EXPECTED[expected] ?? expected}`;
}

/** The lab directory's settings, which an existing directory has none of. */
const LAB_ONLY = ["type", "name", "shortName", "size", "createWorkspacesDefaultRole"];

function knownFields(key: Key, shape: unknown): string[] {
  const schema = schemas[key];
  if (schema instanceof z.ZodObject) {
    return Object.keys(schema.shape);
  }
  if (key === "workspaces") {
    return ["userName", "bundleId"];
  }
  if (key === "directories") {
    return ["directoryId", "allowPcoipOverInternet", "associate", "takeOver"];
  }
  if (key === "directory") {
    const mode = lookup(shape, ["mode"]);
    return mode === "existing"
      ? ["mode", "directoryId", "associate", "takeOver"]
      : ["mode", "type", "name", "shortName", "size", "createWorkspacesDefaultRole", "associate"];
  }
  return [];
}

function issueToProblems(key: Key, raw: unknown, issue: z.core.$ZodIssue, secret: boolean): ConfigProblem[] {
  const value = secret ? "(secret)" : describeValue(lookup(raw, issue.path));
  switch (issue.code) {
    case "unrecognized_keys": {
      const shape = lookup(raw, issue.path);
      const known = knownFields(key, shape);
      return issue.keys.map((name) => {
        const remove = `pulumi config rm --path ${keyPath(key, [...issue.path, name]).slice(PROJECT.length + 1)}`;
        const labOnly =
          key === "directory" && lookup(shape, ["mode"]) === "existing" && LAB_ONLY.includes(name);
        return {
          key: keyPath(key, [...issue.path, name]),
          message: labOnly
            ? `is a setting of directory.mode "lab" only (the directory the stack makes); an existing directory has its own. Remove it with: ${remove}`
            : unknownKeyMessage(name, known, remove),
        };
      });
    }
    case "invalid_union": {
      const path = [...issue.path];
      return [
        {
          key: keyPath(key, path),
          message: `${describeValue(lookup(raw, path))} is not a known mode; use one of ${(("options" in issue ? issue.options : []) as unknown[]).map((o) => JSON.stringify(o)).join(" or ")}`,
        },
      ];
    }
    case "invalid_value":
      return [
        {
          key: keyPath(key, issue.path),
          message: `${value} is not allowed; use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
        },
      ];
    case "invalid_type": {
      const path = keyPath(key, issue.path);
      const missing = lookup(raw, issue.path) === undefined;
      const hint =
        issue.path.length === 0 && SET_HINT[key]
          ? SET_HINT[key]
          : `set it with: pulumi config set --path ${path.slice(PROJECT.length + 1)} VALUE`;
      return [
        {
          key: path,
          message: missing
            ? `(not set) is required; ${hint}`
            : wrongType(key, issue.path, issue.expected, value, lookup(raw, issue.path)),
        },
      ];
    }
    default:
      return [{ key: keyPath(key, issue.path), message: `${value} ${issue.message}` }];
  }
}

/**
 * Reads every key: unknown keys and misspelled namespaces are problems, and each project key is
 * parsed with its schema. Warns about pulumi-aws credential settings the SDK chain cannot follow.
 */
export function readKeys(all: Readonly<Record<string, string>>): Stage<Keys> {
  const problems: ConfigProblem[] = [];
  const parsed: Parsed = {};
  const raws: Partial<Record<Key, unknown>> = {};
  for (const fullKey of Object.keys(all).sort()) {
    if (!fullKey.startsWith(`${PROJECT}:`)) {
      const problem = misspelledNamespace(fullKey);
      if (problem) {
        problems.push(problem);
      }
      continue;
    }
    const name = fullKey.slice(PROJECT.length + 1);
    if (!(KEYS as string[]).includes(name)) {
      problems.push({ key: fullKey, message: unknownKeyMessage(name, KEYS, `pulumi config rm ${name}`) });
    }
  }
  for (const key of KEYS) {
    const text = all[`${PROJECT}:${key}`];
    const secret = key === "directoryAdminPassword";
    const raw = text === undefined ? undefined : secret ? text : decode(text);
    raws[key] = raw;
    if (raw === undefined) {
      continue;
    }
    const result = schemas[key].safeParse(raw);
    if (result.success) {
      (parsed as Record<Key, unknown>)[key] = result.data;
    } else {
      for (const issue of result.error.issues) {
        problems.push(...issueToProblems(key, raw, issue, secret));
      }
    }
  }
  const warnings: string[] = [];
  const unshared = SDK_UNSHARED_AWS_KEYS.filter((k) => all[`aws:${k}`] !== undefined);
  if (unshared.length > 0) {
    warnings.push(
      `${unshared.map((k) => `aws:${k}`).join(", ")}: pulumi-aws uses ${unshared.length === 1 ? "this" : "these"}, but the StreamingEndpointAssociation and the preview read of an existing directory use the AWS SDK's default chain (with aws:profile), so they may act with other credentials; give the same credentials through aws:profile or the environment (AWS_PROFILE, AWS_ACCESS_KEY_ID...).`,
    );
  }
  const failed = (key: Key): boolean => raws[key] !== undefined && parsed[key] === undefined;
  return { value: { all, parsed, raws, failed }, problems, warnings };
}

// ---- the network: a lab, or the one you have ----

/** Settings only a lab has: what it builds (`streamingEndpoint.vpc`: which of its VPCs). */
const LAB_SETTINGS = [
  "sourceVpc",
  "workspacesVpc",
  "internetAccess",
  "client",
  "workspaces",
  "directoryAdminPassword",
  "streamingEndpoint.vpc",
] as const;

/** Settings only an existing network has: what you already have. */
const EXISTING_SETTINGS = [
  "streamingEndpoint.vpcId",
  "streamingEndpoint.subnetIds",
  "streamingEndpoint.vpcEndpointId",
  "streamingEndpoint.ownDns",
  "clientNetwork.routeTableIds",
] as const;

/** Whether a setting (`key` or `key.field`) is given, whatever its value. */
function given(keys: Keys, setting: string): boolean {
  const [key, field] = setting.split(".") as [Key, string | undefined];
  const raw = keys.raws[key];
  return field === undefined ? raw !== undefined : lookup(raw, [field]) !== undefined;
}

/** How a setting is removed. */
const removeHint = (setting: string) =>
  `pulumi config rm ${setting.includes(".") ? "--path " : ""}${setting}`;

/**
 * `network`: which resources the stack builds. The settings of the other kind of network are
 * problems: a lab's in an existing network (it builds none of them), an existing network's in a lab.
 */
export function readNetworkMode(keys: Keys): Stage<NetworkMode> {
  const mode = keys.parsed.network ?? SETTINGS.network.default;
  if (keys.failed("network")) {
    return { value: undefined, problems: [] };
  }
  const problems: ConfigProblem[] = [];
  const wrong = mode === "existing" ? LAB_SETTINGS : EXISTING_SETTINGS;
  for (const setting of wrong) {
    if (!given(keys, setting)) {
      continue;
    }
    const [key, ...path] = setting.split(".");
    problems.push({
      key: keyPath(key, path),
      message:
        mode === "existing"
          ? `is a setting of network "lab" (what the walkthrough's lab builds); with network "existing" the stack builds no VPC, NAT, client, lab directory or WorkSpaces. Remove it with: ${removeHint(setting)}`
          : `is a setting of network "existing" (what you already have); a lab builds its own network. Set network to existing (pulumi config set network existing), or remove it with: ${removeHint(setting)}`,
    });
  }
  const directoryMode = lookup(keys.raws.directory, ["mode"]);
  if (mode === "existing" && keys.raws.directory !== undefined && directoryMode !== "existing") {
    problems.push({
      key: keyPath("directory", ["mode"]),
      message: `${describeValue(directoryMode)}: network "existing" makes no lab directory; stream directories you have with directories: [{ directoryId: d-... }] (or directory: { mode: existing, directoryId: d-... })`,
    });
  }
  if (mode === "existing" && keys.raws.directory === undefined && keys.raws.directories === undefined) {
    problems.push({
      key: keyPath("directories", []),
      message:
        '(not set) is required with network "existing": list the directories to stream, e.g. [{ "directoryId": "d-95670a1b2c", "associate": false }] (associate false builds the path first and switches nothing)',
    });
  }
  return { value: mode, problems };
}

// ---- region and AZ IDs ----

export interface Region {
  readonly name: string;
  /** Where WorkSpaces Personal runs in the region, when the table knows the region. */
  readonly workspacesAzIds?: readonly string[];
  /** The prefix of the region's AZ IDs, when its naming is known. */
  readonly azIdPrefix?: string;
}

/** `aws:region`. A malformed region is one problem; the AZ checks that depend on it are skipped, not repeated. */
export function readRegion(all: Readonly<Record<string, string>>): Stage<Region> {
  const given = all["aws:region"];
  const refuse = (message: string): Stage<Region> => ({
    value: undefined,
    problems: [{ key: "aws:region", message }],
  });
  // A near miss (`us-east1`, `"eu-west-1 "`, `EU-WEST-1`) is told the region it most likely meant.
  const guess =
    given === undefined || AWS_REGIONS[given] !== undefined
      ? undefined
      : closest(given.trim().toLowerCase(), Object.keys(AWS_REGIONS), { beginnings: false });
  const fix = `set it with: pulumi config set aws:region ${guess ?? "ap-northeast-1"}`;
  const meant = guess ? ` (did you mean "${guess}"?)` : "";
  if (given === undefined || !new RegExp(REGION_PATTERN).test(given)) {
    return refuse(`${describeValue(given)} is not an AWS region${meant}; ${fix}`);
  }
  const offered = `WorkSpaces runs in ${WORKSPACES_REGIONS.join(", ")}`;
  if (AWS_REGIONS[given] === undefined) {
    return refuse(
      guess
        ? `"${given}" is not an AWS region${meant}; ${fix}`
        : `"${given}" is not an AWS region (none has that name); ${offered}: ${fix}`,
    );
  }
  if (!AWS_REGIONS[given].workspaces) {
    return refuse(
      `"${given}" is an AWS region without WorkSpaces, so nothing can stream there; ${offered}: ${fix}, or the region nearest your users`,
    );
  }
  return ok({ name: given, workspacesAzIds: WORKSPACES_AZ_IDS[given], azIdPrefix: azIdPrefix(given) });
}

// ---- the other aws: settings pulumi-aws reads ----

const ACCOUNT_ID = /^\d{12}$/;

/** Why a tag map is not one AWS takes (ground/limits.ts has the rules), or undefined; `example` shows the shape. */
function tagMapProblem(tags: unknown, example: string): string | undefined {
  if (tags === null || typeof tags !== "object" || Array.isArray(tags)) {
    return `has tags ${describeValue(tags)}, which is not a map of keys to text; ${example}`;
  }
  for (const [key, value] of Object.entries(tags as Record<string, unknown>)) {
    if (typeof value !== "string") {
      return `has tag ${JSON.stringify(key)} with ${describeValue(value)}; a tag's value is text (quote numbers and booleans): ${example}`;
    }
    const keyProblem = tagKeyProblem(key);
    if (keyProblem) {
      return `has tag key ${JSON.stringify(key)}, which ${keyProblem}`;
    }
    const valueProblem = tagValueProblem(value);
    if (valueProblem) {
      return `has tag ${JSON.stringify(key)}, whose value ${valueProblem}`;
    }
  }
  return undefined;
}

/**
 * The aws: settings of the stacks besides the region, read before anything is planned, in the shape
 * pulumi-aws (7.x) takes them: otherwise the preview passes and `up` fails in the provider.
 * `aws:defaultTags` is `{ tags: { key: value } }`; `aws:profile` a profile's name;
 * `aws:allowedAccountIds` and `aws:forbiddenAccountIds` lists of 12-digit account IDs.
 */
export function readAwsSettings(all: Readonly<Record<string, string>>): Stage<void> {
  const problems: ConfigProblem[] = [];
  const problem = (key: string, message: string) => problems.push({ key, message });

  const defaultTags = all["aws:defaultTags"];
  if (defaultTags !== undefined) {
    const value = decode(defaultTags);
    const example =
      'e.g. pulumi config set --path "aws:defaultTags.tags.cost-center" euc-4711 (in the stack file: aws:defaultTags: { tags: { cost-center: euc-4711 } })';
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      problem(
        "aws:defaultTags",
        `${describeValue(value)} is not the shape pulumi-aws takes: an object with "tags", a map of keys to values; ${example}`,
      );
    } else {
      const extra = Object.keys(value).filter((k) => k !== "tags");
      if (extra.length > 0) {
        problem(
          "aws:defaultTags",
          `${describeValue(value)} has ${extra.map((k) => JSON.stringify(k)).join(", ")}; pulumi-aws takes only "tags" there (put your tags under it): ${example}`,
        );
      } else {
        const tags = (value as { tags?: unknown }).tags;
        const wrong = tags === undefined ? undefined : tagMapProblem(tags, example);
        if (wrong) {
          problem("aws:defaultTags", `${describeValue(value)} ${wrong}`);
        }
      }
    }
  }

  const profile = all["aws:profile"];
  if (profile !== undefined) {
    const value = decode(profile);
    const example = "e.g. pulumi config set aws:profile platform-dev (a [profile ...] of ~/.aws/config)";
    if (value !== null && typeof value === "object") {
      problem("aws:profile", `${describeValue(value)} is not a profile's name, which is text; ${example}`);
    } else if (profile.trim() === "") {
      problem(
        "aws:profile",
        `${describeValue(profile)} is empty; name a profile, or remove the key for the default credentials: pulumi config rm aws:profile`,
      );
    } else if (/\s/.test(profile)) {
      problem(
        "aws:profile",
        `${describeValue(profile)} has spaces, which no profile name the AWS SDK reads has; ${example}`,
      );
    }
  }

  for (const key of ["aws:allowedAccountIds", "aws:forbiddenAccountIds"]) {
    const text = all[key];
    if (text === undefined) {
      continue;
    }
    const value = decode(text);
    const example = `e.g. pulumi config set --path "${key}[0]" "123456789012" (quoted: an ID is text)`;
    if (!Array.isArray(value)) {
      problem(key, `${describeValue(value)} is not a list of account IDs; ${example}`);
      continue;
    }
    const bad = value.filter((id) => typeof id !== "string" || !ACCOUNT_ID.test(id));
    if (bad.length > 0) {
      problem(
        key,
        `${describeValue(value)} has ${bad.map((b) => describeValue(b)).join(", ")}, not an account ID (12 digits, as text); ${example}`,
      );
    }
  }
  return { value: undefined, problems };
}

// ---- the two networks ----

function readVpc(keys: Keys, key: "sourceVpc" | "workspacesVpc", region: Region, defaultCidr: string) {
  const given = keys.parsed[key];
  const cidr = given?.cidr ?? defaultCidr;
  const judged = judgeAzIds(given?.availabilityZoneIds, region.name);
  const problems: ConfigProblem[] = judged.problems.map((p) => ({
    key: keyPath(key, p.index === undefined ? ["availabilityZoneIds"] : ["availabilityZoneIds", p.index]),
    message: p.message,
  }));
  return {
    value: judged.ids && ({ cidr, availabilityZoneIds: judged.ids } as VpcConfig),
    problems,
  };
}

export interface Networks {
  readonly sourceVpc: VpcConfig;
  readonly workspacesVpc: VpcConfig;
}

/** `sourceVpc` and `workspacesVpc`: blocks, AZ IDs of the region, and blocks that do not overlap. */
export function readNetworks(keys: Keys, region: Region | undefined): Stage<Networks> {
  if (region === undefined) {
    return { value: undefined, problems: [] }; // the region problem says it all
  }
  const source = keys.failed("sourceVpc")
    ? undefined
    : readVpc(keys, "sourceVpc", region, SETTINGS["sourceVpc.cidr"].default);
  const workspaces = keys.failed("workspacesVpc")
    ? undefined
    : readVpc(keys, "workspacesVpc", region, SETTINGS["workspacesVpc.cidr"].default);
  const problems = [...(source?.problems ?? []), ...(workspaces?.problems ?? [])];
  const [sourceVpc, workspacesVpc] = [source?.value, workspaces?.value];
  if (!sourceVpc || !workspacesVpc) {
    return { value: undefined, problems };
  }
  // Both blocks are valid here: a VPC is returned only when its cidr passed validation.
  if (overlaps(parseCidrV4(sourceVpc.cidr)!, parseCidrV4(workspacesVpc.cidr)!)) {
    problems.push({
      key: keyPath("workspacesVpc", ["cidr"]),
      message: `"${workspacesVpc.cidr}" overlaps sourceVpc.cidr "${sourceVpc.cidr}"; give the two networks disjoint blocks (a client or peering that reaches both needs them apart), e.g. "10.1.0.0/16"`,
    });
  }
  return { value: { sourceVpc, workspacesVpc }, problems };
}

// ---- the endpoint and its client ranges ----

/** `streamingEndpoint.allowedCidrs: []`, in words right for where the endpoint is: only a lab's source VPC has a default. */
function emptyRanges(where: "source" | "workspaces" | "existing"): ConfigProblem {
  const fix =
    where === "source"
      ? 'list the client ranges, e.g. ["192.168.0.0/16"], or remove the key for the default, the source VPC\'s block: pulumi config rm --path streamingEndpoint.allowedCidrs'
      : `list the ranges your clients stream from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]; ${where === "existing" ? "on a network you have" : 'with streamingEndpoint.vpc "workspaces"'} there is no default`;
  return {
    key: keyPath("streamingEndpoint", ["allowedCidrs"]),
    message: `[] is empty: the endpoint would admit no one; ${fix}`,
  };
}

/** `streamingEndpoint` in a lab: where it lives, and the client ranges as given (or their default). */
export function readEndpoint(keys: Keys, sourceVpc: VpcConfig | undefined): Stage<LabEndpointConfig> {
  const endpoint = keys.parsed.streamingEndpoint;
  const vpc: EndpointVpc = endpoint?.vpc ?? SETTINGS["streamingEndpoint.vpc"].default;
  if (keys.failed("streamingEndpoint")) {
    return { value: undefined, problems: [] };
  }
  if (endpoint?.allowedCidrs?.length === 0) {
    return { value: undefined, problems: [emptyRanges(vpc)] };
  }
  const allowedCidrs =
    endpoint?.allowedCidrs ?? (vpc === "source" ? sourceVpc && [sourceVpc.cidr] : undefined);
  if (allowedCidrs === undefined && vpc === "workspaces") {
    return {
      value: undefined,
      problems: [
        {
          key: keyPath("streamingEndpoint", ["allowedCidrs"]),
          message:
            '(not set) is required when streamingEndpoint.vpc is "workspaces": the source VPC has no route there, so list the ranges your clients reach that VPC from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]',
        },
      ],
    };
  }
  return { value: allowedCidrs && { vpc, allowedCidrs }, problems: [] };
}

/**
 * `streamingEndpoint` in an existing network: your VPC, subnets and client ranges (the stack makes
 * the endpoint and its group), or the endpoint you have (it makes neither). What only AWS can say
 * (the VPC's DNS, the subnets' zones and owners...) is checked by config/existing.ts.
 */
export function readExistingEndpoint(
  keys: Keys,
  clientNetwork: ClientNetworkConfig,
): Stage<SubnetsEndpointConfig | ExistingEndpointConfig> {
  if (keys.failed("streamingEndpoint")) {
    return { value: undefined, problems: [] };
  }
  const e = keys.parsed.streamingEndpoint ?? {};
  const key = (field: string) => keyPath("streamingEndpoint", [field]);
  const problems: ConfigProblem[] = [];
  if (e.vpcEndpointId !== undefined) {
    const with_ = (["vpcId", "subnetIds", "allowedCidrs"] as const).filter((f) => e[f] !== undefined);
    if (with_.length > 0) {
      problems.push({
        key: key("vpcEndpointId"),
        message: `cannot be given with ${with_.map((f) => `streamingEndpoint.${f}`).join(", ")}: an endpoint you have comes with its subnets and security group. Give vpcEndpointId alone (the stack makes no endpoint), or vpcId, subnetIds and allowedCidrs (the stack makes one there)`,
      });
    }
    if (clientNetwork.dnsResolver) {
      problems.push({
        key: keyPath("clientNetwork", ["dnsResolver"]),
        message: `true needs the client ranges, which an endpoint you have keeps in its own security group: run the resolver where that endpoint is managed, or give vpcId, subnetIds and allowedCidrs for the stack to make the endpoint`,
      });
    }
    if (clientNetwork.transitGatewayId !== undefined) {
      problems.push({
        key: keyPath("clientNetwork", ["transitGatewayId"]),
        message: `routes the client ranges, which an endpoint you have keeps in its own security group: route them where that endpoint is managed, or give vpcId, subnetIds and allowedCidrs for the stack to make the endpoint`,
      });
    }
    return problems.length > 0
      ? { value: undefined, problems }
      : ok({
          vpcEndpointId: e.vpcEndpointId,
          ownDns: e.ownDns ?? SETTINGS["streamingEndpoint.ownDns"].default,
          allowedCidrs: [],
        });
  }
  if (clientNetwork.transitGatewayId !== undefined && clientNetwork.routeTableIds.length === 0) {
    problems.push({
      key: keyPath("clientNetwork", ["transitGatewayId"]),
      message:
        'needs clientNetwork.routeTableIds in an existing network: the route tables of the endpoint\'s VPC that get a route per client range to it (the VPC is attached already; the stack attaches nothing), e.g. ["rtb-0123456789abcdef0"]',
    });
  }
  if (e.ownDns !== undefined) {
    problems.push({
      key: key("ownDns"),
      message: `applies to an endpoint you have (vpcEndpointId); the endpoint the stack makes always has private DNS on. Remove it with: pulumi config rm --path streamingEndpoint.ownDns`,
    });
  }
  if (e.vpcId === undefined) {
    problems.push({
      key: key("vpcId"),
      message:
        e.subnetIds === undefined
          ? '(not set) is required with network "existing": the VPC for the endpoint (with subnetIds and allowedCidrs), or vpcEndpointId for the endpoint you have; e.g. pulumi config set --path streamingEndpoint.vpcId vpc-0a1b2c3d4e5f60718'
          : "(not set) is required with subnetIds: the VPC they are in; pulumi config set --path streamingEndpoint.vpcId vpc-...",
    });
  }
  if (e.vpcId !== undefined && e.subnetIds === undefined) {
    problems.push({
      key: key("subnetIds"),
      message: `(not set) is required with vpcId: one subnet in each of at least ${MIN_ENDPOINT_SUBNETS} availability zones, e.g. ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"]`,
    });
  } else if (e.subnetIds !== undefined && e.subnetIds.length < MIN_ENDPOINT_SUBNETS) {
    problems.push({
      key: key("subnetIds"),
      message: `${describeValue(e.subnetIds)} has ${e.subnetIds.length} subnet${e.subnetIds.length === 1 ? "" : "s"}; give one in each of at least ${MIN_ENDPOINT_SUBNETS} availability zones, so the endpoint survives a zone outage`,
    });
  }
  if (e.allowedCidrs?.length === 0) {
    problems.push(emptyRanges("existing"));
  }
  if (e.vpcId !== undefined && e.allowedCidrs === undefined) {
    problems.push({
      key: key("allowedCidrs"),
      message:
        '(not set) is required with vpcId: the ranges your clients stream from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]; the endpoint admits them on the four streaming ports and no one else',
    });
  }
  if (
    problems.length > 0 ||
    e.vpcId === undefined ||
    e.subnetIds === undefined ||
    e.allowedCidrs === undefined
  ) {
    return { value: undefined, problems };
  }
  return ok({ vpcId: e.vpcId, subnetIds: e.subnetIds, allowedCidrs: e.allowedCidrs });
}

/**
 * Normalises the client ranges (merged, aggregated, sorted) and checks what they will cost:
 * security group rules within the quota, routes within the quota when a transit gateway routes
 * them, never the whole internet.
 */
export function readClientRanges<E extends LabEndpointConfig | SubnetsEndpointConfig>(
  endpoint: E,
  clientNetwork: ClientNetworkConfig,
): Stage<E> {
  const key = keyPath("streamingEndpoint", ["allowedCidrs"]);
  const judged = judgeClientRanges(endpoint.allowedCidrs, {
    ...clientNetwork,
    labRoutes: "vpc" in endpoint && clientNetwork.transitGatewayId !== undefined,
  });
  return {
    value: { ...endpoint, allowedCidrs: judged.ranges },
    problems: judged.problems.map((message) => ({ key, message })),
    warnings: judged.warnings.map((warning) => `${key}: ${warning}`),
  };
}

// ---- the directory ----

/** The lab directory's administrator password: set, stored as a secret, strong enough. */
function passwordProblems(keys: Keys, secretKeys: readonly string[] | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const password = keys.parsed.directoryAdminPassword;
  const passwordKey = `${PROJECT}:directoryAdminPassword`;
  if (keys.raws.directoryAdminPassword !== undefined && secretKeys && !secretKeys.includes(passwordKey)) {
    problems.push({
      key: passwordKey,
      message: `(value not shown) is stored in plain text in the stack's config file; remove it with: pulumi config rm directoryAdminPassword, then ${SET_HINT.directoryAdminPassword}`,
    });
  }
  if (password === undefined && keys.raws.directoryAdminPassword === undefined) {
    problems.push({
      key: keyPath("directoryAdminPassword", []),
      message: `(not set) is required when directory.mode is "lab" (the lab directory's administrator password); ${SET_HINT.directoryAdminPassword}`,
    });
  } else if (password !== undefined) {
    const problem = checkDirectoryPassword(password);
    if (problem) {
      problems.push({
        key: keyPath("directoryAdminPassword", []),
        message: `${problem}; ${SET_HINT.directoryAdminPassword}`,
      });
    }
  }
  return problems;
}

/** The `directory` the stack has: undefined when only `directories` are given (no lab). */
export interface DirectoryChoice {
  readonly directory: StackConfig["directory"];
}

/**
 * `directory` and `directoryAdminPassword`: a lab directory with its defaults, or an existing one;
 * without `directory`, a lab, unless `directories` lists the directories to stream.
 */
export function readDirectory(keys: Keys, secretKeys: readonly string[] | undefined): Stage<DirectoryChoice> {
  const listOnly = keys.raws.directory === undefined && keys.raws.directories !== undefined;
  const setting =
    keys.parsed.directory ??
    (keys.raws.directory === undefined && !listOnly
      ? { mode: SETTINGS["directory.mode"].default }
      : undefined);
  if (setting?.mode === "existing" || listOnly) {
    const problems: ConfigProblem[] =
      keys.raws.directoryAdminPassword === undefined
        ? []
        : [
            {
              key: keyPath("directoryAdminPassword", []),
              message: `(secret) is only used when directory.mode is "lab"; remove it with: pulumi config rm directoryAdminPassword`,
            },
          ];
    const directory =
      setting?.mode === "existing"
        ? { mode: "existing" as const, directoryId: setting.directoryId }
        : undefined;
    return { value: { directory }, problems };
  }
  if (setting?.mode !== "lab") {
    return { value: undefined, problems: [] }; // the directory key was refused: already reported
  }
  // The parsed lab setting, or `{ mode: "lab" }` when the key is not set: every other field is optional.
  const lab = setting as Extract<NonNullable<Parsed["directory"]>, { mode: "lab" }>;
  const problems = passwordProblems(keys, secretKeys);
  const type = lab.type ?? SETTINGS["directory.type"].default;
  const sizeProblem = labDirectorySizeProblem(type, lab.size);
  if (sizeProblem) {
    problems.push({
      key: keyPath("directory", ["size"]),
      message: `${JSON.stringify(lab.size)} ${sizeProblem}, so remove it with: pulumi config rm --path directory.size`,
    });
  }
  return {
    value: {
      directory: {
        mode: "lab",
        type,
        name: lab.name ?? SETTINGS["directory.name"].default,
        shortName: lab.shortName,
        size: type === "SimpleAD" ? (lab.size ?? SETTINGS["directory.size"].default) : undefined,
        createWorkspacesDefaultRole:
          lab.createWorkspacesDefaultRole ?? SETTINGS["directory.createWorkspacesDefaultRole"].default,
        adminPassword: pulumi.secret(keys.parsed.directoryAdminPassword ?? ""),
      },
    },
    problems,
  };
}

/**
 * Every directory the stack streams, in order: the `directory` one (the lab's, or one existing),
 * then `directories`; each with its switch and its PCoIP setting, defaulted from the stack's.
 */
export function readStreamedDirectories(
  keys: Keys,
  directory: StackConfig["directory"],
  network: NetworkMode = "lab",
): Stage<readonly StreamedDirectoryConfig[]> {
  const stackPcoip = keys.parsed.allowPcoipOverInternet ?? SETTINGS.allowPcoipOverInternet.default;
  const listed = keys.parsed.directories ?? [];
  if (network === "existing") {
    // On a network you have, a directory switches only when the stack says so: users sign in there
    // today, and the switch may cut some off (docs/production.md, the runbook).
    const unsaid = [
      ...(directory?.mode === "existing" && keys.parsed.directory?.associate === undefined
        ? [{ setting: "directory.associate", directoryId: directory.directoryId }]
        : []),
      ...listed.flatMap((d, i) =>
        d.associate === undefined
          ? [{ setting: `directories[${i}].associate`, directoryId: d.directoryId }]
          : [],
      ),
    ];
    if (unsaid.length > 0) {
      return {
        value: undefined,
        problems: unsaid.map(({ setting, directoryId }) => ({
          key: `${PROJECT}:${setting}`,
          message: `(not set) is required with network "existing": true switches directory ${directoryId} to this endpoint on the next up; false builds the path and switches nothing. Switch as the runbook does: false first (pulumi config set --path '${setting}' false), wait for a week of sign-ins, run npx workspaces-privatelink cutover, then true`,
        })),
      };
    }
  }
  if (directory?.mode === "existing" && keys.raws.directories !== undefined) {
    return {
      value: undefined,
      problems: [
        {
          key: keyPath("directories", []),
          message: `cannot be used with directory.mode "existing": list that directory in directories instead (first, so that its association keeps its name), then remove directory with: pulumi config rm directory`,
        },
      ],
    };
  }
  const given = keys.parsed.directory;
  const associate = given?.associate ?? SETTINGS["directory.associate"].default;
  const takeOver =
    (given?.mode === "existing" ? given.takeOver : undefined) ?? SETTINGS["directory.takeOver"].default;
  const streamed: StreamedDirectoryConfig[] = [
    ...(directory === undefined
      ? []
      : [
          {
            directoryId: directory.mode === "existing" ? directory.directoryId : undefined,
            associate,
            allowPcoipOverInternet: stackPcoip,
            takeOver,
          },
        ]),
    ...listed.map((d) => ({
      directoryId: d.directoryId,
      associate: d.associate ?? SETTINGS["directory.associate"].default,
      allowPcoipOverInternet: d.allowPcoipOverInternet ?? stackPcoip,
      takeOver: d.takeOver ?? SETTINGS["directory.takeOver"].default,
    })),
  ];
  if (streamed.length > MAX_STREAMED_DIRECTORIES) {
    return {
      value: undefined,
      problems: [
        {
          key: keyPath("directories", []),
          message: `makes ${streamed.length} directories to stream, over the ${MAX_STREAMED_DIRECTORIES} one stack carries (the preview reads them in two DescribeWorkspaceDirectories calls, and deleting the stack's endpoint would end the live sessions of every one): split them over stacks, e.g. one per business unit`,
        },
      ],
    };
  }
  return ok(streamed);
}

// ---- the WorkSpaces, the client network, the Windows client ----

/**
 * `workspaces`: the WorkSpaces to launch (the schema has checked each entry), and user names as
 * long as the directory takes: the lab's kind of directory, or one you have.
 */
export function readWorkspaces(
  keys: Keys,
  directory: StackConfig["directory"] | undefined,
): Stage<readonly WorkspaceConfig[]> {
  const workspaces = keys.parsed.workspaces ?? SETTINGS.workspaces.default;
  const problems: ConfigProblem[] = [];
  if (directory !== undefined) {
    workspaces.forEach((w, i) => {
      const problem = directoryUserNameProblem(
        w.userName,
        directory.mode === "lab" ? directory.type : undefined,
      );
      if (problem) {
        problems.push({
          key: keyPath("workspaces", [i, "userName"]),
          message: `${JSON.stringify(w.userName)} ${problem}`,
        });
      }
    });
  }
  return { value: workspaces, problems };
}

/** `clientNetwork`: the resolver, the transit gateway and the account's quotas. */
export function readClientNetwork(keys: Keys): Stage<ClientNetworkConfig> {
  const given = keys.parsed.clientNetwork;
  return ok({
    dnsResolver: given?.dnsResolver ?? SETTINGS["clientNetwork.dnsResolver"].default,
    transitGatewayId: given?.transitGatewayId,
    routeTableIds: given?.routeTableIds ?? [],
    rulesPerSecurityGroup:
      given?.rulesPerSecurityGroup ?? SETTINGS["clientNetwork.rulesPerSecurityGroup"].default,
    routesPerRouteTable: given?.routesPerRouteTable ?? SETTINGS["clientNetwork.routesPerRouteTable"].default,
  });
}

/**
 * `signInLog`: the sign-in log, its retention, and the routed networks' public egress, which must
 * not cover the whole internet (every sign-in would look routed).
 */
export function readSignInLog(keys: Keys): Stage<SignInLogConfig> {
  const given = keys.parsed.signInLog;
  const egressCidrs = normalizeRanges(given?.egressCidrs ?? SETTINGS["signInLog.egressCidrs"].default);
  const key = keyPath("signInLog", ["egressCidrs"]);
  const judged = egressRangeProblems(egressCidrs);
  return {
    value: {
      enabled: given?.enabled ?? SETTINGS["signInLog.enabled"].default,
      retentionDays: given?.retentionDays ?? SETTINGS["signInLog.retentionDays"].default,
      egressCidrs,
    },
    problems: judged.problems.map((message) => ({ key, message })),
    warnings: judged.warnings.map((warning) => `${key}: ${warning}`),
  };
}

/** `monitoring`: the dashboard, the alarms and who hears of them. */
export function readMonitoring(keys: Keys): Stage<MonitoringConfig> {
  const given = keys.parsed.monitoring;
  return ok({
    enabled: given?.enabled ?? SETTINGS["monitoring.enabled"].default,
    alarmEmail: given?.alarmEmail,
    connectionFailureRatio:
      given?.connectionFailureRatio ?? SETTINGS["monitoring.connectionFailureRatio"].default,
  });
}

/** `client`: the Windows client. Its other settings with `enabled: false` have no effect: a warning. */
export function readClient(keys: Keys): Stage<ClientConfig> {
  const given = keys.parsed.client;
  const enabled = given?.enabled ?? SETTINGS["client.enabled"].default;
  const unused = enabled
    ? []
    : (["instanceType", "keyName"] as const).filter((k) => given?.[k] !== undefined);
  return ok(
    {
      enabled,
      instanceType: given?.instanceType ?? SETTINGS["client.instanceType"].default,
      keyName: given?.keyName,
    },
    unused.map(
      (k) =>
        `${keyPath("client", [k])}: has no effect while client.enabled is false (no Windows client is built); remove it with: pulumi config rm --path client.${k}`,
    ),
  );
}
