import { coverInternet, covers, label, streamingPolicy } from "../streaming";

/** Rule 6, what this stack cannot see (advisory: the rules live elsewhere). */
export const uncheckedGroups = streamingPolicy({
  name: "workspaces-streaming-unchecked-groups",
  description:
    "Security groups a streaming endpoint uses but this stack does not manage cannot be checked here, and a rule open to the internet on the streaming port 4195 deserves a look wherever it is.",
  enforcementLevel: "advisory",
  validate: (t, reportViolation) => {
    for (const endpoint of t.endpoints.keys()) {
      const { foreign } = t.groupsOf(endpoint);
      if (foreign.length > 0) {
        reportViolation(
          `could not decide: streaming ${label(endpoint)} uses security group(s) ${foreign.join(", ")} that this stack does not manage (a lookup, or another stack's), so their rules were not checked for TCP/UDP 443 and 4195 from the client ranges; check them where they are managed.`,
          endpoint.urn,
        );
      }
    }
    for (const { groupId, rule } of t.foreignRules()) {
      const open = coverInternet(rule.cidrs);
      const on = (["tcp", "udp"] as const).filter((p) => covers(rule, p, 4195));
      if (open && on.length > 0) {
        reportViolation(
          `${label(rule.source)} admits the whole internet (${rule.cidrs.join(", ")}) on ${on.map((p) => `${p.toUpperCase()} 4195`).join(" and ")}, the WorkSpaces streaming port, to security group ${groupId} that this stack does not manage; if that group guards a streaming endpoint, list the client ranges instead.`,
          rule.source.urn,
        );
      }
    }
  },
});
