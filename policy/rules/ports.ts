import { StackValidationPolicy } from "@pulumi/policy";
import { STREAMING_PORTS, covers, label, topology } from "../streaming";

const OPEN = ["0.0.0.0/0", "::/0"];

/** Rule 6. Cross-resource: the endpoint, its security groups, and their rules wherever they are written. */
export const ports: StackValidationPolicy = {
  name: "workspaces-streaming-ports",
  description:
    "A streaming endpoint's security groups must admit TCP 443, TCP 4195, UDP 443 and UDP 4195 from the clients, and not from the whole internet.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const t = topology(args.resources);
    for (const endpoint of t.endpoints.keys()) {
      const { groups, named } = t.groupsOf(endpoint);
      if (!named) {
        reportViolation(
          `${label(endpoint)} names no security group, so it gets the VPC's default group; give it one that admits TCP/UDP 443 and 4195 from the client ranges.`,
          endpoint.urn,
        );
        continue;
      }
      if (groups.length === 0) {
        continue; // groups managed outside this stack: nothing here to judge
      }
      const ingress = groups.flatMap((g) => t.rulesOf(g)).filter((r) => r.direction === "ingress");
      const missing = STREAMING_PORTS.filter(
        ({ protocol, port }) => !ingress.some((r) => covers(r, protocol, port)),
      );
      if (missing.length > 0) {
        reportViolation(
          `${label(endpoint)} does not admit ${missing.map((p) => `${p.protocol.toUpperCase()} ${p.port}`).join(", ")} in its security groups (${groups.map((g) => g.name).join(", ")}); add ingress rules for them from the client ranges.`,
          endpoint.urn,
        );
      }
      for (const rule of ingress) {
        const open = rule.cidrs.filter((c) => OPEN.includes(c));
        if (open.length > 0) {
          reportViolation(
            `${label(rule.source)} admits ${open.join(" and ")} to streaming ${label(endpoint)}; list the client ranges instead.`,
            rule.source.urn,
          );
        }
      }
    }
  },
};
