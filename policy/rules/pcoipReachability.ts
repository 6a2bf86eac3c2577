import { StackValidationPolicy } from "@pulumi/policy";
import { label, topology } from "../streaming";

/** Rule 9 (advisory: blocking PCoIP can be deliberate). */
export const pcoipReachability: StackValidationPolicy = {
  name: "workspaces-streaming-pcoip-reachability",
  description:
    'Only DCV streams through the endpoint; PCoIP WorkSpaces cannot connect ("Invalid State Error") unless PCoIP may still use the internet.',
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    for (const association of topology(args.resources).associations) {
      if (association.props.allowPcoipOverInternet === true) {
        continue;
      }
      const count = association.props.pcoipWorkspaceCount;
      if (typeof count === "number" && count > 0) {
        reportViolation(
          `${label(association)} disallows PCoIP over the internet while directory ${association.props.directoryId} has ${count} PCoIP WorkSpaces; they will fail with "Invalid State Error": set allowPcoipOverInternet: true, or migrate them to DCV.`,
          association.urn,
        );
      }
    }
  },
};
