import { PolicyResource } from "@pulumi/policy";
import { LOOKALIKES, NAMING_TABLE, readServiceName } from "../facts";
import { label, streamingPolicy, tryRead } from "../streaming";

/** The region the endpoint is in, where the stack says so: its associations, or the one AWS provider. */
function regionsOf(endpoint: PolicyResource, providerRegion: unknown, referrers: PolicyResource[]): string[] {
  const regions = referrers.map((r) => tryRead(() => r.props.region));
  regions.push(
    tryRead(() => endpoint.props.region),
    providerRegion,
  );
  return [...new Set(regions.filter((r): r is string => typeof r === "string" && r !== ""))];
}

/** Rule 4. Cross-resource: an endpoint is a streaming endpoint because something streams through it. */
export const rightService = streamingPolicy({
  name: "workspaces-streaming-right-service",
  description:
    "Only an interface endpoint for com.amazonaws.<region>.highlander, in the directory's region, carries WorkSpaces streaming.",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    const referrersOf = new Map<PolicyResource, PolicyResource[]>();
    for (const referrer of [...t.associations, ...t.directories]) {
      for (const endpoint of t.endpointsOf(referrer)) {
        referrersOf.set(endpoint, [...(referrersOf.get(endpoint) ?? []), referrer]);
        const service = String(endpoint.props.serviceName);
        if (readServiceName(service).highlander) {
          continue;
        }
        const trap = LOOKALIKES.test(service.trim().toLowerCase()) ? ` (${NAMING_TABLE})` : "";
        reportViolation(
          `${label(referrer)} streams through ${label(endpoint)}, which serves ${service}${trap}; point it at an Interface endpoint for com.amazonaws.<region>.highlander.`,
          referrer.urn,
        );
      }
    }
    const providers = t.awsProviders;
    const providerRegion = providers.length === 1 ? tryRead(() => providers[0].props.region) : undefined;
    for (const endpoint of t.endpoints.keys()) {
      const service = String(endpoint.props.serviceName);
      const read = readServiceName(service);
      if (!read.highlander) {
        continue;
      }
      if (!read.exact) {
        reportViolation(
          `${label(endpoint)} names the service ${JSON.stringify(service)}; write it exactly "com.amazonaws.${read.region}.highlander" (lower case, no spaces), as AWS names it.`,
          endpoint.urn,
        );
      }
      const elsewhere = regionsOf(endpoint, providerRegion, referrersOf.get(endpoint) ?? []).filter(
        (r) => r !== read.region,
      );
      if (elsewhere.length > 0) {
        reportViolation(
          `${label(endpoint)} serves ${read.region}'s streaming service, but it and its directory are in ${elsewhere.join(", ")}; the endpoint must be in the directory's region: use com.amazonaws.${elsewhere[0]}.highlander.`,
          endpoint.urn,
        );
      }
    }
  },
});
