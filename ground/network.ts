/**
 * Judgements of a setup's network that need more than one value: the AZ IDs a lab VPC may take in
 * its region, and what a set of client ranges costs (security group rules and routes within the
 * account's quotas, never the whole internet). The component and the stack configuration both
 * judge with them; each names the setting its own way.
 */
import { STREAMING_PORTS } from "../policy/facts";
import { NON_PUBLIC_RANGES, WHOLE_INTERNET, isNonPublic, normalizeRanges } from "./cidr";
import { raiseQuotaFix } from "./limits";
import { WORKSPACES_AZ_IDS, azIdPrefix } from "./regions";

/** A problem with one entry of a list (`index`), or with the list as a whole. */
export interface ListProblem {
  readonly index?: number;
  readonly message: string;
}

/**
 * A lab VPC's AZ IDs in `region`: the ones given, each of the region and where WorkSpaces Personal
 * runs there; or, when none are given, the region's first two. Undefined with a problem when the
 * region has no known default.
 */
export function judgeAzIds(
  given: readonly string[] | undefined,
  region: string,
): { readonly ids?: readonly string[]; readonly problems: readonly ListProblem[] } {
  const known = WORKSPACES_AZ_IDS[region];
  if (given === undefined) {
    return known === undefined
      ? {
          problems: [
            {
              message: `(not set) has no default in region "${region}" (known: ${Object.keys(WORKSPACES_AZ_IDS).join(", ")}); list two AZ IDs where WorkSpaces Personal runs, from the WorkSpaces Administration Guide's "Availability Zones for WorkSpaces Personal"`,
            },
          ],
        }
      : { ids: known.slice(0, 2), problems: [] };
  }
  const prefix = azIdPrefix(region);
  const problems: ListProblem[] = [];
  given.forEach((id, index) => {
    if (prefix !== undefined && !id.startsWith(`${prefix}-`)) {
      problems.push({
        index,
        message: `"${id}" is an AZ ID of another region (AZ IDs of ${region} start with "${prefix}-"); list zones of ${region}, e.g. "${known?.[0] ?? `${prefix}-az1`}" (aws ec2 describe-availability-zones --region ${region} shows ZoneId)`,
      });
    } else if (known !== undefined && !known.includes(id)) {
      problems.push({
        index,
        message: `"${id}" is not a zone where WorkSpaces Personal runs in ${region}; use some of ${known.join(", ")}`,
      });
    }
  });
  return { ids: given, problems };
}

/** What decides what the client ranges cost. */
export interface RangeBudget {
  readonly rulesPerSecurityGroup: number;
  readonly routesPerRouteTable: number;
  /**
   * Whether the ranges are routed through a route table the setup makes (a lab with a transit
   * gateway): one route each, beside the local route and the NAT's default route. Route tables you
   * have hold routes of their own: the existing network's lookups count those.
   */
  readonly labRoutes: boolean;
}

/**
 * The client ranges normalised (merged, aggregated, sorted: what the rules are made from) and
 * what is wrong with them: the whole internet, more rules than the security group quota, more
 * routes than the route table quota; public address space is worth a warning. Messages follow the
 * setting's name.
 */
export function judgeClientRanges(
  given: readonly string[],
  budget: RangeBudget,
): { readonly ranges: string[]; readonly problems: string[]; readonly warnings: string[] } {
  const ranges = normalizeRanges(given);
  if (ranges.includes(WHOLE_INTERNET)) {
    const how = given.includes(WHOLE_INTERNET) ? "includes 0.0.0.0/0" : "together covers 0.0.0.0/0";
    return {
      ranges,
      problems: [
        `${how}: every IPv4 address on the internet. PrivateLink clients arrive over private routing (VPN, Direct Connect, peering); list their ranges, e.g. ["192.168.0.0/16"]`,
      ],
      warnings: [],
    };
  }
  const problems: string[] = [];
  const merged =
    given.length === ranges.length ? "" : ` (${given.length} as given, merged to ${ranges.length})`;
  const quota = budget.rulesPerSecurityGroup;
  // The endpoint's group holds the most rules per range (the resolver's needs 2: TCP/UDP 53).
  const endpointRules = ranges.length * STREAMING_PORTS.length;
  if (endpointRules > quota) {
    problems.push(
      `${ranges.length} ranges${merged} need ${endpointRules} inbound rules on the endpoint's security group (${STREAMING_PORTS.length} per range: TCP/UDP 443 and 4195), over the quota of ${quota} (clientNetwork.rulesPerSecurityGroup); aggregate the ranges into fewer, larger blocks; ${raiseQuotaFix("rules", endpointRules)}`,
    );
  }
  const routes = ranges.length + 2;
  if (budget.labRoutes && routes > budget.routesPerRouteTable) {
    problems.push(
      `${ranges.length} ranges${merged} need ${routes} routes in the endpoint VPC's route table with the transit gateway, over the quota of ${budget.routesPerRouteTable} (clientNetwork.routesPerRouteTable); aggregate the ranges; ${raiseQuotaFix("routes", routes)}`,
    );
  }
  const publicRanges = ranges.filter((range) => !isNonPublic(range));
  const shown =
    publicRanges.slice(0, 5).join(", ") +
    (publicRanges.length > 5 ? `, and ${publicRanges.length - 5} more` : "");
  const warnings =
    publicRanges.length === 0
      ? []
      : [
          `${shown} ${publicRanges.length === 1 ? "is" : "are"} public address space; PrivateLink clients normally arrive over private routing from ${NON_PUBLIC_RANGES.join(", ")}. Check that the clients really route to the endpoint from there.`,
        ];
  return { ranges, problems, warnings };
}
