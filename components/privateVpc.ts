/**
 * The part both networks share: a VPC with DNS on, its default security group emptied, and one
 * private subnet per AZ ID behind one route table. Used by SourceNetwork and WorkspacesNetwork.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";
import { SUBNET_NEW_BITS, subnetCidr } from "../ground/cidr";

export interface PrivateVpcArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  readonly cidr: string;
  readonly availabilityZoneIds: readonly string[];
  /** Subnet slots taken before the private subnets (the source network keeps slot 0 for its public subnet). */
  readonly firstPrivateSlot: number;
}

export interface PrivateVpc {
  readonly vpc: aws.ec2.Vpc;
  readonly privateSubnets: aws.ec2.Subnet[];
  readonly privateSubnetCidrs: string[];
  readonly privateRouteTable: aws.ec2.RouteTable;
}

/**
 * Throws, before anything is registered, when fewer than two AZ IDs are given: `needs` says what
 * wants subnets in two zones.
 */
export function requireTwoZones(
  component: string,
  availabilityZoneIds: readonly string[],
  needs: string,
): void {
  if (availabilityZoneIds.length < 2) {
    throw new Error(
      `${component}: availabilityZoneIds ${JSON.stringify(availabilityZoneIds)} has fewer than two zones; ${needs} needs subnets in two, so list two AZ IDs.`,
    );
  }
}

export function createPrivateVpc(name: string, args: PrivateVpcArgs, parent: pulumi.Resource): PrivateVpc {
  const opts = { parent };
  const vpc = new aws.ec2.Vpc(
    `${name}-vpc`,
    {
      cidrBlock: args.cidr,
      // Private DNS of an interface endpoint needs both; the walkthrough's endpoint relies on it.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: tagged(args.tags, name),
    },
    opts,
  );
  // Adopting the default group with no rules empties it: nothing can use it by accident.
  new aws.ec2.DefaultSecurityGroup(
    `${name}-default-sg`,
    { vpcId: vpc.id, tags: tagged(args.tags, `${name}-default`) },
    opts,
  );

  const privateRouteTable = new aws.ec2.RouteTable(
    `${name}-private-rt`,
    { vpcId: vpc.id, tags: tagged(args.tags, `${name}-private`) },
    opts,
  );
  const privateSubnetCidrs = args.availabilityZoneIds.map((_, i) =>
    subnetCidr(args.cidr, SUBNET_NEW_BITS, args.firstPrivateSlot + i),
  );
  const privateSubnets = args.availabilityZoneIds.map((azId, i) => {
    const subnet = new aws.ec2.Subnet(
      `${name}-private-${azId}`,
      {
        vpcId: vpc.id,
        cidrBlock: privateSubnetCidrs[i],
        availabilityZoneId: azId,
        mapPublicIpOnLaunch: false,
        tags: tagged(args.tags, `${name}-private-${azId}`),
      },
      opts,
    );
    new aws.ec2.RouteTableAssociation(
      `${name}-private-${azId}`,
      { subnetId: subnet.id, routeTableId: privateRouteTable.id },
      opts,
    );
    return subnet;
  });
  return { vpc, privateSubnets, privateSubnetCidrs, privateRouteTable };
}
