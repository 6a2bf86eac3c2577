import { judgeDirectories, label, streamingPolicy } from "../streaming";

/** Rule 10 (advisory: seen in the walkthrough, not in AWS's text). */
export const ipAccessGroups = streamingPolicy({
  name: "workspaces-streaming-ip-access-groups",
  description:
    "IP access control groups stop applying to a directory while it streams through a PrivateLink endpoint.",
  enforcementLevel: "advisory",
  validate: (t, reportViolation) => {
    const fix = "restrict clients with the endpoint's security group instead";
    for (const directory of t.directories) {
      const groups: unknown[] = directory.props.ipGroupIds ?? [];
      if (groups.length > 0 && t.streams(directory)) {
        reportViolation(
          `${label(directory)} has IP access control groups (${groups.join(", ")}) and a streaming endpoint; they will not apply: ${fix}.`,
          directory.urn,
        );
      }
    }
    judgeDirectories(t, (association, facts, directory, declared) => {
      // A directory this stack declares is judged above, on its own resource.
      if (!declared && facts.ipGroupIds.length > 0) {
        reportViolation(
          `${label(association)} streams ${directory}, which has IP access control groups (${facts.ipGroupIds.join(", ")}); they will not apply: ${fix}.`,
          association.urn,
        );
      }
    });
  },
});
