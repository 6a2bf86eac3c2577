/**
 * Limits AWS sets that the setup must fit, and how a problem with one reads: the VPC quotas the
 * client ranges count against, CloudWatch Logs' retention periods, the directory and subnet
 * counts. Pure data and functions; the component and the stack configuration both check with them.
 */
import { STREAMING_PORTS } from "../policy/facts";

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

/** Why a quota setting cannot be right (1 to MAX_QUOTA), or undefined. `per`: "security group", "route table". */
export function quotaProblem(value: number, per: string): string | undefined {
  if (value < 1) {
    return "must be at least 1";
  }
  return value > MAX_QUOTA ? `is over ${MAX_QUOTA}, the most AWS allows per ${per}` : undefined;
}

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Why a retention period is not one CloudWatch Logs offers, or undefined. */
export function retentionProblem(days: number): string | undefined {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days)
    ? undefined
    : `is not a retention CloudWatch Logs offers; use one of ${LOG_RETENTION_DAYS.join(", ")}`;
}

/**
 * The most directories one setup streams: the preview reads them (DescribeWorkspaceDirectories
 * takes 25 IDs a call), and deleting the setup's endpoint would end the live sessions of every one.
 */
export const MAX_STREAMED_DIRECTORIES = 50;

/** The smallest number of subnets an endpoint gets: one in each of two zones survives a zone outage. */
export const MIN_ENDPOINT_SUBNETS = 2;

/**
 * AWS's default quota "WorkSpaces": the WorkSpaces an account may have in one Region, 1 for a new
 * account, adjustable (Amazon WorkSpaces quotas, WorkSpaces Administration Guide:
 * https://docs.aws.amazon.com/workspaces/latest/adminguide/workspaces-limits.html).
 */
export const DEFAULT_WORKSPACES_QUOTA = 1;

/**
 * The warning for a setup that asks for more WorkSpaces than a new account's quota, or undefined.
 * A warning, not a refusal: raised quotas are common, and only the account knows its own.
 */
export function workspacesQuotaWarning(count: number, region: string): string | undefined {
  if (count <= DEFAULT_WORKSPACES_QUOTA) {
    return undefined;
  }
  return `lists ${count} WorkSpaces; AWS's quota "WorkSpaces" (Amazon WorkSpaces, per account and Region, WorkSpaces already there count too) is ${DEFAULT_WORKSPACES_QUOTA} in a new account, and up fails at the first WorkSpace past it. Read yours with: aws service-quotas list-service-quotas --service-code workspaces --region ${region} (or the Service Quotas console, Amazon WorkSpaces); raise it there (Request increase at account level) to ${count} or more before up`;
}

/**
 * AWS's tag rules (Tagging AWS resources): a key of 1 to 128 characters without AWS's own `aws:`
 * prefix. Why a key breaks them, or undefined.
 */
export function tagKeyProblem(key: string): string | undefined {
  return key.length === 0 || key.length > 128 || /^aws:/i.test(key)
    ? "is not a tag key AWS takes (the aws: prefix is AWS's own; 1 to 128 characters)"
    : undefined;
}

/** AWS's tag rules: a value of at most 256 characters. Why a value breaks them, or undefined. */
export function tagValueProblem(value: string): string | undefined {
  return value.length > 256 ? "is over the 256 characters a tag value takes" : undefined;
}
