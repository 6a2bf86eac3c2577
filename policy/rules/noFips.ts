import { judgeDirectories, label, streamingPolicy } from "../streaming";

/** Rule 2. Cross-resource: what is known of the streamed directory, and anything that sets FIPS on it. */
export const noFips = streamingPolicy({
  name: "workspaces-streaming-no-fips",
  description: "A directory in FIPS endpoint-encryption mode cannot stream through a PrivateLink endpoint.",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    const fix = "set the directory's endpoint encryption to STANDARD_TLS, or stream over the internet";
    const associations = new Set(t.associations);
    for (const resource of t.resources) {
      if (
        !associations.has(resource) &&
        "endpointEncryptionMode" in resource.props &&
        t.targetsStreamingDirectory(resource)
      ) {
        if (resource.props.endpointEncryptionMode === "FIPS_VALIDATED") {
          reportViolation(
            `${label(resource)} sets endpointEncryptionMode "FIPS_VALIDATED" on a directory that streams through an endpoint; ${fix}.`,
            resource.urn,
          );
        }
      }
    }
    judgeDirectories(t, (association, facts, directory) => {
      if (facts.endpointEncryptionMode === "FIPS_VALIDATED") {
        reportViolation(
          `${label(association)} streams ${directory}, which is in FIPS_VALIDATED endpoint encryption; ${fix}.`,
          association.urn,
        );
      }
    });
  },
});
