import { StackValidationPolicy } from "@pulumi/policy";
import { label, topology } from "../streaming";

/** Rule 8. Cross-resource: two resources writing the same directory setting fight on every update. */
export const oneOwner: StackValidationPolicy = {
  name: "workspaces-streaming-one-owner",
  description:
    "A directory's streaming endpoint must have one owner: either aws.workspaces.Directory's accessEndpointConfig or a StreamingEndpointAssociation.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const t = topology(args.resources);
    for (const association of t.associations) {
      const directory = t.directoryOf(association);
      if (directory?.props.workspaceAccessProperties?.accessEndpointConfig) {
        reportViolation(
          `${label(directory)} sets workspaceAccessProperties.accessEndpointConfig and ${label(association)} sets the same directory's streaming endpoint; remove accessEndpointConfig from the directory and add ignoreChanges: ["workspaceAccessProperties.accessEndpointConfig"], or drop the association.`,
          association.urn,
        );
      }
    }
  },
};
