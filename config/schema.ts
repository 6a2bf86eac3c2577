/**
 * What each key may hold, on its own: one zod schema per top-level key. Cross-key rules (a region's
 * AZ IDs, overlapping networks, quotas) are the stages' (config/stages.ts). The reference's table
 * takes each key's allowed values from here (config/docs.ts).
 */
import { z } from "zod";
import {
  SUBNET_NEW_BITS,
  formatBlock,
  hasHostBits,
  looksLikeIpv6,
  networkOf,
  parseCidrV4,
} from "../components/cidr";
import { windowsInstanceTypeProblem } from "../components/instanceTypes";
import { BUNDLE_ID_PATTERN, STREAMING_PORTS, directoryIdProblem, ec2IdPattern } from "../policy/facts";

// A VPC is split into 16 subnets, and AWS's smallest subnet is a /28.
const VPC_PREFIX_MIN = 16;
const VPC_PREFIX_MAX = 28 - SUBNET_NEW_BITS;

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

/** A whole number, written as one or quoted (`"120"`): quoted numbers mean the same, as quoted booleans do. */
const wholeNumber = (schema: z.ZodInt) =>
  z.preprocess((v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v), schema);

/** An e-mail address SNS can subscribe (one `@`, a dotted domain, no spaces). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A share strictly between 0 and 1, written as a number or quoted. */
const fraction = z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d*\.?\d+\s*$/.test(v) ? Number(v) : v),
  z
    .number()
    .gt(0, { error: "must be above 0 (a share of connection attempts, e.g. 0.2 for 20%)" })
    .lt(1, { error: "must be below 1 (a share of connection attempts, e.g. 0.2 for 20%)" }),
);

/** An EC2 ID of one kind ("vpc", "subnet"...), with what it is called and where to find it. */
const ec2Id = (prefix: string, kind: string, listedBy: string) =>
  z.string().regex(new RegExp(ec2IdPattern(prefix)), {
    error: `is not ${kind} ID ("${prefix}-" and 8 or 17 hex digits); ${listedBy} lists them`,
  });

/** A list of IDs, each once. */
const uniqueIds = (item: z.ZodString, what: string) =>
  z.array(item).superRefine((ids, ctx) => {
    ids.forEach((id, i) => {
      const first = ids.indexOf(id);
      if (first < i) {
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `is listed twice (also [${first}]); list each ${what} once`,
        });
      }
    });
  });

/** The highest AWS raises the rules-per-security-group and routes-per-route-table quotas to. */
export const MAX_QUOTA = 1000;

/** The two VPC quotas the client ranges count against, as Service Quotas names them. */
const QUOTAS = {
  rules: {
    name: '"Inbound or outbound rules per security group" in Service Quotas (VPC)',
    setting: "clientNetwork.rulesPerSecurityGroup",
    most: `${MAX_QUOTA} rules per group, ${MAX_QUOTA / STREAMING_PORTS.length} ranges`,
  },
  routes: {
    name: '"Routes per route table" in Service Quotas (VPC)',
    setting: "clientNetwork.routesPerRouteTable",
    most: `${MAX_QUOTA} routes per table`,
  },
} as const;

/**
 * The second half of a quota problem's fix, after "aggregate the ranges; ": raise the quota to
 * what is needed, or, past the most AWS raises it to, that raising cannot help.
 */
export function raiseQuotaFix(quota: keyof typeof QUOTAS, needed: number): string {
  const q = QUOTAS[quota];
  return needed <= MAX_QUOTA
    ? `or raise the quota ${q.name} to ${needed} or more and set ${q.setting} to it`
    : `raising the quota cannot help (AWS allows at most ${q.most}): otherwise split the clients over stacks, one endpoint each`;
}

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A WorkSpaces Personal directory ID, as the API model allows it; a Pools ID is named as such. */
const directoryId = z.string().superRefine((id, ctx) => {
  const problem = directoryIdProblem(id);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
  }
});

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

export const schemas = {
  network: z.enum(["lab", "existing"]),
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
      associate: flag.optional(),
    }),
    z.strictObject({
      mode: z.literal("existing"),
      directoryId,
      associate: flag.optional(),
      takeOver: flag.optional(),
    }),
  ]),
  directories: z
    .array(
      z.strictObject({
        directoryId,
        allowPcoipOverInternet: flag.optional(),
        associate: flag.optional(),
        takeOver: flag.optional(),
      }),
    )
    .superRefine((list, ctx) => {
      const seen = new Map<string, number>();
      list.forEach((entry, i) => {
        const first = seen.get(entry.directoryId);
        if (first !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [i, "directoryId"],
            message: `is listed twice (also directories[${first}]); a directory streams through one endpoint, so list it once`,
          });
        } else {
          seen.set(entry.directoryId, i);
        }
      });
    }),
  directoryAdminPassword: z.string(),
  streamingEndpoint: z.strictObject({
    vpc: z.enum(["source", "workspaces"]).optional(),
    vpcId: ec2Id("vpc", "a VPC", "aws ec2 describe-vpcs").optional(),
    subnetIds: uniqueIds(ec2Id("subnet", "a subnet", "aws ec2 describe-subnets"), "subnet").optional(),
    vpcEndpointId: ec2Id("vpce", "a VPC endpoint", "aws ec2 describe-vpc-endpoints").optional(),
    ownDns: flag.optional(),
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
    transitGatewayId: ec2Id("tgw", "a transit gateway", "aws ec2 describe-transit-gateways").optional(),
    routeTableIds: uniqueIds(
      ec2Id("rtb", "a route table", "aws ec2 describe-route-tables"),
      "route table",
    ).optional(),
    rulesPerSecurityGroup: wholeNumber(
      z
        .int()
        .min(1, { error: "must be at least 1" })
        .max(MAX_QUOTA, { error: `is over ${MAX_QUOTA}, the most AWS allows per security group` }),
    ).optional(),
    routesPerRouteTable: wholeNumber(
      z
        .int()
        .min(1, { error: "must be at least 1" })
        .max(MAX_QUOTA, { error: `is over ${MAX_QUOTA}, the most AWS allows per route table` }),
    ).optional(),
  }),
  allowPcoipOverInternet: flag,
  workspaces: workspaceList,
  signInLog: z.strictObject({
    enabled: flag.optional(),
    retentionDays: wholeNumber(z.int())
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        error: `is not a retention CloudWatch Logs offers; use one of ${LOG_RETENTION_DAYS.join(", ")}`,
      })
      .optional(),
    egressCidrs: z.array(clientCidr).optional(),
  }),
  monitoring: z.strictObject({
    enabled: flag.optional(),
    alarmEmail: z
      .string()
      .regex(EMAIL, { error: 'is not an e-mail address; write e.g. "streaming-team@example.com"' })
      .optional(),
    connectionFailureRatio: fraction.optional(),
  }),
} as const;

export type Key = keyof typeof schemas;
export type Parsed = { [K in Key]?: z.infer<(typeof schemas)[K]> };

export const KEYS = Object.keys(schemas) as Key[];
export const SET_HINT: Partial<Record<Key, string>> = {
  directoryAdminPassword: "set it with: pulumi config set --secret directoryAdminPassword",
};
