import { label, streamingPolicy } from "../streaming";

/** Rule 6 (advisory half). Cross-resource, like the ports rule. */
export const noEgress = streamingPolicy({
  name: "workspaces-streaming-no-egress",
  description: "A streaming endpoint only answers its clients, so its security groups need no egress rule.",
  enforcementLevel: "advisory",
  validate: (t, reportViolation) => {
    for (const endpoint of t.endpoints.keys()) {
      for (const group of t.groupsOf(endpoint).groups) {
        const egress = t.rulesOf(group).filter((r) => r.direction === "egress");
        if (egress.length > 0) {
          reportViolation(
            `${label(group)} of streaming ${label(endpoint)} has egress rules (${[...new Set(egress.map((r) => label(r.source)))].join(", ")}); remove them: the endpoint only answers.`,
            group.urn,
          );
        }
      }
    }
  },
});
