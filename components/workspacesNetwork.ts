import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";
import { labDirectorySizeProblem } from "../ground/directories";
import type { ResolvedExistingDirectory, ResolvedLabDirectory } from "./arguments";
import { createPrivateVpc, requireTwoZones } from "./privateVpc";

export interface WorkspacesNetworkArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  /** The VPC's IPv4 block, /16 to /24, split into 16 equal subnets; one private subnet per AZ ID. */
  readonly cidr: string;
  /**
   * AZ IDs where WorkSpaces Personal runs in the region, at least two. The directory is placed in
   * (and registered with) the first two.
   */
  readonly availabilityZoneIds: readonly string[];
  /** A directory made for the lab and registered with WorkSpaces Personal, or one registered already (nothing is created for it). */
  readonly directory: ResolvedLabDirectory | ResolvedExistingDirectory;
}

/** The managed policies the WorkSpaces service role carries (AWS WorkSpaces Administration Guide). */
const WORKSPACES_ROLE_POLICIES = {
  "service-access": aws.iam.ManagedPolicy.AmazonWorkSpacesServiceAccess,
  "self-service-access": aws.iam.ManagedPolicy.AmazonWorkSpacesSelfServiceAccess,
};

/**
 * The network of the WorkSpaces ("VPC2" of the walkthrough): private subnets in zones where
 * WorkSpaces Personal runs, and the directory, created for a lab or brought along.
 */
export class WorkspacesNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly cidr: string;
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** The private subnets' route table (routes to clients beyond the VPC go there). */
  readonly privateRouteTableId: pulumi.Output<string>;
  /** The registered directory's ID; depending on it waits for the registration. */
  readonly directoryId: pulumi.Output<string>;
  /** What users type into the WorkSpaces client first: the registered directory's registration code. */
  readonly registrationCode: pulumi.Output<string>;
  /** The WorkSpaces registration of a lab directory; undefined for an existing directory. */
  readonly registration?: aws.workspaces.Directory;

  constructor(name: string, args: WorkspacesNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    requireTwoZones(`WorkspacesNetwork ${name}`, args.availabilityZoneIds, "a directory");
    if (args.directory.mode === "lab") {
      const { type, size } = args.directory;
      const problem = labDirectorySizeProblem(type, size);
      if (problem) {
        throw new Error(
          `WorkspacesNetwork ${name}: directory.size ${JSON.stringify(size)} ${problem}, so drop size.`,
        );
      }
      if (type === "SimpleAD" && size === undefined) {
        throw new Error(`WorkspacesNetwork ${name}: a Simple AD needs directory.size "Small" or "Large".`);
      }
    }
    super("workspaces-privatelink:network:WorkspacesNetwork", name, {}, opts);
    const child = { parent: this };
    const network = createPrivateVpc(name, { ...args, firstPrivateSlot: 0 }, this);
    const directorySubnetIds = network.privateSubnets.slice(0, 2).map((s) => s.id);

    if (args.directory.mode === "existing") {
      this.directoryId = pulumi.output(args.directory.directoryId);
      // A read, never a write; it also fails early, naming the directory, if it is not registered here.
      // Kept as a secret in the state, as the registration's is (below).
      this.registrationCode = pulumi.secret(
        aws.workspaces.getDirectoryOutput({ directoryId: args.directory.directoryId }, child)
          .registrationCode,
      );
    } else {
      const lab = args.directory;
      const directory = new aws.directoryservice.Directory(
        `${name}-directory`,
        {
          name: lab.name,
          shortName: lab.shortName,
          password: lab.adminPassword,
          type: lab.type,
          // The smallest Microsoft AD: Standard edition (pulumi-aws would default to Enterprise).
          ...(lab.type === "MicrosoftAD" ? { edition: "Standard" } : { size: lab.size }),
          vpcSettings: { vpcId: network.vpc.id, subnetIds: directorySubnetIds },
          tags: tagged(args.tags, name),
        },
        // The password is set when the directory is made. pulumi-aws replaces the directory when
        // it changes (ForceNew in terraform-provider-aws's ds/directory.go), and with it the
        // registration and every WorkSpace on it: a new password in the config is ignored, and
        // `aws ds reset-user-password` changes the real one (docs/lab.md).
        { ...child, ignoreChanges: ["password"] },
      );
      const roleReady: pulumi.Resource[] = [];
      if (lab.createWorkspacesDefaultRole) {
        const role = new aws.iam.Role(
          `${name}-default-role`,
          {
            name: "workspaces_DefaultRole", // WorkSpaces looks the role up by this exact name
            assumeRolePolicy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Principal: { Service: "workspaces.amazonaws.com" },
                  Action: "sts:AssumeRole",
                },
              ],
            }),
          },
          child,
        );
        for (const [suffix, policyArn] of Object.entries(WORKSPACES_ROLE_POLICIES)) {
          roleReady.push(
            new aws.iam.RolePolicyAttachment(
              `${name}-default-role-${suffix}`,
              { role: role.name, policyArn },
              child,
            ),
          );
        }
      }
      this.registration = new aws.workspaces.Directory(
        `${name}-registration`,
        {
          directoryId: directory.id,
          subnetIds: directorySubnetIds,
          workspaceType: "PERSONAL", // streaming over PrivateLink is for WorkSpaces Personal only
          tags: tagged(args.tags, name),
        },
        {
          parent: this,
          dependsOn: roleReady,
          // Whoever has the code can point a WorkSpaces client at the directory's sign-in page: the
          // state keeps it as ciphertext, and `pulumi stack output registrationCode --show-secrets` shows it.
          additionalSecretOutputs: ["registrationCode"],
          // The StreamingEndpointAssociation owns the directory's streaming endpoint; two owners would fight.
          ignoreChanges: ["workspaceAccessProperties.accessEndpointConfig"],
        },
      );
      this.directoryId = this.registration.directoryId;
      this.registrationCode = this.registration.registrationCode;
    }

    this.vpcId = network.vpc.id;
    this.cidr = args.cidr;
    this.privateSubnetIds = network.privateSubnets.map((s) => s.id);
    this.privateRouteTableId = network.privateRouteTable.id;
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      privateRouteTableId: this.privateRouteTableId,
      directoryId: this.directoryId,
      registrationCode: this.registrationCode,
    });
  }
}
