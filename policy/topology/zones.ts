/** The stack's own private hosted zones, for endpoints whose private DNS is off on purpose. */
import { PolicyResource } from "@pulumi/policy";
import { privateLinkHostname } from "../facts";
import { tryRead } from "../values";

export interface PrivateZone {
  /** The zone's name, lower case, without the trailing dot. */
  readonly zone: string;
  readonly resource: PolicyResource;
}

/** The `aws.route53.Zone` resources that are private (associated with a VPC), with their names. */
export function privateZones(zones: readonly PolicyResource[]): PrivateZone[] {
  const found: PrivateZone[] = [];
  for (const resource of zones) {
    const vpcs = tryRead(() => resource.props.vpcs);
    const zone = String(tryRead(() => resource.props.name) ?? "")
      .replace(/\.$/, "")
      .toLowerCase();
    if (Array.isArray(vpcs) && vpcs.length > 0 && zone !== "") {
      found.push({ zone, resource });
    }
  }
  return found;
}

/**
 * The private zones that answer for the streaming name of `region` (its zone or a parent), or,
 * with the region unknown, for any highlander name.
 */
export function zonesAnswering(zones: readonly PrivateZone[], region: string | undefined): PolicyResource[] {
  const name = region ? privateLinkHostname(region) : undefined;
  return zones
    .filter(({ zone }) =>
      name ? name === zone || name.endsWith(`.${zone}`) : zone.endsWith("highlander.aws.a2z.com"),
    )
    .map(({ resource }) => resource);
}
