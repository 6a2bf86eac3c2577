import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";
import { SUBNET_NEW_BITS, subnetCidr } from "../ground/cidr";
import { createPrivateVpc, requireTwoZones } from "./privateVpc";

export interface SourceNetworkArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  /**
   * The VPC's IPv4 block, /16 to /24. It is split into 16 equal subnets: the first is the public
   * subnet that holds the NAT instance, the next ones are the private subnets, one per AZ ID.
   */
  readonly cidr: string;
  /**
   * AZ IDs (not names, which differ per account) of the private subnets, one subnet each. The
   * public subnet lives in the first. Give at least two: the streaming endpoint spans two zones.
   */
  readonly availabilityZoneIds: readonly string[];
}

/**
 * The network users connect from ("VPC1" of the walkthrough): private subnets whose only way out
 * is the NAT instance in the public subnet, and where the streaming endpoint lives by default.
 */
export class SourceNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly cidr: string;
  readonly publicSubnetId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** The private subnets' blocks, known at construction: they decide how many NAT rules exist. */
  readonly privateSubnetCidrs: readonly string[];
  /** The private route table; whoever provides the way out (the NAT instance) adds the default route. */
  readonly privateRouteTableId: pulumi.Output<string>;

  constructor(name: string, args: SourceNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    requireTwoZones(`SourceNetwork ${name}`, args.availabilityZoneIds, "the streaming endpoint");
    super("workspaces-privatelink:network:SourceNetwork", name, {}, opts);
    const child = { parent: this };
    const network = createPrivateVpc(name, { ...args, firstPrivateSlot: 1 }, this);

    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: network.vpc.id, tags: tagged(args.tags, name) },
      child,
    );
    const publicSubnet = new aws.ec2.Subnet(
      `${name}-public`,
      {
        vpcId: network.vpc.id,
        cidrBlock: subnetCidr(args.cidr, SUBNET_NEW_BITS, 0),
        availabilityZoneId: args.availabilityZoneIds[0],
        // Only the NAT instance lives here and it asks for its address itself; nothing else gets one by default.
        mapPublicIpOnLaunch: false,
        tags: tagged(args.tags, `${name}-public`),
      },
      child,
    );
    const publicRouteTable = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: network.vpc.id, tags: tagged(args.tags, `${name}-public`) },
      child,
    );
    new aws.ec2.Route(
      `${name}-public-default`,
      { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
      child,
    );
    new aws.ec2.RouteTableAssociation(
      `${name}-public`,
      { subnetId: publicSubnet.id, routeTableId: publicRouteTable.id },
      child,
    );

    this.vpcId = network.vpc.id;
    this.cidr = args.cidr;
    this.publicSubnetId = publicSubnet.id;
    this.privateSubnetIds = network.privateSubnets.map((s) => s.id);
    this.privateSubnetCidrs = network.privateSubnetCidrs;
    this.privateRouteTableId = network.privateRouteTable.id;
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetId: this.publicSubnetId,
      privateSubnetIds: this.privateSubnetIds,
      privateRouteTableId: this.privateRouteTableId,
    });
  }
}
