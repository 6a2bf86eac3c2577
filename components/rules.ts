/**
 * Security group rules as standalone resources, one per (peer, protocol, port). Standalone rules
 * (not inline ones) are what AWS and the pulumi-aws docs recommend: each has its own ID, its own
 * description, and changing one does not rewrite the others.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { PortSpec } from "../policy/facts";

/** Who is on the other side of a rule: an IPv4 block, or the members of a security group. */
export type Peer =
  { readonly cidr: string } | { readonly securityGroupId: pulumi.Input<string>; readonly label: string };

/** TCP and UDP on 443: HTTPS and QUIC. What the NAT lets out and what authentication needs. */
export const HTTPS_TCP_UDP: readonly PortSpec[] = [
  { protocol: "tcp", port: 443 },
  { protocol: "udp", port: 443 },
];

/** TCP and UDP on 53: DNS, what an inbound resolver answers. */
export const DNS_TCP_UDP: readonly PortSpec[] = [
  { protocol: "tcp", port: 53 },
  { protocol: "udp", port: 53 },
];

function peerLabel(peer: Peer): string {
  return "cidr" in peer ? peer.cidr.replace(/[./]/g, "-") : peer.label;
}

/**
 * Registers one rule per peer and port on the group, named
 * `${name}-${in|out}-${protocol}${port}-${peer}` so that two groups never collide.
 */
export function addRules(
  name: string,
  direction: "ingress" | "egress",
  securityGroupId: pulumi.Input<string>,
  peers: readonly Peer[],
  ports: readonly PortSpec[],
  description: string,
  parent: pulumi.Resource,
): (aws.vpc.SecurityGroupIngressRule | aws.vpc.SecurityGroupEgressRule)[] {
  const rules: (aws.vpc.SecurityGroupIngressRule | aws.vpc.SecurityGroupEgressRule)[] = [];
  for (const peer of peers) {
    for (const { protocol, port } of ports) {
      const args = {
        securityGroupId,
        ipProtocol: protocol,
        fromPort: port,
        toPort: port,
        description,
        ...("cidr" in peer ? { cidrIpv4: peer.cidr } : { referencedSecurityGroupId: peer.securityGroupId }),
      };
      const ruleName = `${name}-${direction === "ingress" ? "in" : "out"}-${protocol}${port}-${peerLabel(peer)}`;
      rules.push(
        direction === "ingress"
          ? new aws.vpc.SecurityGroupIngressRule(ruleName, args, { parent })
          : new aws.vpc.SecurityGroupEgressRule(ruleName, args, { parent }),
      );
    }
  }
  return rules;
}
