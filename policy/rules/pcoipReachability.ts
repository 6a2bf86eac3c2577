import { judgeDirectories, label, streamingPolicy } from "../streaming";

/** Rule 9 (advisory: blocking PCoIP can be deliberate). */
export const pcoipReachability = streamingPolicy({
  name: "workspaces-streaming-pcoip-reachability",
  description:
    'Only DCV streams through the endpoint; PCoIP WorkSpaces cannot connect ("Invalid State Error") unless PCoIP may still use the internet.',
  enforcementLevel: "advisory",
  validate: (t, reportViolation) => {
    judgeDirectories(t, (association, facts, directory) => {
      if (association.props.allowPcoipOverInternet !== true && facts.pcoipWorkspaceCount > 0) {
        reportViolation(
          `${label(association)} disallows PCoIP over the internet while ${directory} has ${facts.pcoipWorkspaceCount} PCoIP WorkSpaces; they will fail with "Invalid State Error": set allowPcoipOverInternet: true, or migrate them to DCV.`,
          association.urn,
        );
      }
    });
  },
});
