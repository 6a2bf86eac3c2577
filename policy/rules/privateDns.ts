import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { HIGHLANDER, privateLinkHostname } from "../facts";
import { label, topology, tryRead } from "../streaming";

const privateZones = new WeakMap<readonly PolicyResource[], { zone: string; resource: PolicyResource }[]>();

/** The private hosted zones of the stack that answer for the streaming name (its zone or a parent). */
export function ownZonesFor(
  resources: readonly PolicyResource[],
  region: string | undefined,
): PolicyResource[] {
  let zones = privateZones.get(resources);
  if (!zones) {
    zones = [];
    for (const resource of resources) {
      if (!resource.isType(aws.route53.Zone as never)) {
        continue;
      }
      const vpcs = tryRead(() => resource.props.vpcs);
      const zone = String(tryRead(() => resource.props.name) ?? "")
        .replace(/\.$/, "")
        .toLowerCase();
      if (Array.isArray(vpcs) && vpcs.length > 0 && zone !== "") {
        zones.push({ zone, resource });
      }
    }
    privateZones.set(resources, zones);
  }
  const name = region ? privateLinkHostname(region) : undefined;
  return zones
    .filter(({ zone }) =>
      name ? name === zone || name.endsWith(`.${zone}`) : zone.endsWith("highlander.aws.a2z.com"),
    )
    .map(({ resource }) => resource);
}

function regionOf(endpoint: PolicyResource): string | undefined {
  const match = HIGHLANDER.exec(
    String(tryRead(() => endpoint.props.serviceName))
      .trim()
      .toLowerCase(),
  );
  return match?.[1];
}

/** Rule 5. The endpoint, and whether the stack runs its own zone for the name. */
export const privateDns: StackValidationPolicy = {
  name: "workspaces-streaming-private-dns",
  description:
    "Clients reach the streaming endpoint by the name the broker hands out, which resolves to the endpoint only with private DNS on (or a private hosted zone of your own for the name).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const t = topology(args.resources);
    for (const endpoint of t.endpoints.keys()) {
      if (
        endpoint.props.privateDnsEnabled === true ||
        ownZonesFor(args.resources, regionOf(endpoint)).length > 0
      ) {
        continue;
      }
      reportViolation(
        `${label(endpoint)} has privateDnsEnabled ${JSON.stringify(endpoint.props.privateDnsEnabled ?? "unset (false)")}; set privateDnsEnabled: true, so that privatelink.prod.<region>.highlander.aws.a2z.com resolves to the endpoint (the VPC also needs DNS support and DNS hostnames), or run a private hosted zone of your own for that name.`,
        endpoint.urn,
      );
    }
  },
};

/** Rule 5, the deliberate case (advisory: AWS advises it for web proxy users). */
export const ownDns: StackValidationPolicy = {
  name: "workspaces-streaming-own-dns",
  description:
    "With a streaming endpoint's private DNS off, only a private hosted zone of your own makes the streaming name resolve to it.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    const t = topology(args.resources);
    for (const endpoint of t.endpoints.keys()) {
      const zones = ownZonesFor(args.resources, regionOf(endpoint));
      if (endpoint.props.privateDnsEnabled !== true && zones.length > 0) {
        reportViolation(
          `${label(endpoint)} has private DNS off and ${zones.map(label).join(", ")} answers the streaming name instead (AWS advises this for clients behind a web proxy): keep its records on the endpoint's addresses, associate it with every VPC whose clients stream, and do not let the proxy cache the name.`,
          endpoint.urn,
        );
      }
    }
  },
};
