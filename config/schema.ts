/**
 * What each key may hold, on its own: one zod schema per top-level key. Cross-key rules (a region's
 * AZ IDs, overlapping networks, quotas) are the stages' (config/stages.ts). The reference's table
 * takes each key's allowed values from here (config/docs.ts).
 */
import { z } from "zod";
import { userNameProblem } from "../ground/directories";
import { LOG_RETENTION_DAYS, MAX_QUOTA, quotaProblem, retentionProblem } from "../ground/limits";
import {
  EC2_ID_RULES,
  type Rule,
  azIdListProblem,
  azIdProblem,
  bundleIdProblem,
  clientCidrProblem,
  clientInstanceTypeProblem,
  domainNameProblem,
  emailProblem,
  netbiosNameProblem,
  ratioProblem,
  repeatedEntries,
  repeatedIds,
  vpcCidrProblem,
} from "../ground/values";
import { directoryIdProblem } from "../policy/facts";

export { LOG_RETENTION_DAYS };

/** A zod check from a ground rule (ground/values.ts): its problem is the issue's message. */
function rule<T>(problem: Rule<T>) {
  return (value: T, ctx: z.core.$RefinementCtx<T>) => {
    const message = problem(value);
    if (message) {
      ctx.addIssue({ code: "custom", message });
    }
  };
}

/** A check that reports repeated entries of a list, each at its own index (and field). */
function noRepeats<T>(found: (list: T[]) => { index: number; message: string }[], field?: string) {
  return (list: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    for (const { index, message } of found(list)) {
      ctx.addIssue({ code: "custom", path: field ? [index, field] : [index], message });
    }
  };
}

const text = (problem: Rule<string>) => z.string().superRefine(rule(problem));
const azIds = z.array(text(azIdProblem)).superRefine(rule(azIdListProblem));
const vpcCidr = text(vpcCidrProblem);
const clientCidr = text(clientCidrProblem);

/**
 * true or false. The engine hands every top-level value to the program as text, so `"true"` and
 * `true` cannot be told apart there; nested values follow the same rule, so a setting means the
 * same wherever it is written.
 */
const flag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

/** A whole number, written as one or quoted (`"120"`): quoted numbers mean the same, as quoted booleans do. */
const wholeNumber = (schema: z.ZodInt) =>
  z.preprocess((v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v), schema);

/** A share strictly between 0 and 1, written as a number or quoted. */
const fraction = z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d*\.?\d+\s*$/.test(v) ? Number(v) : v),
  // Bounds zod can state (the reference's table reads them), in the rule's own words.
  z
    .number()
    .gt(0, { error: ratioProblem(0) })
    .lt(1, { error: ratioProblem(1) }),
);

/** A list of EC2 IDs of one kind, each once. */
const uniqueIds = (problem: Rule<string>, what: string) =>
  z.array(text(problem)).superRefine(noRepeats((ids: string[]) => repeatedIds(ids, what)));

/** An account quota: 1 to the most AWS raises it to. */
const quota = (per: string) =>
  wholeNumber(
    z
      .int()
      .min(1, { error: quotaProblem(0, per) })
      .max(MAX_QUOTA, { error: quotaProblem(MAX_QUOTA + 1, per) }),
  );

/** A WorkSpaces Personal directory ID, as the API model allows it; a Pools ID is named as such. */
const directoryId = text(directoryIdProblem);

const workspaceList = z
  .array(
    z.strictObject({
      userName: text(userNameProblem),
      bundleId: text(bundleIdProblem).optional(),
    }),
  )
  .superRefine(
    noRepeats(
      (list: { userName: string }[]) =>
        repeatedEntries(
          list,
          (entry) => entry.userName.toLowerCase(), // WorkSpaces user names are not case-sensitive
          (first) =>
            `names the same user as workspaces[${first}]; a user has one WorkSpace per directory, so list each user once`,
        ),
      "userName",
    ),
  );

export const schemas = {
  network: z.enum(["lab", "existing"]),
  internetAccess: z.enum(["https-only", "none"]),
  sourceVpc: z.strictObject({ cidr: vpcCidr.optional(), availabilityZoneIds: azIds.optional() }),
  workspacesVpc: z.strictObject({ cidr: vpcCidr.optional(), availabilityZoneIds: azIds.optional() }),
  client: z.strictObject({
    enabled: flag.optional(),
    instanceType: text(clientInstanceTypeProblem).optional(),
    keyName: z.string().min(1, { error: "is empty; name an EC2 key pair, or drop the key" }).optional(),
  }),
  directory: z.discriminatedUnion("mode", [
    z.strictObject({
      mode: z.literal("lab"),
      name: text(domainNameProblem).optional(),
      shortName: text(netbiosNameProblem).optional(),
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
    .superRefine(
      noRepeats(
        (list: { directoryId: string }[]) =>
          repeatedEntries(
            list,
            (entry) => entry.directoryId,
            (first) =>
              `is listed twice (also directories[${first}]); a directory streams through one endpoint, so list it once`,
          ),
        "directoryId",
      ),
    ),
  directoryAdminPassword: z.string(),
  streamingEndpoint: z.strictObject({
    vpc: z.enum(["source", "workspaces"]).optional(),
    vpcId: text(EC2_ID_RULES.vpc).optional(),
    subnetIds: uniqueIds(EC2_ID_RULES.subnet, "subnet").optional(),
    vpcEndpointId: text(EC2_ID_RULES.vpcEndpoint).optional(),
    ownDns: flag.optional(),
    // An empty list is judged with the network (config/stages.ts): only a lab has a default.
    allowedCidrs: z.array(clientCidr).optional(),
  }),
  clientNetwork: z.strictObject({
    dnsResolver: flag.optional(),
    transitGatewayId: text(EC2_ID_RULES.transitGateway).optional(),
    routeTableIds: uniqueIds(EC2_ID_RULES.routeTable, "route table").optional(),
    rulesPerSecurityGroup: quota("security group").optional(),
    routesPerRouteTable: quota("route table").optional(),
  }),
  allowPcoipOverInternet: flag,
  workspaces: workspaceList,
  signInLog: z.strictObject({
    enabled: flag.optional(),
    retentionDays: wholeNumber(z.int().superRefine(rule(retentionProblem))).optional(),
    egressCidrs: z.array(clientCidr).optional(),
  }),
  monitoring: z.strictObject({
    enabled: flag.optional(),
    alarmEmail: text(emailProblem).optional(),
    connectionFailureRatio: fraction.optional(),
  }),
} as const;

export type Key = keyof typeof schemas;
export type Parsed = { [K in Key]?: z.infer<(typeof schemas)[K]> };

export const KEYS = Object.keys(schemas) as Key[];
export const SET_HINT: Partial<Record<Key, string>> = {
  directoryAdminPassword: "set it with: pulumi config set --secret directoryAdminPassword",
};
