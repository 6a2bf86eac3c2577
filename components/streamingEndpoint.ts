import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";
import { STREAMING_PORTS, privateLinkHostname, streamingServiceName } from "../policy/facts";
import { addRules } from "./rules";

export interface StreamingEndpointArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  /** The VPC the clients can route to (the walkthrough puts the endpoint in the clients' own VPC). */
  readonly vpcId: pulumi.Input<string>;
  /** One subnet in each of at least two AZs; the endpoint gets an address in each. */
  readonly subnetIds: pulumi.Input<readonly pulumi.Input<string>[]>;
  /** Tags for the endpoint alone: which setup made it (what an association refusing a directory names). */
  readonly endpointTags?: Tags;
  /** The IPv4 blocks clients connect from; each gets the four streaming ports and nothing else. */
  readonly allowedCidrs: readonly string[];
  /** The region of the endpoint, which must be the directory's region. */
  readonly region: string;
  /**
   * The streaming service's name as the region offers it ({@link lookUpStreamingService}).
   * Defaults to `com.amazonaws.<region>.highlander`.
   */
  readonly serviceName?: string;
}

/** The private IPv4 addresses of an endpoint's network interfaces, sorted (one read each). */
export function endpointAddresses(
  networkInterfaceIds: pulumi.Input<readonly string[]>,
  parent: pulumi.Resource,
): pulumi.Output<string[]> {
  return pulumi
    .output(networkInterfaceIds)
    .apply((ids) =>
      pulumi
        .all(ids.map((id) => aws.ec2.getNetworkInterfaceOutput({ id }, { parent }).privateIp))
        .apply((ips) => [...ips].sort()),
    );
}

/**
 * The names DNS outside the VPC must forward to the VPC's resolver for streaming to resolve
 * privately: the name the broker hands clients, and the private DNS names the endpoint registered
 * (its `*.vpce.amazonaws.com` names resolve publicly and need no forwarding).
 */
export function forwardDomains(
  region: string,
  dnsNames: pulumi.Input<readonly string[]>,
): pulumi.Output<string[]> {
  return pulumi
    .output(dnsNames)
    .apply((names) => [
      ...new Set([
        privateLinkHostname(region),
        ...names.filter((n) => !n.endsWith(".vpce.amazonaws.com")).map((n) => n.replace(/^\*\./, "")),
      ]),
    ]);
}

/**
 * The interface VPC endpoint that DCV streams through, with a security group that admits TCP/UDP
 * 443 and 4195 from the client blocks and has no egress rule at all (an endpoint only answers).
 */
export class StreamingEndpoint extends pulumi.ComponentResource {
  readonly endpointId: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly dnsNames: pulumi.Output<string[]>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly privateLinkHostname: string;
  /** The private IPv4 addresses of the endpoint's network interfaces, sorted. */
  readonly endpointIps: pulumi.Output<string[]>;
  /**
   * The names DNS outside the VPC must forward to the VPC's resolver for streaming to resolve
   * privately: the name the broker hands clients, and the private DNS names the endpoint
   * registered (its `*.vpce.amazonaws.com` names resolve publicly and need no forwarding).
   */
  readonly dnsForwardDomains: pulumi.Output<string[]>;

  constructor(name: string, args: StreamingEndpointArgs, opts: pulumi.ComponentResourceOptions = {}) {
    if (Array.isArray(args.subnetIds) && args.subnetIds.length < 2) {
      throw new Error(
        `StreamingEndpoint ${name}: subnetIds has ${args.subnetIds.length} subnet(s); give one subnet in each of at least two AZs, so the endpoint survives a zone outage.`,
      );
    }
    if (args.allowedCidrs.length === 0) {
      throw new Error(
        `StreamingEndpoint ${name}: allowedCidrs is empty; list the IPv4 blocks clients connect from.`,
      );
    }
    super("workspaces-privatelink:streaming:StreamingEndpoint", name, {}, opts);
    const child = { parent: this };
    if (args.allowedCidrs.includes("0.0.0.0/0")) {
      void pulumi.log.warn(
        `StreamingEndpoint ${name}: allowedCidrs includes 0.0.0.0/0, which admits every routable client; the policy pack (workspaces-streaming-ports) rejects it.`,
        this,
      );
    }
    // No inline rules: pulumi-aws then removes the default allow-all egress rule, and the
    // standalone ingress rules below are the group's only rules.
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "WorkSpaces streaming endpoint: TCP/UDP 443 and 4195 from the clients; no egress",
        tags: tagged(args.tags, `${name}-streaming-endpoint`),
      },
      child,
    );
    addRules(
      name,
      "ingress",
      securityGroup.id,
      args.allowedCidrs.map((cidr) => ({ cidr })),
      STREAMING_PORTS,
      "WorkSpaces DCV streaming",
      this,
    );
    const endpoint = new aws.ec2.VpcEndpoint(
      `${name}-endpoint`,
      {
        vpcId: args.vpcId,
        serviceName: args.serviceName ?? streamingServiceName(args.region),
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        // The service is IPv4 only: no dualstack, no IPv6 records.
        ipAddressType: "ipv4",
        dnsOptions: { dnsRecordIpType: "ipv4" },
        subnetIds: pulumi.output(args.subnetIds).apply((ids) => [...ids]),
        securityGroupIds: [securityGroup.id],
        tags: { ...tagged(args.tags, `${name}-streaming`), ...args.endpointTags },
      },
      child,
    );

    this.endpointId = endpoint.id;
    this.serviceName = endpoint.serviceName.apply((n) => n ?? streamingServiceName(args.region));
    this.dnsNames = endpoint.dnsEntries.apply((entries) => entries.map((e) => e.dnsName));
    this.securityGroupId = securityGroup.id;
    this.privateLinkHostname = privateLinkHostname(args.region);
    this.endpointIps = endpointAddresses(endpoint.networkInterfaceIds, this);
    this.dnsForwardDomains = forwardDomains(args.region, this.dnsNames);
    this.registerOutputs({
      endpointId: this.endpointId,
      serviceName: this.serviceName,
      dnsNames: this.dnsNames,
      securityGroupId: this.securityGroupId,
      endpointIps: this.endpointIps,
      dnsForwardDomains: this.dnsForwardDomains,
    });
  }
}
