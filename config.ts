/**
 * The stack configuration: the user-facing contract. Every key is read, validated and defaulted
 * here, once, before `index.ts` registers a single resource. Problems are all reported together,
 * each naming the key, the bad value and the fix.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  NON_PUBLIC_RANGES,
  SUBNET_NEW_BITS,
  WHOLE_INTERNET,
  formatBlock,
  hasHostBits,
  isNonPublic,
  looksLikeIpv6,
  networkOf,
  normalizeRanges,
  overlaps,
  parseCidrV4,
} from "./components/cidr";
import {
  BUNDLE_ID_PATTERN,
  DEFAULTS,
  REGION_PATTERN,
  STREAMING_PORTS,
  directoryIdProblem,
} from "./policy/facts";
import { windowsInstanceTypeProblem } from "./components/instanceTypes";
import type { InternetAccess } from "./components/natInstance";
import { labDirectorySizeProblem, type LabDirectoryType } from "./components/workspacesNetwork";

export const PROJECT = "workspaces-privatelink";

/**
 * The AZ IDs where WorkSpaces Personal runs, per region (AWS WorkSpaces Administration Guide,
 * "Availability Zones for WorkSpaces Personal"). AZ *names* map differently in every account; IDs do not.
 */
export const WORKSPACES_AZ_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["use1-az2", "use1-az4", "use1-az6"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
  "ap-northeast-1": ["apne1-az1", "apne1-az4"],
  "ap-northeast-2": ["apne2-az1", "apne2-az3"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2"],
  "ap-southeast-2": ["apse2-az1", "apse2-az3"],
  "ca-central-1": ["cac1-az1", "cac1-az2"],
  "eu-central-1": ["euc1-az2", "euc1-az3"],
  "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
  "eu-west-2": ["euw2-az2", "euw2-az3"],
  "sa-east-1": ["sae1-az1", "sae1-az3"],
};

export type EndpointVpc = "source" | "workspaces";

const AZ_ID_DIRECTIONS: Readonly<Record<string, string>> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
  gov: "g",
};

/**
 * The prefix every AZ ID of a region starts with (`ap-northeast-1` -> `apne1`, `us-gov-west-1` ->
 * `usgw1`), or undefined for a region whose naming this does not know (it then checks nothing).
 */
export function azIdPrefix(region: string): string | undefined {
  const parts = region.split("-");
  const words = parts.slice(1, -1).map((word) => AZ_ID_DIRECTIONS[word]);
  if (parts.length < 3 || words.some((w) => w === undefined)) {
    return undefined;
  }
  return `${parts[0]}${words.join("")}${parts[parts.length - 1]}`;
}

// A VPC is split into 16 subnets, and AWS's smallest subnet is a /28.
const VPC_PREFIX_MIN = 16;
const VPC_PREFIX_MAX = 28 - SUBNET_NEW_BITS;

export interface VpcConfig {
  readonly cidr: string;
  readonly availabilityZoneIds: readonly string[];
}

export interface LabDirectoryConfig {
  readonly mode: "lab";
  readonly type: LabDirectoryType;
  readonly name: string;
  readonly shortName?: string;
  /** Simple AD only; undefined for a Microsoft AD. */
  readonly size?: "Small" | "Large";
  readonly createWorkspacesDefaultRole: boolean;
  readonly adminPassword: pulumi.Output<string>;
}

export interface ExistingDirectoryConfig {
  readonly mode: "existing";
  readonly directoryId: string;
}

/** A WorkSpace to launch for a user of the directory. */
export interface WorkspaceConfig {
  /** The user's logon name in the directory; the user must exist there already. */
  readonly userName: string;
  /** Defaults to the DCV Windows bundle owned by Amazon (looked up by name in the region). */
  readonly bundleId?: string;
}

/** How clients outside the endpoint's VPC reach it. */
export interface ClientNetworkConfig {
  /** Whether to run a Route 53 Resolver inbound endpoint that on-premises DNS forwards to. */
  readonly dnsResolver: boolean;
  /** A transit gateway to attach the endpoint's VPC to, with routes to the client ranges. */
  readonly transitGatewayId?: string;
  /** The account's quota of inbound rules per security group (AWS default 60). */
  readonly rulesPerSecurityGroup: number;
  /** The account's quota of routes per route table (AWS default 50). */
  readonly routesPerRouteTable: number;
}

/** AWS's default quotas (Service Quotas: VPC, "Inbound or outbound rules per security group", "Routes per route table"). */
export const DEFAULT_RULES_PER_SECURITY_GROUP = 60;
export const DEFAULT_ROUTES_PER_ROUTE_TABLE = 50;

/** The validated configuration of one stack, every default resolved. */
export interface StackConfig {
  readonly region: string;
  /** The stack's `aws:profile`: pulumi-aws signs with it, and so do this project's own AWS reads. */
  readonly awsProfile?: string;
  readonly internetAccess: InternetAccess;
  readonly sourceVpc: VpcConfig;
  readonly workspacesVpc: VpcConfig;
  readonly client: { readonly enabled: boolean; readonly instanceType: string; readonly keyName?: string };
  readonly directory: LabDirectoryConfig | ExistingDirectoryConfig;
  /** `allowedCidrs` normalised: merged, aggregated, sorted (what the rules are made from). */
  readonly streamingEndpoint: { readonly vpc: EndpointVpc; readonly allowedCidrs: readonly string[] };
  readonly clientNetwork: ClientNetworkConfig;
  /** Things worth a look that are not errors; the program logs each as a warning. */
  readonly warnings: readonly string[];
  readonly allowPcoipOverInternet: boolean;
  readonly workspaces: readonly WorkspaceConfig[];
}

/** A configuration problem: the full key path (`workspaces-privatelink:sourceVpc.cidr`) and what to do. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

/** A message lists this many problems at most (10,000 bad ranges are not 10,000 lines to read). */
const MAX_PROBLEMS_SHOWN = 20;

/** Thrown when the configuration is invalid; `problems` lists every one found. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `  - ${p.key}: ${p.message}`);
    if (problems.length > MAX_PROBLEMS_SHOWN) {
      shown.push(`  - and ${problems.length - MAX_PROBLEMS_SHOWN} more like these`);
    }
    super(
      `The stack configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was deployed:\n` +
        shown.join("\n"),
    );
    this.name = "ConfigError";
  }
}

// ---- schemas of the individual keys (what each key may hold, on its own) ----

const AZ_ID = /^[a-z]{2,}[0-9]+-az[0-9]+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const BUNDLE_ID = new RegExp(BUNDLE_ID_PATTERN);
// Characters Active Directory does not allow in a logon name (sAMAccountName).
const USER_NAME_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;
const DOMAIN_NAME = /^(?=.{1,255}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

const azIds = z
  .array(
    z.string().regex(AZ_ID, {
      error: 'is not an AZ ID; write e.g. "apne1-az1" (aws ec2 describe-availability-zones shows ZoneId)',
    }),
  )
  .min(2, {
    error: "needs at least two AZ IDs: the directory and the endpoint each need subnets in two zones",
  })
  .refine((ids) => new Set(ids).size === ids.length, { error: "lists an AZ ID twice; list each zone once" });

const vpcCidr = z.string().superRefine((text, ctx) => {
  const block = parseCidrV4(text);
  if (!block) {
    ctx.addIssue({ code: "custom", message: 'is not an IPv4 CIDR block; write e.g. "10.0.0.0/16"' });
  } else if (hasHostBits(block)) {
    ctx.addIssue({ code: "custom", message: `has host bits set; write "${formatBlock(networkOf(block))}"` });
  } else if (block.prefix < VPC_PREFIX_MIN || block.prefix > VPC_PREFIX_MAX) {
    ctx.addIssue({
      code: "custom",
      message: `must be a /${VPC_PREFIX_MIN} to /${VPC_PREFIX_MAX} block (AWS allows /16 to /28 per VPC, and this project splits it into 16 subnets); write e.g. "10.0.0.0/16"`,
    });
  }
});

const clientCidr = z.string().superRefine((text, ctx) => {
  const block = parseCidrV4(text);
  if (looksLikeIpv6(text)) {
    ctx.addIssue({
      code: "custom",
      message: "is IPv6; WorkSpaces streaming over PrivateLink is IPv4 only: list the clients' IPv4 ranges",
    });
  } else if (!block) {
    ctx.addIssue({ code: "custom", message: 'is not an IPv4 CIDR block; write e.g. "192.168.0.0/16"' });
  } else if (hasHostBits(block)) {
    ctx.addIssue({ code: "custom", message: `has host bits set; write "${formatBlock(networkOf(block))}"` });
  }
});

/**
 * true or false. The engine hands every top-level value to the program as text, so `"true"` and
 * `true` cannot be told apart there; nested values follow the same rule, so a setting means the
 * same wherever it is written.
 */
const flag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

const workspaceList = z
  .array(
    z.strictObject({
      userName: z
        .string()
        .min(1, { error: 'is empty; name a user of the directory, e.g. "jdoe"' })
        .max(63, { error: "is longer than the 63 characters WorkSpaces accepts" })
        .refine((name) => name.trim() === name, {
          error: "has leading or trailing spaces; write the logon name alone",
        })
        .refine((name) => !USER_NAME_FORBIDDEN.test(name), {
          error: 'is not a logon name: drop the domain and any of " / \\ [ ] : ; | = , + * ? < > @',
        }),
      bundleId: z
        .string()
        .regex(BUNDLE_ID, {
          error:
            'is not a bundle ID ("wsb-" and 8 to 63 lower-case letters or digits); aws workspaces describe-workspace-bundles lists them, or drop bundleId for the default DCV bundle',
        })
        .optional(),
    }),
  )
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((entry, i) => {
      const key = entry.userName.toLowerCase(); // WorkSpaces user names are not case-sensitive
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: [i, "userName"],
          message: `names the same user as workspaces[${seen.get(key)}]; a user has one WorkSpace per directory, so list each user once`,
        });
      } else {
        seen.set(key, i);
      }
    });
  });

const schemas = {
  internetAccess: z.enum(["https-only", "none"]),
  sourceVpc: z.strictObject({ cidr: vpcCidr.optional(), availabilityZoneIds: azIds.optional() }),
  workspacesVpc: z.strictObject({ cidr: vpcCidr.optional(), availabilityZoneIds: azIds.optional() }),
  client: z.strictObject({
    enabled: flag.optional(),
    instanceType: z
      .string()
      .regex(INSTANCE_TYPE, { error: 'is not an EC2 instance type; write e.g. "t3.medium"' })
      .superRefine((type, ctx) => {
        const problem = windowsInstanceTypeProblem(type);
        if (problem) {
          ctx.addIssue({ code: "custom", message: problem });
        }
      })
      .optional(),
    keyName: z.string().min(1, { error: "is empty; name an EC2 key pair, or drop the key" }).optional(),
  }),
  directory: z.discriminatedUnion("mode", [
    z.strictObject({
      mode: z.literal("lab"),
      name: z
        .string()
        .regex(DOMAIN_NAME, { error: 'is not a fully qualified domain name; write e.g. "corp.example.com"' })
        .optional(),
      shortName: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,15}$/, {
          error: 'is not a NetBIOS name (1 to 15 letters, digits or "-"); write e.g. "CORP"',
        })
        .optional(),
      type: z.enum(["SimpleAD", "MicrosoftAD"]).optional(),
      size: z.enum(["Small", "Large"]).optional(),
      createWorkspacesDefaultRole: flag.optional(),
    }),
    z.strictObject({
      mode: z.literal("existing"),
      directoryId: z.string().superRefine((id, ctx) => {
        const problem = directoryIdProblem(id);
        if (problem) {
          ctx.addIssue({ code: "custom", message: problem });
        }
      }),
    }),
  ]),
  directoryAdminPassword: z.string(),
  streamingEndpoint: z.strictObject({
    vpc: z.enum(["source", "workspaces"]).optional(),
    allowedCidrs: z
      .array(clientCidr)
      .min(1, {
        error:
          "is empty: the endpoint would admit no one; list the client ranges, or drop the key for the default",
      })
      .optional(),
  }),
  clientNetwork: z.strictObject({
    dnsResolver: flag.optional(),
    transitGatewayId: z
      .string()
      .regex(/^tgw-[0-9a-f]{8,17}$/, {
        error:
          'is not a transit gateway ID ("tgw-" and 8 or 17 hex digits); aws ec2 describe-transit-gateways lists them',
      })
      .optional(),
    rulesPerSecurityGroup: z
      .int()
      .min(1, { error: "must be at least 1" })
      .max(1000, { error: "is over 1000, the most AWS allows per security group" })
      .optional(),
    routesPerRouteTable: z
      .int()
      .min(1, { error: "must be at least 1" })
      .max(1000, { error: "is over 1000, the most AWS allows per route table" })
      .optional(),
  }),
  allowPcoipOverInternet: flag,
  workspaces: workspaceList,
} as const;

type Key = keyof typeof schemas;
type Parsed = { [K in Key]?: z.infer<(typeof schemas)[K]> };

const KEYS = Object.keys(schemas) as Key[];
const SET_HINT: Partial<Record<Key, string>> = {
  directoryAdminPassword: "set it with: pulumi config set --secret directoryAdminPassword",
};

// ---- turning zod's issues into messages a user can act on ----

function describeValue(value: unknown): string {
  return value === undefined ? "(not set)" : JSON.stringify(value);
}

function lookup(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== "object") {
      return undefined;
    }
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

function keyPath(key: string, path: readonly PropertyKey[]): string {
  let text = `${PROJECT}:${key}`;
  for (const part of path) {
    text += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return text;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j];
        row[j] = Math.min(
          row[j] + 1,
          row[j - 1] + 1,
          previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
        );
        previous = current;
      }
    }
    return row[b.length];
  };
  const best = candidates.map((c) => ({ c, d: distance(word, c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

function unknownKeyMessage(name: string, known: readonly string[], removeWith: string): string {
  const guess = closest(name, known);
  return (
    `is not a setting of ${PROJECT}` +
    (guess ? ` (did you mean "${guess}"?)` : "") +
    `; known: ${known.join(", ")}. Remove it with: ${removeWith}`
  );
}

function issueToProblems(key: Key, raw: unknown, issue: z.core.$ZodIssue, secret: boolean): ConfigProblem[] {
  const value = secret ? "(secret)" : describeValue(lookup(raw, issue.path));
  switch (issue.code) {
    case "unrecognized_keys": {
      const shape = lookup(raw, issue.path);
      const known = knownFields(key, shape);
      return issue.keys.map((name) => ({
        key: keyPath(key, [...issue.path, name]),
        message: unknownKeyMessage(
          name,
          known,
          `pulumi config rm --path ${keyPath(key, [...issue.path, name]).slice(PROJECT.length + 1)}`,
        ),
      }));
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
            : `${value} must be ${EXPECTED[issue.expected] ?? issue.expected}`,
        },
      ];
    }
    default:
      return [{ key: keyPath(key, issue.path), message: `${value} ${issue.message}` }];
  }
}

const EXPECTED: Record<string, string> = {
  boolean: "true or false",
  int: "a whole number",
  string: "a text value",
  array: 'a list, e.g. ["10.0.0.0/16"]',
  object: "an object of settings",
};

function knownFields(key: Key, shape: unknown): string[] {
  const schema = schemas[key];
  if (schema instanceof z.ZodObject) {
    return Object.keys(schema.shape);
  }
  if (key === "workspaces") {
    return ["userName", "bundleId"];
  }
  if (key === "directory") {
    const mode = lookup(shape, ["mode"]);
    return mode === "existing"
      ? ["mode", "directoryId"]
      : ["mode", "type", "name", "shortName", "size", "createWorkspacesDefaultRole"];
  }
  return [];
}

/** The parsed form of a config value as the Pulumi engine hands it over: structured values arrive as JSON text. */
function decode(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Password rules of AWS Directory Service, Simple AD and Microsoft AD alike: 8 to 64 characters,
 * three of the four character classes, and not the word "admin". Returns the problem, never the value.
 */
export function checkDirectoryPassword(password: string): string | undefined {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 8 || password.length > 64) {
    return `(secret) must be 8 to 64 characters long (it has ${password.length})`;
  }
  if (classes < 3) {
    return "(secret) must mix three of: lower case, upper case, digits, symbols";
  }
  if (/admin/i.test(password)) {
    return '(secret) must not contain the word "admin"';
  }
  return undefined;
}

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

/** Keys of namespaces other than this project's that a stack legitimately carries. */
const OTHER_NAMESPACES = ["aws", "pulumi"];

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

  const failed = (key: Key): boolean => raws[key] !== undefined && parsed[key] === undefined;
  const givenRegion = all["aws:region"];
  // A malformed region is one problem; the AZ checks that depend on it are skipped, not repeated.
  const region =
    givenRegion !== undefined && new RegExp(REGION_PATTERN).test(givenRegion) ? givenRegion : undefined;
  if (region === undefined) {
    problems.push({
      key: "aws:region",
      message: `${describeValue(givenRegion)} is not an AWS region; set it with: pulumi config set aws:region ap-northeast-1`,
    });
  }
  const regionAzIds = region === undefined ? undefined : WORKSPACES_AZ_IDS[region];
  const regionPrefix = region === undefined ? undefined : azIdPrefix(region);

  const resolveVpc = (key: "sourceVpc" | "workspacesVpc", defaultCidr: string): VpcConfig | undefined => {
    if (failed(key)) {
      return undefined; // already reported
    }
    const given = parsed[key];
    const cidr = given?.cidr ?? defaultCidr;
    let availabilityZoneIds = given?.availabilityZoneIds;
    if (region === undefined) {
      return undefined; // the region problem says it all
    }
    if (availabilityZoneIds === undefined) {
      if (regionAzIds === undefined) {
        problems.push({
          key: keyPath(key, ["availabilityZoneIds"]),
          message: `(not set) has no default in region "${region}" (known: ${Object.keys(WORKSPACES_AZ_IDS).join(", ")}); list two AZ IDs where WorkSpaces Personal runs, from the WorkSpaces Administration Guide's "Availability Zones for WorkSpaces Personal"`,
        });
        return undefined;
      }
      availabilityZoneIds = regionAzIds.slice(0, 2);
    } else {
      availabilityZoneIds.forEach((id, i) => {
        if (regionPrefix !== undefined && !id.startsWith(`${regionPrefix}-`)) {
          problems.push({
            key: keyPath(key, ["availabilityZoneIds", i]),
            message: `"${id}" is an AZ ID of another region (AZ IDs of ${region} start with "${regionPrefix}-"); list zones of ${region}, e.g. "${regionAzIds?.[0] ?? `${regionPrefix}-az1`}" (aws ec2 describe-availability-zones --region ${region} shows ZoneId)`,
          });
        } else if (regionAzIds !== undefined && !regionAzIds.includes(id)) {
          problems.push({
            key: keyPath(key, ["availabilityZoneIds", i]),
            message: `"${id}" is not a zone where WorkSpaces Personal runs in ${region}; use some of ${regionAzIds.join(", ")}`,
          });
        }
      });
    }
    return { cidr, availabilityZoneIds };
  };
  const sourceVpc = resolveVpc("sourceVpc", "10.0.0.0/16");
  const workspacesVpc = resolveVpc("workspacesVpc", "10.1.0.0/16");
  // Both blocks are valid here: resolveVpc returns a VPC only when its cidr passed validation.
  if (sourceVpc && workspacesVpc) {
    if (overlaps(parseCidrV4(sourceVpc.cidr)!, parseCidrV4(workspacesVpc.cidr)!)) {
      problems.push({
        key: keyPath("workspacesVpc", ["cidr"]),
        message: `"${workspacesVpc.cidr}" overlaps sourceVpc.cidr "${sourceVpc.cidr}"; give the two networks disjoint blocks (a client or peering that reaches both needs them apart), e.g. "10.1.0.0/16"`,
      });
    }
  }

  const endpoint = parsed.streamingEndpoint;
  const endpointVpc: EndpointVpc = endpoint?.vpc ?? "source";
  let allowedCidrs: readonly string[] | undefined = endpoint?.allowedCidrs;
  if (allowedCidrs === undefined && !failed("streamingEndpoint")) {
    if (endpointVpc === "source") {
      allowedCidrs = sourceVpc ? [sourceVpc.cidr] : undefined;
    } else {
      problems.push({
        key: keyPath("streamingEndpoint", ["allowedCidrs"]),
        message:
          '(not set) is required when streamingEndpoint.vpc is "workspaces": the source VPC has no route there, so list the ranges your clients reach that VPC from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]',
      });
    }
  }

  const directorySetting =
    parsed.directory ?? (raws.directory === undefined ? { mode: "lab" as const } : undefined);
  let directory: StackConfig["directory"] | undefined;
  if (directorySetting?.mode === "existing") {
    directory = { mode: "existing", directoryId: directorySetting.directoryId };
    if (raws.directoryAdminPassword !== undefined) {
      problems.push({
        key: keyPath("directoryAdminPassword", []),
        message: `(secret) is only used when directory.mode is "lab"; remove it with: pulumi config rm directoryAdminPassword`,
      });
    }
  } else if (directorySetting?.mode === "lab") {
    const password = parsed.directoryAdminPassword;
    const passwordKey = `${PROJECT}:directoryAdminPassword`;
    if (raws.directoryAdminPassword !== undefined && secretKeys && !secretKeys.includes(passwordKey)) {
      problems.push({
        key: passwordKey,
        message: `(value not shown) is stored in plain text in the stack's config file; remove it with: pulumi config rm directoryAdminPassword, then ${SET_HINT.directoryAdminPassword}`,
      });
    }
    if (password === undefined && raws.directoryAdminPassword === undefined) {
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
    const type = directorySetting.type ?? DEFAULTS.directoryType;
    const sizeProblem = labDirectorySizeProblem(type, directorySetting.size);
    if (sizeProblem) {
      problems.push({
        key: keyPath("directory", ["size"]),
        message: `${JSON.stringify(directorySetting.size)} ${sizeProblem}, so remove it with: pulumi config rm --path directory.size`,
      });
    }
    directory = {
      mode: "lab",
      type,
      name: directorySetting.name ?? DEFAULTS.directoryName,
      shortName: directorySetting.shortName,
      size: type === "SimpleAD" ? (directorySetting.size ?? DEFAULTS.directorySize) : undefined,
      createWorkspacesDefaultRole: directorySetting.createWorkspacesDefaultRole ?? true,
      adminPassword: pulumi.secret(password ?? ""),
    };
  }

  const clientNetwork: ClientNetworkConfig = {
    dnsResolver: parsed.clientNetwork?.dnsResolver ?? false,
    transitGatewayId: parsed.clientNetwork?.transitGatewayId,
    rulesPerSecurityGroup: parsed.clientNetwork?.rulesPerSecurityGroup ?? DEFAULT_RULES_PER_SECURITY_GROUP,
    routesPerRouteTable: parsed.clientNetwork?.routesPerRouteTable ?? DEFAULT_ROUTES_PER_ROUTE_TABLE,
  };
  const warnings: string[] = [];
  const unshared = SDK_UNSHARED_AWS_KEYS.filter((k) => all[`aws:${k}`] !== undefined);
  if (unshared.length > 0) {
    warnings.push(
      `${unshared.map((k) => `aws:${k}`).join(", ")}: pulumi-aws uses ${unshared.length === 1 ? "this" : "these"}, but the StreamingEndpointAssociation and the preview read of an existing directory use the AWS SDK's default chain (with aws:profile), so they may act with other credentials; give the same credentials through aws:profile or the environment (AWS_PROFILE, AWS_ACCESS_KEY_ID...).`,
    );
  }
  if (allowedCidrs !== undefined && !failed("streamingEndpoint")) {
    allowedCidrs = checkClientRanges(allowedCidrs, clientNetwork, problems, warnings);
  }

  if (problems.length > 0 || !sourceVpc || !workspacesVpc || !directory || !allowedCidrs || !region) {
    throw new ConfigError(problems);
  }

  return {
    region,
    awsProfile: all["aws:profile"] || undefined,
    internetAccess: parsed.internetAccess ?? DEFAULTS.internetAccess,
    sourceVpc,
    workspacesVpc,
    client: {
      enabled: parsed.client?.enabled ?? true,
      instanceType: parsed.client?.instanceType ?? DEFAULTS.clientInstanceType,
      keyName: parsed.client?.keyName,
    },
    directory,
    streamingEndpoint: { vpc: endpointVpc, allowedCidrs },
    clientNetwork,
    allowPcoipOverInternet: parsed.allowPcoipOverInternet ?? DEFAULTS.allowPcoipOverInternet,
    workspaces: parsed.workspaces ?? [],
    warnings,
  };
}

/**
 * Normalises the client ranges (merged, aggregated, sorted) and checks what they will cost:
 * security group rules within the quota, routes within the quota when a transit gateway routes
 * them, never the whole internet. Returns the normalised ranges.
 */
function checkClientRanges(
  given: readonly string[],
  clientNetwork: ClientNetworkConfig,
  problems: ConfigProblem[],
  warnings: string[],
): readonly string[] {
  const key = keyPath("streamingEndpoint", ["allowedCidrs"]);
  const ranges = normalizeRanges(given);
  if (ranges.includes(WHOLE_INTERNET)) {
    const how = given.includes(WHOLE_INTERNET) ? "includes 0.0.0.0/0" : "together covers 0.0.0.0/0";
    problems.push({
      key,
      message: `${how}: every IPv4 address on the internet. PrivateLink clients arrive over private routing (VPN, Direct Connect, peering); list their ranges, e.g. ["192.168.0.0/16"]`,
    });
    return ranges;
  }
  const merged =
    given.length === ranges.length ? "" : ` (${given.length} as given, merged to ${ranges.length})`;
  const quota = clientNetwork.rulesPerSecurityGroup;
  // The endpoint's group holds the most rules per range (the resolver's needs 2: TCP/UDP 53).
  const endpointRules = ranges.length * STREAMING_PORTS.length;
  if (endpointRules > quota) {
    problems.push({
      key,
      message: `${ranges.length} ranges${merged} need ${endpointRules} inbound rules on the endpoint's security group (${STREAMING_PORTS.length} per range: TCP/UDP 443 and 4195), over the quota of ${quota} (clientNetwork.rulesPerSecurityGroup); aggregate the ranges into fewer, larger blocks; or raise the quota "Inbound or outbound rules per security group" in Service Quotas (VPC) and set clientNetwork.rulesPerSecurityGroup to it`,
    });
  }
  // One route per range, beside the local route and the NAT's default route.
  const routes = ranges.length + 2;
  if (clientNetwork.transitGatewayId && routes > clientNetwork.routesPerRouteTable) {
    problems.push({
      key,
      message: `${ranges.length} ranges${merged} need ${routes} routes in the endpoint VPC's route table with the transit gateway, over the quota of ${clientNetwork.routesPerRouteTable} (clientNetwork.routesPerRouteTable); aggregate the ranges, or raise "Routes per route table" in Service Quotas and set clientNetwork.routesPerRouteTable to it`,
    });
  }
  const publicRanges = ranges.filter((range) => !isNonPublic(range));
  if (publicRanges.length > 0) {
    const shown =
      publicRanges.slice(0, 5).join(", ") +
      (publicRanges.length > 5 ? `, and ${publicRanges.length - 5} more` : "");
    warnings.push(
      `${key}: ${shown} ${publicRanges.length === 1 ? "is" : "are"} public address space; PrivateLink clients normally arrive over private routing from ${NON_PUBLIC_RANGES.join(", ")}. Check that the clients really route to the endpoint from there.`,
    );
  }
  return ranges;
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
