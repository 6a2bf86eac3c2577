import { StackValidationPolicy } from "@pulumi/policy";
import { HIGHLANDER, LOOKALIKES, NAMING_TABLE, label, topology } from "../streaming";

/** Rule 4. Cross-resource: an endpoint is a streaming endpoint because something streams through it. */
export const rightService: StackValidationPolicy = {
  name: "workspaces-streaming-right-service",
  description:
    "Only an interface endpoint for com.amazonaws.<region>.highlander carries WorkSpaces streaming.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const t = topology(args.resources);
    for (const referrer of [...t.associations, ...t.directories]) {
      for (const endpoint of t.endpointsOf(referrer)) {
        const service = String(endpoint.props.serviceName);
        if (HIGHLANDER.test(service)) {
          continue;
        }
        const trap = LOOKALIKES.test(service) ? ` (${NAMING_TABLE})` : "";
        reportViolation(
          `${label(referrer)} streams through ${label(endpoint)}, which serves ${service}${trap}; point it at an Interface endpoint for com.amazonaws.<region>.highlander.`,
          referrer.urn,
        );
      }
    }
  },
};
