import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";
import { DNS_TCP_UDP, addRules } from "./rules";

export interface ClientAccessArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  /** The VPC the streaming endpoint lives in. */
  readonly vpcId: pulumi.Input<string>;
  /** The endpoint's subnets (two AZs at least): the resolver and the attachment use the same. */
  readonly subnetIds: pulumi.Input<readonly pulumi.Input<string>[]>;
  /**
   * The route tables where routes to the clients go, each with the key its routes are named by
   * (a lab's one table: "0"; a table you have: its ID, so reordering the list renames nothing).
   */
  readonly routeTables: readonly { readonly key: string; readonly routeTableId: pulumi.Input<string> }[];
  /** The client ranges, normalised (merged and sorted): one resolver rule pair per range. */
  readonly clientCidrs: readonly string[];
  /**
   * The client ranges that get a route to the transit gateway: those outside the VPC's own blocks
   * (a range inside one is reached locally). An Output (a VPC whose blocks are not known yet) makes
   * its routes once it resolves.
   */
  readonly routedCidrs: pulumi.Input<readonly string[]>;
  /**
   * Whether to run a Route 53 Resolver inbound endpoint, so on-premises DNS can forward the
   * streaming names to it. Defaults to `false` (clients inside the VPC resolve them already).
   */
  readonly dnsResolver?: boolean;
  /**
   * A transit gateway (in this account or shared with it) the client ranges are routed to, and
   * whether to attach the VPC to it (a VPC you have is attached already: a VPC attaches to a
   * transit gateway once). Defaults to none.
   */
  readonly transitGateway?: { readonly id: pulumi.Input<string>; readonly attach: boolean };
}

/**
 * What clients outside the endpoint's VPC need: a way to resolve the endpoint's private DNS name
 * (a Route 53 Resolver inbound endpoint that admits DNS from the client ranges only) and a route
 * back to them (a transit gateway attachment with one route per client range).
 */
export class ClientAccess extends pulumi.ComponentResource {
  /** The inbound resolver's IPv4 addresses, where on-premises DNS forwards to; undefined without it. */
  readonly dnsResolverIps?: pulumi.Output<string[]>;
  readonly resolverSecurityGroupId?: pulumi.Output<string>;
  readonly transitGatewayAttachmentId?: pulumi.Output<string>;

  constructor(name: string, args: ClientAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
    if (args.dnsResolver && Array.isArray(args.subnetIds) && args.subnetIds.length < 2) {
      throw new Error(
        `ClientAccess ${name}: subnetIds has ${args.subnetIds.length} subnet(s); a Resolver endpoint needs addresses in two AZs, so give two subnets.`,
      );
    }
    super("workspaces-privatelink:network:ClientAccess", name, {}, opts);
    const child = { parent: this };

    if (args.dnsResolver) {
      // No inline rules: pulumi-aws then removes the default allow-all egress. An inbound
      // endpoint only answers, and security groups are stateful, so it needs no egress rule.
      const group = new aws.ec2.SecurityGroup(
        `${name}-resolver-sg`,
        {
          vpcId: args.vpcId,
          description: "Route 53 Resolver inbound endpoint: DNS (TCP/UDP 53) from the clients; no egress",
          tags: tagged(args.tags, `${name}-resolver`),
        },
        child,
      );
      addRules(
        `${name}-resolver`,
        "ingress",
        group.id,
        args.clientCidrs.map((cidr) => ({ cidr })),
        DNS_TCP_UDP,
        "DNS from the streaming clients",
        this,
      );
      const resolver = new aws.route53.ResolverEndpoint(
        `${name}-resolver`,
        {
          name: `${name}-inbound`,
          direction: "INBOUND",
          resolverEndpointType: "IPV4", // the streaming service is IPv4 only
          protocols: ["Do53"],
          securityGroupIds: [group.id],
          ipAddresses: pulumi.output(args.subnetIds).apply((ids) => ids.map((subnetId) => ({ subnetId }))),
          tags: tagged(args.tags, `${name}-inbound`),
        },
        child,
      );
      this.dnsResolverIps = resolver.ipAddresses.apply((addresses) => addresses.map((a) => a.ip));
      this.resolverSecurityGroupId = group.id;
    }

    const tgw = args.transitGateway;
    if (tgw) {
      const attachment = tgw.attach
        ? new aws.ec2transitgateway.VpcAttachment(
            `${name}-tgw`,
            {
              transitGatewayId: tgw.id,
              vpcId: args.vpcId,
              subnetIds: pulumi.output(args.subnetIds).apply((ids) => [...ids]),
              dnsSupport: "enable",
              ipv6Support: "disable",
              tags: tagged(args.tags, `${name}-streaming`),
            },
            child,
          )
        : undefined;
      const route = (cidrs: readonly string[]) => {
        for (const { key, routeTableId } of args.routeTables) {
          for (const cidr of cidrs) {
            new aws.ec2.Route(
              `${name}-tgw-${key}-${cidr.replace(/[./]/g, "-")}`,
              { routeTableId, destinationCidrBlock: cidr, transitGatewayId: tgw.id },
              { parent: this, dependsOn: attachment ? [attachment] : [] },
            );
          }
        }
      };
      if (pulumi.Output.isInstance(args.routedCidrs) || args.routedCidrs instanceof Promise) {
        pulumi.output(args.routedCidrs).apply(route);
      } else {
        route(args.routedCidrs as readonly string[]);
      }
      this.transitGatewayAttachmentId = attachment?.id;
    }

    this.registerOutputs({
      dnsResolverIps: this.dnsResolverIps,
      resolverSecurityGroupId: this.resolverSecurityGroupId,
      transitGatewayAttachmentId: this.transitGatewayAttachmentId,
    });
  }
}
