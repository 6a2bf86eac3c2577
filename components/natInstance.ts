import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";
import * as fs from "fs";
import * as path from "path";
import { DEFAULTS, type InternetAccess } from "../ground/defaults";
import { architectureOf } from "../ground/instanceTypes";
import { HTTPS_TCP_UDP, addRules } from "./rules";

export interface NatInstanceArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  readonly vpcId: pulumi.Input<string>;
  /** The public subnet the instance lives in (its route table must point 0.0.0.0/0 at an internet gateway). */
  readonly subnetId: pulumi.Input<string>;
  /** The blocks allowed through, in the security group and in the boot script's packet rules. */
  readonly allowedSourceCidrs: readonly string[];
  /** Route tables whose default route (0.0.0.0/0) goes to this instance. */
  readonly routeTableIds: readonly pulumi.Input<string>[];
  /**
   * Whether the network has its minimal internet. `"none"` stops the instance instead of deleting
   * it, so switching back is a start, not a rebuild. (The stack configuration's `internetAccess`,
   * which owns the default.)
   */
  readonly internetAccess: InternetAccess;
  /**
   * Defaults to a t4g.nano (Graviton), the smallest that forwards a handful of clients' sign-in
   * traffic; the AMI's architecture follows the type.
   */
  readonly instanceType?: string;
}

const PLACEHOLDER = "@ALLOWED_SOURCES@";

/** The boot script with the allowed sources filled in. */
export function natBootScript(allowedSourceCidrs: readonly string[]): string {
  const template = fs.readFileSync(path.join(__dirname, "nat-boot.sh"), "utf8");
  if (template.split(PLACEHOLDER).length !== 2) {
    throw new Error(`nat-boot.sh must hold ${PLACEHOLDER} exactly once`);
  }
  return template.replace(PLACEHOLDER, allowedSourceCidrs.join(" "));
}

const BOUNDARY = "==NAT-BOOT==";

/**
 * The user data: the boot script, and a cloud-config part that makes cloud-init run it at every
 * boot rather than the first only (AWS's documented way to run user data on every start), so a
 * NAT stopped before its first boot finished is put right when it starts again.
 */
export function natUserData(allowedSourceCidrs: readonly string[]): string {
  const part = (type: string, filename: string, body: string) =>
    [
      `--${BOUNDARY}`,
      `Content-Type: ${type}; charset="us-ascii"`,
      "MIME-Version: 1.0",
      "Content-Transfer-Encoding: 7bit",
      `Content-Disposition: attachment; filename="${filename}"`,
      "",
      body,
    ].join("\n");
  return [
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    "MIME-Version: 1.0",
    "",
    part(
      "text/cloud-config",
      "cloud-config.txt",
      "#cloud-config\ncloud_final_modules:\n  - [scripts-user, always]\n",
    ),
    part("text/x-shellscript", "nat-boot.sh", natBootScript(allowedSourceCidrs)),
    `--${BOUNDARY}--`,
    "",
  ].join("\n");
}

/**
 * A NAT instance that lets the private subnets out on TCP 443 and UDP 443 only: enough for
 * WorkSpaces registration and sign-in, which always need the internet, and nothing more.
 */
export class NatInstance extends pulumi.ComponentResource {
  readonly instanceId: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: NatInstanceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("workspaces-privatelink:network:NatInstance", name, {}, opts);
    // The NAT's type is no setting of the stack, so its default is this component's own.
    const instanceType = args.instanceType ?? DEFAULTS.natInstanceType;
    const child = { parent: this };

    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "NAT instance: TCP/UDP 443 in from the private subnets, TCP/UDP 443 out",
        tags: tagged(args.tags, `${name}-nat`),
      },
      child,
    );
    const sources = args.allowedSourceCidrs.map((cidr) => ({ cidr }));
    addRules(
      name,
      "ingress",
      securityGroup.id,
      sources,
      HTTPS_TCP_UDP,
      "HTTPS and QUIC from the private subnets",
      this,
    );
    addRules(
      name,
      "egress",
      securityGroup.id,
      [{ cidr: "0.0.0.0/0" }],
      HTTPS_TCP_UDP,
      "HTTPS and QUIC to the internet",
      this,
    );

    const ami = aws.ssm.getParameterOutput(
      {
        name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architectureOf(instanceType)}`,
      },
      child,
    ).value;
    const instance = new aws.ec2.Instance(
      `${name}-instance`,
      {
        ami,
        instanceType,
        subnetId: args.subnetId,
        vpcSecurityGroupIds: [securityGroup.id],
        associatePublicIpAddress: true, // the one public address of the design: the way out
        sourceDestCheck: false, // a NAT forwards packets that are not its own
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        rootBlockDevice: { encrypted: true, volumeType: "gp3", deleteOnTermination: true },
        userData: natUserData(args.allowedSourceCidrs),
        tags: tagged(args.tags, `${name}-nat`),
      },
      // A new monthly AMI must not rebuild the NAT on the next `up`; `pulumi up --replace` picks it up.
      { parent: this, ignoreChanges: ["ami"] },
    );
    new aws.ec2transitgateway.InstanceState(
      `${name}-state`,
      { instanceId: instance.id, state: args.internetAccess === "none" ? "stopped" : "running" },
      child,
    );
    args.routeTableIds.forEach((routeTableId, i) => {
      new aws.ec2.Route(
        `${name}-default-route-${i}`,
        {
          routeTableId,
          destinationCidrBlock: "0.0.0.0/0",
          networkInterfaceId: instance.primaryNetworkInterfaceId,
        },
        child,
      );
    });

    this.instanceId = instance.id;
    this.securityGroupId = securityGroup.id;
    this.registerOutputs({ instanceId: this.instanceId, securityGroupId: this.securityGroupId });
  }
}
