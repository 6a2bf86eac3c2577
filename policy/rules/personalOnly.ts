import { judgeDirectories, label, streamingPolicy } from "../streaming";

/** Rule 7. Cross-resource: the directory's type, declared or observed. */
export const personalOnly = streamingPolicy({
  name: "workspaces-streaming-personal-only",
  description:
    "Streaming over PrivateLink is for WorkSpaces Personal; a WorkSpaces Pools directory cannot use it.",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    const fix = "stream Pools over the internet, or use a PERSONAL directory";
    for (const directory of t.directories) {
      if (directory.props.workspaceType === "POOLS" && t.streams(directory)) {
        reportViolation(
          `${label(directory)} is a POOLS directory with a streaming endpoint; ${fix}.`,
          directory.urn,
        );
      }
    }
    judgeDirectories(t, (association, facts, directory, declared) => {
      // A directory this stack declares is judged above, on its own resource.
      if (!declared && facts.workspaceType === "POOLS") {
        reportViolation(
          `${label(association)} streams ${directory}, which is a POOLS directory; ${fix}.`,
          association.urn,
        );
      }
    });
  },
});
