import { judgeDirectories, label, streamingPolicy } from "../streaming";

/** Rule 3. Cross-resource: directory-level and WorkSpace-level Global Accelerator. */
export const noGlobalAccelerator = streamingPolicy({
  name: "workspaces-streaming-no-global-accelerator",
  description:
    "AWS Global Accelerator cannot be used for a directory, or its WorkSpaces, that stream through a PrivateLink endpoint.",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    for (const resource of t.resources) {
      const props = resource.props;
      const directoryMode =
        "streamingProperties" in props ? props.streamingProperties?.globalAccelerator?.mode : undefined;
      const workspaceMode =
        "workspaceProperties" in props ? props.workspaceProperties?.globalAccelerator?.mode : undefined;
      for (const [where, mode] of [
        ["streamingProperties.globalAccelerator.mode", directoryMode],
        ["workspaceProperties.globalAccelerator.mode", workspaceMode],
      ]) {
        if (mode === "ENABLED_AUTO" && t.targetsStreamingDirectory(resource)) {
          reportViolation(
            `${label(resource)} sets ${where} "ENABLED_AUTO" for a directory that streams through an endpoint; set it to DISABLED (or INHERITED for a WorkSpace).`,
            resource.urn,
          );
        }
      }
    }
    judgeDirectories(t, (association, facts, directory) => {
      if (facts.globalAcceleratorMode === "ENABLED_AUTO") {
        reportViolation(
          `${label(association)} streams ${directory}, which has Global Accelerator ENABLED_AUTO; set the directory's streaming properties to Global Accelerator DISABLED.`,
          association.urn,
        );
      }
      if (facts.globalAcceleratorWorkspaceCount > 0) {
        reportViolation(
          `${label(association)} streams ${directory}, where ${facts.globalAcceleratorWorkspaceCount} WorkSpaces have Global Accelerator ENABLED_AUTO; set them to INHERITED or DISABLED.`,
          association.urn,
        );
      }
    });
  },
});
