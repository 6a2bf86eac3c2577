import { CutOverInput, TOOL } from "../facts";
import { label, streamingPolicy, tryRead, undecided } from "../streaming";

/**
 * Advisory: cutting users off can be the plan (they will get routes first). Decided from the
 * association's `cutOver` input: who the program found, during preview, that switching a directory
 * to the endpoint cuts off (or a cut-over report given to the offline check).
 */
export const cutOffUsers = streamingPolicy({
  name: "workspaces-streaming-cut-off-users",
  description:
    "When a directory starts streaming through the endpoint, its DCV users who connect from outside the routed ranges cannot connect any more.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      maxCutOffWorkspaces: {
        type: "integer",
        minimum: 0,
        default: 0,
        description: "How many cut-off WorkSpaces a cut-over may have before this policy reports it.",
      },
    },
  },
  validate: (t, reportViolation, args) => {
    const max = Number(args.getConfig<{ maxCutOffWorkspaces?: number }>().maxCutOffWorkspaces ?? 0);
    const open: string[] = [];
    for (const association of t.associations) {
      const cutOver = tryRead(() => association.props.cutOver) as CutOverInput | undefined;
      if (!cutOver || typeof cutOver !== "object") {
        continue; // not a cut-over: the directory streams through an endpoint already, or is the lab's
      }
      const directory = String(tryRead(() => association.props.directoryId) ?? "its directory");
      if ("unknown" in cutOver) {
        open.push(
          `${label(association)}: who switching directory ${directory} cuts off is unknown (${cutOver.unknown})`,
        );
        continue;
      }
      const cutOff = cutOver.counts["cut-off"] ?? 0;
      if (cutOff > max) {
        reportViolation(
          `${label(association)} switches directory ${directory} to the endpoint, which cuts off ${cutOff} DCV WorkSpace(s) whose users signed in from outside the routed ranges (${cutOver.source})${max > 0 ? `, more than maxCutOffWorkspaces ${max}` : ""}; route those clients to the endpoint first (or list their networks' public egress in signInLog.egressCidrs if they are routed already), or keep associate: false for now. ${TOOL} cutover lists them.`,
          association.urn,
        );
      }
    }
    if (open.length > 0) {
      undecided(open.join("; "));
    }
  },
});
