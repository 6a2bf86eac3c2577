import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";
import * as tls from "@pulumi/tls";
import * as fs from "fs";
import * as path from "path";
import { STREAMING_PORTS } from "../policy/facts";
import { HTTPS_TCP_UDP, addRules } from "./rules";

/** The public SSM parameter of the walkthrough's client image: Windows Server 2025, Japanese, full. */
export const WINDOWS_AMI_PARAMETER = "/aws/service/ami-windows-latest/Windows_Server-2025-Japanese-Full-Base";

export interface WindowsClientArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  readonly vpcId: pulumi.Input<string>;
  /** A private subnet: the client has no public address and reaches the internet through the NAT. */
  readonly subnetId: pulumi.Input<string>;
  /**
   * The blocks where the streaming endpoint's addresses live (the endpoint VPC's block): the client
   * may reach TCP/UDP 4195 there and nowhere else. TCP/UDP 443 may go anywhere (sign-in needs the internet).
   */
  readonly streamingCidrs: readonly string[];
  /** An x86_64 type with at least 4 GiB (the stack configuration's `client.instanceType`). */
  readonly instanceType: string;
  /**
   * An existing EC2 key pair whose private key decrypts the Administrator password
   * (`aws ec2 get-password-data`). Defaults to a key pair made for the client: its private key is
   * the `privateKeyPem` output, a secret, so signing in needs no setting and no password is ever
   * stored anywhere but in EC2, encrypted to that key.
   */
  readonly keyName?: pulumi.Input<string>;
  /**
   * What the first boot needs in place to download the WorkSpaces client (the NAT instance and
   * its route): the instance is launched after them. Defaults to nothing.
   */
  readonly internetPath?: readonly pulumi.Resource[];
}

/**
 * The user data: the boot script, wrapped as EC2Launch v2 expects, and run at every boot
 * (`persist`), so an unfinished install finishes on a later boot.
 */
export function windowsClientUserData(): string {
  return `<powershell>\n${fs.readFileSync(path.join(__dirname, "windows-client-setup.ps1"), "utf8")}</powershell>\n<persist>true</persist>\n`;
}

/**
 * The walkthrough's test client: a Windows Server in a private subnet with the WorkSpaces client,
 * reached over RDP through an EC2 Instance Connect Endpoint, never from the internet.
 */
export class WindowsClient extends pulumi.ComponentResource {
  readonly instanceId: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly instanceConnectEndpointId: pulumi.Output<string>;
  /** The key pair that decrypts the Administrator password. */
  readonly keyName: pulumi.Output<string>;
  /** The generated key pair's private key (a secret); undefined when `keyName` was given. */
  readonly privateKeyPem?: pulumi.Output<string>;

  constructor(name: string, args: WindowsClientArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("workspaces-privatelink:client:WindowsClient", name, {}, opts);
    const child = { parent: this };

    const { clientGroup, connectGroup } = this.groups(name, args);
    let keyName: pulumi.Input<string>;
    if (args.keyName !== undefined) {
      keyName = args.keyName;
    } else {
      // RSA: EC2 encrypts a Windows password to RSA keys only.
      const key = new tls.PrivateKey(`${name}-key`, { algorithm: "RSA", rsaBits: 4096 }, child);
      const keyPair = new aws.ec2.KeyPair(
        `${name}-key`,
        { keyNamePrefix: `${name}-`, publicKey: key.publicKeyOpenssh, tags: tagged(args.tags, name) },
        child,
      );
      keyName = keyPair.keyName;
      this.privateKeyPem = pulumi.secret(key.privateKeyPem);
    }

    const ami = aws.ssm.getParameterOutput({ name: WINDOWS_AMI_PARAMETER }, child).value;
    const instance = new aws.ec2.Instance(
      `${name}-instance`,
      {
        ami,
        instanceType: args.instanceType,
        subnetId: args.subnetId,
        vpcSecurityGroupIds: [clientGroup.id],
        associatePublicIpAddress: false,
        keyName,
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 50, deleteOnTermination: true },
        userData: windowsClientUserData(),
        tags: tagged(args.tags, name),
      },
      {
        parent: this,
        // The SSM parameter moves to a new AMI every month; that must not replace a client in use.
        ignoreChanges: ["ami"],
        // The first boot downloads the WorkSpaces client; it should find the way out in place.
        dependsOn: [...(args.internetPath ?? [])],
      },
    );
    const connectEndpoint = new aws.ec2transitgateway.InstanceConnectEndpoint(
      `${name}-eice`,
      {
        subnetId: args.subnetId,
        securityGroupIds: [connectGroup.id],
        preserveClientIp: false,
        tags: tagged(args.tags, name),
      },
      child,
    );

    this.instanceId = instance.id;
    this.securityGroupId = clientGroup.id;
    this.instanceConnectEndpointId = connectEndpoint.id;
    this.keyName = pulumi.output(keyName);
    this.registerOutputs({
      keyName: this.keyName,
      instanceId: this.instanceId,
      securityGroupId: this.securityGroupId,
      instanceConnectEndpointId: this.instanceConnectEndpointId,
    });
  }

  /**
   * The client's group (RDP in from the Instance Connect Endpoint only; out: 443 anywhere, 4195 to
   * the streaming endpoint) and the Instance Connect Endpoint's (RDP out to the client only).
   */
  private groups(
    name: string,
    args: WindowsClientArgs,
  ): { clientGroup: aws.ec2.SecurityGroup; connectGroup: aws.ec2.SecurityGroup } {
    const child = { parent: this };
    const clientGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Windows client: RDP in from the Instance Connect Endpoint only",
        tags: tagged(args.tags, name),
      },
      child,
    );
    const connectGroup = new aws.ec2.SecurityGroup(
      `${name}-eice-sg`,
      {
        vpcId: args.vpcId,
        description: "EC2 Instance Connect Endpoint: RDP out to the Windows client only",
        tags: tagged(args.tags, `${name}-eice`),
      },
      child,
    );
    const rdp = [{ protocol: "tcp", port: 3389 }] as const;
    addRules(
      name,
      "ingress",
      clientGroup.id,
      [{ securityGroupId: connectGroup.id, label: "eice" }],
      rdp,
      "RDP through EC2 Instance Connect",
      this,
    );
    addRules(
      `${name}-eice`,
      "egress",
      connectGroup.id,
      [{ securityGroupId: clientGroup.id, label: "client" }],
      rdp,
      "RDP to the Windows client",
      this,
    );
    addRules(
      name,
      "egress",
      clientGroup.id,
      [{ cidr: "0.0.0.0/0" }],
      HTTPS_TCP_UDP,
      "HTTPS and QUIC: sign-in and streaming on 443",
      this,
    );
    addRules(
      name,
      "egress",
      clientGroup.id,
      args.streamingCidrs.map((cidr) => ({ cidr })),
      // The streaming ports the 443 rule above leaves out (TCP and UDP 4195).
      STREAMING_PORTS.filter(
        (s) => !HTTPS_TCP_UDP.some((h) => h.protocol === s.protocol && h.port === s.port),
      ),
      "DCV streaming to the PrivateLink endpoint",
      this,
    );

    return { clientGroup, connectGroup };
  }
}
