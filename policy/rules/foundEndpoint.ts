import { HIGHLANDER, LOOKALIKES, NAMING_TABLE } from "../facts";
import { label, streamingPolicy, tryRead, undecided } from "../streaming";

/**
 * Rule 14. An endpoint the stack streams through but does not make (one you have) is judged on
 * what is known of it: what the association observed, or what the program read during preview.
 */
export const foundEndpoint = streamingPolicy({
  name: "workspaces-streaming-found-endpoint",
  description:
    "An endpoint you have must be what streaming needs: an available IPv4 Interface endpoint for the directory's region's highlander service, with private DNS on (or your own DNS for the name).",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    const open: string[] = [];
    for (const association of t.associations) {
      const found = t.foundEndpointOf(association);
      if (found === undefined) {
        continue; // the stack makes the endpoint: the other rules judge the resource itself
      }
      if ("unknown" in found) {
        open.push(found.unknown);
        continue;
      }
      const e = found.known;
      const region = String(tryRead(() => association.props.region) ?? "");
      const service = `com.amazonaws.${region}.highlander`;
      const at = `${label(association)} streams through ${e.vpcEndpointId} (${found.source}), which`;
      const problems: string[] = [];
      if (e.vpcEndpointType !== "Interface") {
        problems.push(`is a ${e.vpcEndpointType} endpoint; streaming needs an Interface endpoint`);
      }
      if (!HIGHLANDER.test(e.serviceName) || (region !== "" && e.serviceName !== service)) {
        const trap = LOOKALIKES.test(e.serviceName) ? ` (${NAMING_TABLE})` : "";
        problems.push(
          `serves ${e.serviceName}${trap}; stream through an Interface endpoint for ${region ? service : "com.amazonaws.<region>.highlander"}, in the directory's region`,
        );
      }
      const ipv4 = e.ipAddressType === "ipv4";
      if (!ipv4 || !["ipv4", "service-defined"].includes(e.dnsRecordIpType)) {
        problems.push(
          `has ipAddressType "${e.ipAddressType}" and dnsRecordIpType "${e.dnsRecordIpType}"; WorkSpaces streaming is IPv4 only: use an endpoint with both "ipv4"`,
        );
      }
      if (!e.privateDnsEnabled && tryRead(() => association.props.ownDns) !== true) {
        problems.push(
          "has private DNS off, and clients find the endpoint by its private name; turn private DNS on, or set ownDns if your own DNS answers the streaming name",
        );
      }
      if (e.state !== "available") {
        problems.push(`is ${e.state}; it must be available`);
      }
      for (const problem of problems) {
        reportViolation(`${at} ${problem}.`, association.urn);
      }
    }
    if (open.length > 0) {
      undecided(open.join("; "));
    }
  },
});
