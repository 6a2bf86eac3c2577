import { StackValidationPolicy } from "@pulumi/policy";
import { label, topology } from "../streaming";

/** Rule 2. Cross-resource: the association's observation, and anything that sets FIPS on a streaming directory. */
export const noFips: StackValidationPolicy = {
  name: "workspaces-streaming-no-fips",
  description: "A directory in FIPS endpoint-encryption mode cannot stream through a PrivateLink endpoint.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const t = topology(args.resources);
    const fix = "set the directory's endpoint encryption to STANDARD_TLS, or stream over the internet";
    for (const association of t.associations) {
      if (association.props.endpointEncryptionMode === "FIPS_VALIDATED") {
        reportViolation(
          `${label(association)} streams directory ${association.props.directoryId}, which is in FIPS_VALIDATED endpoint encryption; ${fix}.`,
          association.urn,
        );
      }
    }
    const associations = new Set(t.associations);
    for (const resource of args.resources) {
      if (associations.has(resource)) {
        continue; // judged above, on what it observed
      }
      if ("endpointEncryptionMode" in resource.props && t.targetsStreamingDirectory(resource)) {
        if (resource.props.endpointEncryptionMode === "FIPS_VALIDATED") {
          reportViolation(
            `${label(resource)} sets endpointEncryptionMode "FIPS_VALIDATED" on a directory that streams through an endpoint; ${fix}.`,
            resource.urn,
          );
        }
      }
    }
  },
};
