import { STREAMING_PORTS, WHOLE_INTERNET } from "../facts";
import { Rule, coverInternet, covers, label, streamingPolicy } from "../streaming";

const portName = (p: { protocol: string; port: number }) => `${p.protocol.toUpperCase()} ${p.port}`;

/** Rule 6. Cross-resource: the endpoint, its security groups, and their rules wherever they are written. */
export const ports = streamingPolicy({
  name: "workspaces-streaming-ports",
  description:
    "A streaming endpoint's security groups must admit TCP 443, TCP 4195, UDP 443 and UDP 4195 from the clients, and not from the whole internet.",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    for (const endpoint of t.endpoints.keys()) {
      const { groups, named } = t.groupsOf(endpoint);
      if (!named) {
        reportViolation(
          `${label(endpoint)} names no security group, so it gets the VPC's default group; give it one that admits TCP/UDP 443 and 4195 from the client ranges.`,
          endpoint.urn,
        );
      }
      if (groups.length === 0) {
        continue; // groups managed outside this stack: workspaces-streaming-unchecked-groups says so
      }
      const ingress = groups.flatMap((g) => t.rulesOf(g)).filter((r) => r.direction === "ingress");
      const missing = STREAMING_PORTS.filter(
        ({ protocol, port }) => !ingress.some((r) => covers(r, protocol, port)),
      );
      if (named && missing.length > 0) {
        reportViolation(
          `${label(endpoint)} does not admit ${missing.map(portName).join(", ")} in its security groups (${groups.map((g) => g.name).join(", ")}); add ingress rules for them from the client ranges.`,
          endpoint.urn,
        );
      }
      // A rule open to the whole internet on its own: named on the rule.
      const streaming = ingress.filter((r) =>
        STREAMING_PORTS.some(({ protocol, port }) => covers(r, protocol, port)),
      );
      const openAlone = new Set<Rule>();
      for (const rule of streaming) {
        const exact = rule.cidrs.filter((c) => (WHOLE_INTERNET as readonly string[]).includes(c));
        if (exact.length > 0) {
          reportViolation(
            `${label(rule.source)} admits ${exact.join(" and ")} to streaming ${label(endpoint)}; list the client ranges instead.`,
            rule.source.urn,
          );
          openAlone.add(rule);
        } else if (coverInternet(rule.cidrs)) {
          reportViolation(
            `${label(rule.source)} admits ${rule.cidrs.join(", ")}, which together cover the whole internet (${coverInternet(rule.cidrs)}), to streaming ${label(endpoint)}; list the client ranges instead.`,
            rule.source.urn,
          );
          openAlone.add(rule);
        }
      }
      // Rules that are open only together (0.0.0.0/1 here, 128.0.0.0/1 there): named on the endpoint.
      const together = new Map<string, { ports: string[]; rules: Set<Rule> }>();
      for (const spec of STREAMING_PORTS) {
        const rules = streaming.filter((r) => !openAlone.has(r) && covers(r, spec.protocol, spec.port));
        const all = coverInternet(rules.flatMap((r) => r.cidrs));
        if (all) {
          const key = rules.map((r) => r.source.urn).join(" ");
          const entry = together.get(key) ?? { ports: [], rules: new Set(rules) };
          entry.ports.push(portName(spec));
          together.set(key, entry);
        }
      }
      for (const { ports: open, rules } of together.values()) {
        const cidrs = [...new Set([...rules].flatMap((r) => r.cidrs))];
        reportViolation(
          `${[...rules].map((r) => label(r.source)).join(", ")} together admit the whole internet (${cidrs.join(", ")}) on ${open.join(", ")} to streaming ${label(endpoint)}; list the client ranges instead.`,
          endpoint.urn,
        );
      }
    }
  },
});
