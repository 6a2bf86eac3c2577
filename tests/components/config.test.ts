import { strict as assert } from "assert";
import { ConfigError, LabSetup, checkDirectoryPassword, parseStackConfig } from "../../config";
import * as pulumi from "@pulumi/pulumi";
import { ProgramFailed, runProgram } from "../standins/mockProgram";
import { readStackConfig } from "../../scripts/stackConfig";

const P = "workspaces-privatelink";
const PASSWORD = "Lab-Passw0rd!";
/** What the engine says of a stack whose password was set with `pulumi config set --secret`. */
const SECRET_KEYS = [`${P}:directoryAdminPassword`];

/** A valid lab configuration; each case changes one thing. */
function lab(overrides: Record<string, unknown> = {}): Record<string, string> {
  const config: Record<string, string> = {
    "aws:region": "ap-northeast-1",
    [`${P}:directoryAdminPassword`]: PASSWORD,
  };
  for (const [key, value] of Object.entries(overrides)) {
    const full = key.includes(":") ? key : `${P}:${key}`;
    if (value === undefined) {
      delete config[full];
    } else {
      config[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return config;
}

/** A lab's configuration, parsed (the network most of these tests are about). */
function parseLab(config: Record<string, string>, secretKeys: string[]): LabSetup {
  const parsed = parseStackConfig(config, secretKeys);
  assert.equal(parsed.network, "lab");
  return parsed as LabSetup;
}

function problemsOf(config: Record<string, string>, secretKeys: string[] = SECRET_KEYS): string[] {
  try {
    parseStackConfig(config, secretKeys);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems.map((p) => `${p.key}: ${p.message}`);
  }
  assert.fail("the configuration was accepted");
}

describe("stack configuration", () => {
  it("resolves the defaults: the walkthrough's lab", () => {
    const config = parseStackConfig(lab(), SECRET_KEYS);
    assert.deepEqual(
      { ...config, directory: { ...config.directory, adminPassword: undefined } },
      {
        network: "lab",
        region: "ap-northeast-1",
        awsProfile: undefined,
        internetAccess: "https-only",
        sourceVpc: { cidr: "10.0.0.0/16", availabilityZoneIds: ["apne1-az1", "apne1-az4"] },
        workspacesVpc: { cidr: "10.1.0.0/16", availabilityZoneIds: ["apne1-az1", "apne1-az4"] },
        client: { enabled: true, instanceType: "t3.medium", keyName: undefined },
        directory: {
          mode: "lab",
          type: "SimpleAD",
          name: "corp.example.com",
          shortName: undefined,
          size: "Small",
          createWorkspacesDefaultRole: true,
          adminPassword: undefined,
        },
        streamingEndpoint: { vpc: "source", allowedCidrs: ["10.0.0.0/16"] },
        clientNetwork: {
          dnsResolver: false,
          transitGatewayId: undefined,
          routeTableIds: [],
          rulesPerSecurityGroup: 60,
          routesPerRouteTable: 50,
        },
        streamedDirectories: [
          { directoryId: undefined, associate: true, allowPcoipOverInternet: false, takeOver: false },
        ],
        allowPcoipOverInternet: false,
        workspaces: [],
        signInLog: { enabled: true, retentionDays: 90, egressCidrs: [] },
        monitoring: { enabled: true, alarmEmail: undefined, connectionFailureRatio: 0.2 },
        warnings: [],
      },
    );
  });

  it("accepts the shipped dev and prod stacks", () => {
    const dev = readStackConfig("dev").config;
    dev[`${P}:directoryAdminPassword`] = PASSWORD;
    assert.equal(parseStackConfig(dev, SECRET_KEYS).directory?.mode, "lab");
    const prod = parseStackConfig(readStackConfig("prod").config, []);
    assert.equal(prod.network, "existing");
    assert.equal(prod.directory, undefined);
    assert.deepEqual(prod.streamedDirectories, [
      { directoryId: "d-95670a1b2c", associate: false, allowPcoipOverInternet: false, takeOver: false },
    ]);
    assert.deepEqual(prod.streamingEndpoint, {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      subnetIds: ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"],
      allowedCidrs: ["192.168.0.0/16"],
    });
  });

  const cases: [string, Record<string, unknown>, string[]][] = [
    [
      "rejects a malformed VPC block",
      { sourceVpc: { cidr: "10.0.0.0/33" } },
      [`${P}:sourceVpc.cidr: "10.0.0.0/33" is not an IPv4 CIDR block; write e.g. "10.0.0.0/16"`],
    ],
    [
      "rejects a VPC block with host bits",
      { workspacesVpc: { cidr: "10.1.2.3/16" } },
      [`${P}:workspacesVpc.cidr: "10.1.2.3/16" has host bits set; write "10.1.0.0/16"`],
    ],
    [
      "rejects a VPC block too large for AWS",
      { sourceVpc: { cidr: "10.0.0.0/8" } },
      [
        `${P}:sourceVpc.cidr: "10.0.0.0/8" must be a /16 to /24 block (AWS allows /16 to /28 per VPC, and this project splits it into 16 subnets); write e.g. "10.0.0.0/16"`,
      ],
    ],
    [
      "rejects overlapping VPC blocks",
      { sourceVpc: { cidr: "10.0.0.0/16" }, workspacesVpc: { cidr: "10.0.128.0/17" } },
      [
        `${P}:workspacesVpc.cidr: "10.0.128.0/17" overlaps sourceVpc.cidr "10.0.0.0/16"; give the two networks disjoint blocks (a client or peering that reaches both needs them apart), e.g. "10.1.0.0/16"`,
      ],
    ],
    [
      "rejects an existing directory without an ID",
      { directory: { mode: "existing" }, directoryAdminPassword: undefined },
      [
        `${P}:directory.directoryId: (not set) is required; set it with: pulumi config set --path directory.directoryId VALUE`,
      ],
    ],
    [
      "rejects a malformed directory ID",
      { directory: { mode: "existing", directoryId: "d-12345" }, directoryAdminPassword: undefined },
      [
        `${P}:directory.directoryId: "d-12345" is not a WorkSpaces Personal directory ID ("d-" and 8 to 63 hex digits); copy it from the WorkSpaces console, e.g. "d-9067a1b2c3"`,
      ],
    ],
    [
      "rejects a Pools directory, saying Pools cannot stream over PrivateLink",
      { directory: { mode: "existing", directoryId: "wsd-0123abcd9" }, directoryAdminPassword: undefined },
      [
        `${P}:directory.directoryId: "wsd-0123abcd9" is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only, so Pools cannot use an endpoint`,
      ],
    ],
    [
      "rejects an unknown directory mode",
      { directory: { mode: "managed" } },
      [`${P}:directory.mode: "managed" is not a known mode; use one of "lab" or "existing"`],
    ],
    [
      "rejects an unknown kind of lab directory",
      { directory: { mode: "lab", type: "ManagedAD" } },
      [`${P}:directory.type: "ManagedAD" is not allowed; use one of "SimpleAD", "MicrosoftAD"`],
    ],
    [
      "rejects a size for a Microsoft AD, which its edition sizes",
      { directory: { mode: "lab", type: "MicrosoftAD", size: "Large" } },
      [
        `${P}:directory.size: "Large" applies to Simple AD only; a Microsoft AD is sized by its edition (Standard here), so remove it with: pulumi config rm --path directory.size`,
      ],
    ],
    [
      "rejects an unknown internet access mode",
      { internetAccess: "full" },
      [`${P}:internetAccess: "full" is not allowed; use one of "https-only", "none"`],
    ],
    [
      "rejects an IPv6 client range",
      { streamingEndpoint: { allowedCidrs: ["10.0.0.0/16", "2001:db8::/32"] } },
      [
        `${P}:streamingEndpoint.allowedCidrs[1]: "2001:db8::/32" is IPv6; WorkSpaces streaming over PrivateLink is IPv4 only: list the clients' IPv4 ranges`,
      ],
    ],
    [
      "rejects an unknown top-level key and suggests the right one",
      { internetAcess: "none" },
      [
        `${P}:internetAcess: is not a setting of workspaces-privatelink (did you mean "internetAccess"?); known: network, internetAccess, sourceVpc, workspacesVpc, client, directory, directories, directoryAdminPassword, streamingEndpoint, clientNetwork, allowPcoipOverInternet, workspaces, signInLog, monitoring. Remove it with: pulumi config rm internetAcess`,
      ],
    ],
    [
      "rejects an unknown nested key",
      { client: { enabled: true, instanceTyp: "t3.large" } },
      [
        `${P}:client.instanceTyp: is not a setting of workspaces-privatelink (did you mean "instanceType"?); known: enabled, instanceType, keyName. Remove it with: pulumi config rm --path client.instanceTyp`,
      ],
    ],
    [
      "rejects a lab without the administrator password",
      { directoryAdminPassword: undefined },
      [
        `${P}:directoryAdminPassword: (not set) is required when directory.mode is "lab" (the lab directory's administrator password); set it with: pulumi config set --secret directoryAdminPassword`,
      ],
    ],
    [
      "rejects a weak password without printing it",
      { directoryAdminPassword: "lowercaseonly" },
      [
        `${P}:directoryAdminPassword: (secret) must mix three of: lower case, upper case, digits, symbols; set it with: pulumi config set --secret directoryAdminPassword`,
      ],
    ],
    [
      "rejects a WorkSpaces AZ the service does not run in",
      { workspacesVpc: { availabilityZoneIds: ["apne1-az1", "apne1-az2"] } },
      [
        `${P}:workspacesVpc.availabilityZoneIds[1]: "apne1-az2" is not a zone where WorkSpaces Personal runs in ap-northeast-1; use some of apne1-az1, apne1-az4`,
      ],
    ],
    [
      "requires AZ IDs in a region without a table",
      { "aws:region": "eu-west-3", sourceVpc: { availabilityZoneIds: ["euw3-az1", "euw3-az2"] } },
      [
        `${P}:workspacesVpc.availabilityZoneIds: (not set) has no default in region "eu-west-3" (known: us-east-1, us-west-2, ap-south-1, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, sa-east-1); list two AZ IDs where WorkSpaces Personal runs, from the WorkSpaces Administration Guide's "Availability Zones for WorkSpaces Personal"`,
      ],
    ],
    [
      "requires client ranges for an endpoint in the WorkSpaces VPC",
      { streamingEndpoint: { vpc: "workspaces" } },
      [
        `${P}:streamingEndpoint.allowedCidrs: (not set) is required when streamingEndpoint.vpc is "workspaces": the source VPC has no route there, so list the ranges your clients reach that VPC from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]`,
      ],
    ],
    [
      "rejects a boolean written as text",
      { allowPcoipOverInternet: "yes" },
      [`${P}:allowPcoipOverInternet: "yes" must be true or false`],
    ],
    [
      "rejects a missing region",
      { "aws:region": undefined },
      [
        "aws:region: (not set) is not an AWS region; set it with: pulumi config set aws:region ap-northeast-1",
      ],
    ],
    [
      "rejects AZ IDs of another region",
      { "aws:region": "us-east-2", sourceVpc: { availabilityZoneIds: ["apne1-az1", "use2-az2"] } },
      [
        `${P}:sourceVpc.availabilityZoneIds[0]: "apne1-az1" is an AZ ID of another region (AZ IDs of us-east-2 start with "use2-"); list zones of us-east-2, e.g. "use2-az1" (aws ec2 describe-availability-zones --region us-east-2 shows ZoneId)`,
        `${P}:workspacesVpc.availabilityZoneIds: (not set) has no default in region "us-east-2" (known: us-east-1, us-west-2, ap-south-1, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, sa-east-1); list two AZ IDs where WorkSpaces Personal runs, from the WorkSpaces Administration Guide's "Availability Zones for WorkSpaces Personal"`,
      ],
    ],
    [
      "rejects an AZ ID of another region where the region has a table",
      { workspacesVpc: { availabilityZoneIds: ["apne1-az1", "use1-az2"] } },
      [
        `${P}:workspacesVpc.availabilityZoneIds[1]: "use1-az2" is an AZ ID of another region (AZ IDs of ap-northeast-1 start with "apne1-"); list zones of ap-northeast-1, e.g. "apne1-az1" (aws ec2 describe-availability-zones --region ap-northeast-1 shows ZoneId)`,
      ],
    ],
    [
      "gives a malformed region one problem, not one per network",
      { "aws:region": "ap-northeast1" },
      [
        'aws:region: "ap-northeast1" is not an AWS region (did you mean "ap-northeast-1"?); set it with: pulumi config set aws:region ap-northeast-1',
      ],
    ],
    [
      "rejects a Graviton instance type for the Windows client",
      { client: { instanceType: "t4g.medium" } },
      [
        `${P}:client.instanceType: "t4g.medium" is a Graviton (arm64) type; Windows Server 2025 needs an x86_64 type, e.g. "t3.medium" instead of "t4g.medium"`,
      ],
    ],
    [
      "rejects a Mac instance type for the Windows client",
      { client: { instanceType: "mac2.metal" } },
      [
        `${P}:client.instanceType: "mac2.metal" is a Mac instance, which runs macOS only; Windows Server 2025 needs an x86_64 type, e.g. "t3.medium"`,
      ],
    ],
    [
      "rejects a Windows client type with less than 4 GiB",
      { client: { instanceType: "t3.small" } },
      [
        `${P}:client.instanceType: "t3.small" has less than the 4 GiB of memory Windows Server 2025 needs; use e.g. "t3.medium"`,
      ],
    ],
    [
      "rejects a key in a misspelled project namespace",
      { "workspace-privatelink:internetAccess": "none" },
      [
        `workspace-privatelink:internetAccess: is in namespace "workspace-privatelink", which is not this project's (did you mean "${P}:internetAccess"?); the program never reads it. Move it with: pulumi config rm workspace-privatelink:internetAccess, then set internetAccess again`,
      ],
    ],
    [
      "rejects a nested boolean that is not true or false",
      { client: { enabled: "yes" } },
      [`${P}:client.enabled: "yes" must be true or false`],
    ],
    [
      "rejects a WorkSpace with an empty user name",
      { workspaces: [{ userName: "" }] },
      [`${P}:workspaces[0].userName: "" is empty; name a user of the directory, e.g. "jdoe"`],
    ],
    [
      "rejects a user name given with its domain",
      { workspaces: [{ userName: "jdoe@corp.example.com" }] },
      [
        `${P}:workspaces[0].userName: "jdoe@corp.example.com" is not a logon name: drop the domain and any of " / \\ [ ] : ; | = , + * ? < > @`,
      ],
    ],
    [
      "rejects the same user twice, ignoring case",
      { workspaces: [{ userName: "jdoe" }, { userName: "alice" }, { userName: "JDoe" }] },
      [
        `${P}:workspaces[2].userName: "JDoe" names the same user as workspaces[0]; a user has one WorkSpace per directory, so list each user once`,
      ],
    ],
    [
      "rejects a malformed bundle ID",
      { workspaces: [{ userName: "jdoe", bundleId: "wsb-XYZ" }] },
      [
        `${P}:workspaces[0].bundleId: "wsb-XYZ" is not a bundle ID ("wsb-" and 8 to 63 lower-case letters or digits); aws workspaces describe-workspace-bundles lists them, or drop bundleId for the default DCV bundle`,
      ],
    ],
    [
      "rejects an unknown field of a WorkSpace",
      { workspaces: [{ userName: "jdoe", bundle: "wsb-12345678" }] },
      [
        `${P}:workspaces[0].bundle: is not a setting of workspaces-privatelink (did you mean "bundleId"?); known: userName, bundleId. Remove it with: pulumi config rm --path workspaces[0].bundle`,
      ],
    ],
    [
      "says a region does not exist, and where WorkSpaces runs",
      { "aws:region": "ap-northeast-9" },
      [
        'aws:region: "ap-northeast-9" is not an AWS region (did you mean "ap-northeast-1"?); set it with: pulumi config set aws:region ap-northeast-1',
      ],
    ],
    [
      "says a region has no WorkSpaces, and where WorkSpaces runs",
      { "aws:region": "ap-northeast-3" },
      [
        'aws:region: "ap-northeast-3" is an AWS region without WorkSpaces, so nothing can stream there; WorkSpaces runs in af-south-1, ap-northeast-1, ap-northeast-2, ap-south-1, ap-southeast-1, ap-southeast-2, ap-southeast-5, ca-central-1, eu-central-1, eu-west-1, eu-west-2, eu-west-3, il-central-1, sa-east-1, us-east-1, us-east-2, us-west-2, cn-northwest-1, us-gov-east-1, us-gov-west-1: set it with: pulumi config set aws:region ap-northeast-1, or the region nearest your users',
      ],
    ],
    [
      "gives an example of AZ IDs for AZ IDs given as text",
      { sourceVpc: { availabilityZoneIds: "apne1-az1" } },
      [`${P}:sourceVpc.availabilityZoneIds: "apne1-az1" must be a list, e.g. ["apne1-az1", "apne1-az4"]`],
    ],
    [
      "gives an example of WorkSpaces for WorkSpaces given as text",
      { workspaces: "jdoe" },
      [`${P}:workspaces: "jdoe" must be a list, e.g. [{ "userName": "jdoe" }]`],
    ],
    [
      "says a number is not a CIDR block, with one",
      { sourceVpc: { cidr: 10 } },
      [`${P}:sourceVpc.cidr: 10 is not an IPv4 CIDR block; write e.g. "10.0.0.0/16"`],
    ],
    [
      "refuses text for a number, with an example",
      { clientNetwork: { rulesPerSecurityGroup: "many" } },
      [`${P}:clientNetwork.rulesPerSecurityGroup: "many" must be a whole number, e.g. 60`],
    ],
    [
      "says a directory ID must be lower case, with the fix",
      { directory: { mode: "existing", directoryId: "d-95670A1B2C" }, directoryAdminPassword: undefined },
      [
        `${P}:directory.directoryId: "d-95670A1B2C" has upper-case letters; a directory ID is "d-" and 8 to 63 lower-case hex digits: write "d-95670a1b2c"`,
      ],
    ],
    [
      "says a lab setting is a lab setting when the directory is existing",
      {
        directory: { mode: "existing", directoryId: "d-95670a1b2c", name: "corp.example.com" },
        directoryAdminPassword: undefined,
      },
      [
        `${P}:directory.name: is a setting of directory.mode "lab" only (the directory the stack makes); an existing directory has its own. Remove it with: pulumi config rm --path directory.name`,
      ],
    ],
    [
      "refuses a user name longer than a Simple AD logon name",
      { workspaces: [{ userName: "a-very-long-user-name-1" }] },
      [
        `${P}:workspaces[0].userName: "a-very-long-user-name-1" has 23 characters; a user of the lab's Simple AD signs in with its pre-Windows 2000 logon name (sAMAccountName), at most 20 characters: use a shorter user name`,
      ],
    ],
    [
      "refuses empty client ranges in a lab, where removing the key gives the source VPC's block",
      { streamingEndpoint: { allowedCidrs: [] } },
      [
        `${P}:streamingEndpoint.allowedCidrs: [] is empty: the endpoint would admit no one; list the client ranges, e.g. ["192.168.0.0/16"], or remove the key for the default, the source VPC's block: pulumi config rm --path streamingEndpoint.allowedCidrs`,
      ],
    ],
    [
      "refuses empty client ranges for an endpoint in the WorkSpaces VPC, which has no default",
      { streamingEndpoint: { vpc: "workspaces", allowedCidrs: [] } },
      [
        `${P}:streamingEndpoint.allowedCidrs: [] is empty: the endpoint would admit no one; list the ranges your clients stream from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]; with streamingEndpoint.vpc "workspaces" there is no default`,
      ],
    ],
    [
      // WorkSpaces' API takes 63; a message that said so sent the user to 40, refused again (issue 33).
      "refuses a 64-character user name in the lab with the Simple AD's limit, so one fix is enough",
      { workspaces: [{ userName: "u".repeat(64) }] },
      [
        `${P}:workspaces[0].userName: "${"u".repeat(64)}" has 64 characters; a user of the lab's Simple AD signs in with its pre-Windows 2000 logon name (sAMAccountName), at most 20 characters: use a shorter user name`,
      ],
    ],
    [
      "refuses a 64-character user name in a directory you have, with both limits that may apply",
      {
        directory: { mode: "existing", directoryId: "d-95670a1b2c" },
        directoryAdminPassword: undefined,
        workspaces: [{ userName: "u".repeat(64) }],
      },
      [
        `${P}:workspaces[0].userName: "${"u".repeat(64)}" has 64 characters; WorkSpaces takes at most 63, and a user of an Active Directory (AD Connector, AWS Managed Microsoft AD, Simple AD) at most 20 (the pre-Windows 2000 logon name): use that user's logon name`,
      ],
    ],
    [
      "refuses a user name a Microsoft AD lab cannot create",
      { directory: { mode: "lab", type: "MicrosoftAD" }, workspaces: [{ userName: "j doe" }] },
      [
        `${P}:workspaces[0].userName: "j doe" has characters that aws ds-data create-user does not take for the lab's Microsoft AD (letters, digits, "_", "-" and "." only): e.g. "j.doe"`,
      ],
    ],
    [
      "refuses directories beside an existing directory, saying it once",
      {
        directory: { mode: "existing", directoryId: "d-95670a1b2c" },
        directories: [{ directoryId: "d-1234567890" }, { directoryId: "d-0987654321" }],
        directoryAdminPassword: undefined,
      },
      [
        `${P}:directories: cannot be used with directory.mode "existing": list that directory in directories instead (first, so that its association keeps its name), then remove directory with: pulumi config rm directory`,
      ],
    ],
    [
      "refuses a directory listed twice",
      {
        directories: [
          { directoryId: "d-1234567890" },
          { directoryId: "d-0987654321" },
          { directoryId: "d-1234567890" },
        ],
        directoryAdminPassword: undefined,
      },
      [
        `${P}:directories[2].directoryId: "d-1234567890" is listed twice (also directories[0]); a directory streams through one endpoint, so list it once`,
      ],
    ],
    [
      "refuses a Pools directory in the list",
      { directories: [{ directoryId: "wsd-0123abcd9" }], directoryAdminPassword: undefined },
      [
        `${P}:directories[0].directoryId: "wsd-0123abcd9" is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only, so Pools cannot use an endpoint`,
      ],
    ],
    [
      "refuses a malformed directory ID in the list",
      { directories: [{ directoryId: "d-12345" }], directoryAdminPassword: undefined },
      [
        `${P}:directories[0].directoryId: "d-12345" is not a WorkSpaces Personal directory ID ("d-" and 8 to 63 hex digits); copy it from the WorkSpaces console, e.g. "d-9067a1b2c3"`,
      ],
    ],
    [
      "refuses an unknown key of a listed directory",
      { directories: [{ directoryId: "d-1234567890", asociate: false }], directoryAdminPassword: undefined },
      [
        `${P}:directories[0].asociate: is not a setting of workspaces-privatelink (did you mean "associate"?); known: directoryId, allowPcoipOverInternet, associate, takeOver. Remove it with: pulumi config rm --path directories[0].asociate`,
      ],
    ],
    [
      "refuses a switch that is not true or false",
      {
        directories: [{ directoryId: "d-1234567890", associate: "later" }],
        directoryAdminPassword: undefined,
      },
      [`${P}:directories[0].associate: "later" must be true or false`],
    ],
    [
      "refuses more directories than one stack carries, the lab's included",
      {
        directory: { mode: "lab" },
        directories: Array.from({ length: 50 }, (_, i) => ({
          directoryId: `d-${String(i).padStart(10, "0")}`,
        })),
      },
      [
        `${P}:directories: makes 51 directories to stream, over the 50 one stack carries (the preview reads them in two DescribeWorkspaceDirectories calls, and deleting the stack's endpoint would end the live sessions of every one): split them over stacks, e.g. one per business unit`,
      ],
    ],
    [
      "refuses a password when no lab directory is made",
      { directories: [{ directoryId: "d-1234567890" }] },
      [
        `${P}:directoryAdminPassword: (secret) is only used when directory.mode is "lab"; remove it with: pulumi config rm directoryAdminPassword`,
      ],
    ],
    [
      "refuses a retention CloudWatch Logs does not offer",
      { signInLog: { retentionDays: 10 } },
      [
        `${P}:signInLog.retentionDays: 10 is not a retention CloudWatch Logs offers; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`,
      ],
    ],
    [
      "refuses a sign-in log switch that is not true or false",
      { signInLog: { enabled: "maybe" } },
      [`${P}:signInLog.enabled: "maybe" must be true or false`],
    ],
    [
      "refuses an IPv6 egress range",
      { signInLog: { egressCidrs: ["2001:db8::/32"] } },
      [
        `${P}:signInLog.egressCidrs[0]: "2001:db8::/32" is IPv6; WorkSpaces streaming over PrivateLink is IPv4 only: list the clients' IPv4 ranges`,
      ],
    ],
    ...(["0.0.0.0/0", "0.0.0.0/1,128.0.0.0/1"].map((given) => [
      `refuses egress ranges that cover the whole internet (${given}): no sign-in would look cut off`,
      { signInLog: { egressCidrs: given.split(",") } },
      [
        `${P}:signInLog.egressCidrs: covers every IPv4 address (merged: 0.0.0.0/0): a sign-in from anywhere would count as routed, so the cut-over report and the preview would hide every user a cut-over cuts off; list your routed networks' NAT or proxy addresses, e.g. 198.51.100.7/32`,
      ],
    ]) as [string, Record<string, unknown>, string[]][]),
    [
      "refuses an egress range with host bits, naming the network",
      { signInLog: { egressCidrs: ["203.0.113.9/8"] } },
      [`${P}:signInLog.egressCidrs[0]: "203.0.113.9/8" has host bits set; write "203.0.0.0/8"`],
    ],
    [
      "shows the shape of a VPC given as its block",
      { sourceVpc: "10.0.0.0/16" },
      [
        `${P}:sourceVpc: "10.0.0.0/16" must be an object of settings, e.g. sourceVpc: { cidr: "10.0.0.0/16" }`,
      ],
    ],
    [
      "shows the shape of a directory given as its mode",
      { directory: "existing", directoryAdminPassword: undefined },
      [
        `${P}:directory: "existing" must be an object of settings, e.g. directory: { mode: existing, directoryId: d-... } (or { mode: lab })`,
      ],
    ],
    [
      "shows the shape of WorkSpaces given as user names",
      { workspaces: ["alice"] },
      [`${P}:workspaces[0]: "alice" must be an object in the list, e.g. workspaces: [{ userName: alice }]`],
    ],
    [
      "takes one alarm address, and says where the others go",
      { monitoring: { alarmEmail: ["a@example.com", "b@example.com"] } },
      [
        `${P}:monitoring.alarmEmail: ["a@example.com","b@example.com"] is a list; alarmEmail takes one address: give one, and subscribe the others to the alarm topic (the alarmTopicArn output: aws sns subscribe --topic-arn ARN --protocol email --notification-endpoint ADDRESS)`,
      ],
    ],
    ...(
      [
        ["us-east1", "us-east-1"],
        ["eu-west-1 ", "eu-west-1"],
        ["EU-WEST-1", "eu-west-1"],
      ] as const
    ).map(([given, meant]): [string, Record<string, unknown>, string[]] => [
      `suggests the nearest real region for ${JSON.stringify(given)}, not Tokyo`,
      { "aws:region": given },
      [
        `aws:region: ${JSON.stringify(given)} is not an AWS region (did you mean "${meant}"?); set it with: pulumi config set aws:region ${meant}`,
      ],
    ]),
    [
      "refuses an unknown sign-in log setting",
      { signInLog: { retention: 30 } },
      [
        `${P}:signInLog.retention: is not a setting of workspaces-privatelink (did you mean "retentionDays"?); known: enabled, retentionDays, egressCidrs. Remove it with: pulumi config rm --path signInLog.retention`,
      ],
    ],
    [
      "refuses an alarm e-mail that is not an address",
      { monitoring: { alarmEmail: "streaming-team" } },
      [
        `${P}:monitoring.alarmEmail: "streaming-team" is not an e-mail address; write e.g. "streaming-team@example.com"`,
      ],
    ],
    [
      "refuses a failure ratio of 1 or more (a share, not a percentage)",
      { monitoring: { connectionFailureRatio: 20 } },
      [
        `${P}:monitoring.connectionFailureRatio: 20 must be below 1 (a share of connection attempts, e.g. 0.2 for 20%)`,
      ],
    ],
    [
      "refuses a failure ratio of 0, which would alarm on the first failure of every minute",
      { monitoring: { connectionFailureRatio: "0" } },
      [
        `${P}:monitoring.connectionFailureRatio: "0" must be above 0 (a share of connection attempts, e.g. 0.2 for 20%)`,
      ],
    ],
    [
      "refuses a failure ratio that is not a number",
      { monitoring: { connectionFailureRatio: "twenty percent" } },
      [
        `${P}:monitoring.connectionFailureRatio: "twenty percent" must be a number, e.g. 0.2 (alarm above 20% failed attempts)`,
      ],
    ],
    [
      "refuses a monitoring switch that is not true or false",
      { monitoring: { enabled: "on" } },
      [`${P}:monitoring.enabled: "on" must be true or false`],
    ],
    [
      "refuses an unknown monitoring setting",
      { monitoring: { alarmEmails: ["a@example.com"] } },
      [
        `${P}:monitoring.alarmEmails: is not a setting of workspaces-privatelink (did you mean "alarmEmail"?); known: enabled, alarmEmail, connectionFailureRatio. Remove it with: pulumi config rm --path monitoring.alarmEmails`,
      ],
    ],
    // The aws: settings pulumi-aws reads, in its shape, before anything is planned (issue 33).
    [
      "refuses aws:defaultTags given as a list of keys, with the shape pulumi-aws takes",
      { "aws:defaultTags": ["project"] },
      [
        'aws:defaultTags: ["project"] is not the shape pulumi-aws takes: an object with "tags", a map of keys to values; e.g. pulumi config set --path "aws:defaultTags.tags.cost-center" euc-4711 (in the stack file: aws:defaultTags: { tags: { cost-center: euc-4711 } })',
      ],
    ],
    [
      "refuses aws:defaultTags with the tags at the top, not under tags",
      { "aws:defaultTags": { project: "vdi" } },
      [
        'aws:defaultTags: {"project":"vdi"} has "project"; pulumi-aws takes only "tags" there (put your tags under it): e.g. pulumi config set --path "aws:defaultTags.tags.cost-center" euc-4711 (in the stack file: aws:defaultTags: { tags: { cost-center: euc-4711 } })',
      ],
    ],
    [
      "refuses a default tag whose value is a number",
      { "aws:defaultTags": { tags: { "cost-center": 4711 } } },
      [
        'aws:defaultTags: {"tags":{"cost-center":4711}} has tag "cost-center" with 4711; a tag\'s value is text (quote numbers and booleans): e.g. pulumi config set --path "aws:defaultTags.tags.cost-center" euc-4711 (in the stack file: aws:defaultTags: { tags: { cost-center: euc-4711 } })',
      ],
    ],
    [
      "refuses a default tag key with AWS's own prefix",
      { "aws:defaultTags": { tags: { "aws:team": "vdi" } } },
      [
        'aws:defaultTags: {"tags":{"aws:team":"vdi"}} has tag key "aws:team", which is not a tag key AWS takes (the aws: prefix is AWS\'s own; 1 to 128 characters)',
      ],
    ],
    [
      "refuses an aws:profile given as an object",
      { "aws:profile": { name: "dev" } },
      [
        'aws:profile: {"name":"dev"} is not a profile\'s name, which is text; e.g. pulumi config set aws:profile platform-dev (a [profile ...] of ~/.aws/config)',
      ],
    ],
    [
      "refuses an aws:profile with a trailing space",
      { "aws:profile": "platform-dev " },
      [
        'aws:profile: "platform-dev " has spaces, which no profile name the AWS SDK reads has; e.g. pulumi config set aws:profile platform-dev (a [profile ...] of ~/.aws/config)',
      ],
    ],
    [
      "refuses aws:allowedAccountIds with an account ID as a number",
      { "aws:allowedAccountIds": [123456789012] },
      [
        'aws:allowedAccountIds: [123456789012] has 123456789012, not an account ID (12 digits, as text); e.g. pulumi config set --path "aws:allowedAccountIds[0]" "123456789012" (quoted: an ID is text)',
      ],
    ],
  ];
  it("passes aws:defaultTags, aws:profile and account lists in pulumi-aws's shape", () => {
    assert.equal(
      parseStackConfig(
        lab({
          "aws:defaultTags": { tags: { "cost-center": "euc-4711", team: "vdi" } },
          "aws:profile": "lab-admin",
          "aws:allowedAccountIds": ["123456789012"],
        }),
        SECRET_KEYS,
      ).network,
      "lab",
    );
  });

  it("passes the stack's aws:profile on, for the association and the preview read to sign with", () => {
    assert.equal(
      parseStackConfig({ ...lab(), "aws:profile": "lab-admin" }, SECRET_KEYS).awsProfile,
      "lab-admin",
    );
  });

  it("warns that pulumi-aws credential settings other than aws:profile do not reach the association", () => {
    const config = parseStackConfig(
      {
        ...lab(),
        "aws:assumeRoles": '[{"roleArn":"arn:aws:iam::123456789012:role/deploy"}]',
        "aws:token": "x",
      },
      SECRET_KEYS,
    );
    assert.deepEqual(config.warnings, [
      "aws:token, aws:assumeRoles: pulumi-aws uses these, but the StreamingEndpointAssociation and the preview read of an existing directory use the AWS SDK's default chain (with aws:profile), so they may act with other credentials; give the same credentials through aws:profile or the environment (AWS_PROFILE, AWS_ACCESS_KEY_ID...).",
    ]);
  });

  it("makes a Microsoft AD for the lab when asked (Simple AD is closed to new AWS customers), with no size", () => {
    const config = parseStackConfig(lab({ directory: { mode: "lab", type: "MicrosoftAD" } }), SECRET_KEYS);
    assert.equal(config.directory?.mode, "lab");
    assert.deepEqual(
      { ...config.directory, adminPassword: undefined },
      {
        mode: "lab",
        type: "MicrosoftAD",
        name: "corp.example.com",
        shortName: undefined,
        size: undefined,
        createWorkspacesDefaultRole: true,
        adminPassword: undefined,
      },
    );
  });

  for (const [title, overrides, expected] of cases) {
    it(title, () => {
      assert.deepEqual(problemsOf(lab(overrides)), expected);
    });
  }

  /** n client ranges that do not merge: 10.0.0.0/24, 10.1.0.0/24, ... */
  const disjoint = (n: number): string[] => Array.from({ length: n }, (_, i) => `10.${i}.0.0/24`);
  /** n client ranges that merge to one: the /25 halves of 10.0.0.0/24, 10.0.1.0/24, ... */
  const adjacent = (n: number): string[] =>
    Array.from({ length: n }, (_, i) => `10.0.${i >> 1}.${(i & 1) * 128}/25`);

  it("normalises the client ranges: merges, aggregates and sorts them", () => {
    const config = parseStackConfig(
      lab({
        streamingEndpoint: {
          allowedCidrs: ["192.168.1.0/24", "10.0.0.0/16", "192.168.0.0/24", "10.0.5.0/24", "192.168.0.0/24"],
        },
      }),
      SECRET_KEYS,
    );
    assert.deepEqual(config.streamingEndpoint.allowedCidrs, ["10.0.0.0/16", "192.168.0.0/23"]);
    assert.deepEqual(config.warnings, []);
  });

  const internetCases: [string, string[], string][] = [
    ["0.0.0.0/0 itself", ["0.0.0.0/0"], "includes 0.0.0.0/0"],
    ["a split into halves", ["0.0.0.0/1", "128.0.0.0/1"], "together covers 0.0.0.0/0"],
    [
      "a split into quarters among private ranges",
      ["10.0.0.0/8", "0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"],
      "together covers 0.0.0.0/0",
    ],
  ];
  for (const [title, allowedCidrs, how] of internetCases) {
    it(`refuses client ranges covering the whole internet: ${title}`, () => {
      assert.deepEqual(problemsOf(lab({ streamingEndpoint: { allowedCidrs } })), [
        `${P}:streamingEndpoint.allowedCidrs: ${how}: every IPv4 address on the internet. PrivateLink clients arrive over private routing (VPN, Direct Connect, peering); list their ranges, e.g. ["192.168.0.0/16"]`,
      ]);
    });
  }

  it("warns about a public client range, and accepts it", () => {
    const config = parseStackConfig(
      lab({ streamingEndpoint: { allowedCidrs: ["10.0.0.0/16", "203.0.113.0/24", "100.64.0.0/10"] } }),
      SECRET_KEYS,
    );
    assert.deepEqual(config.warnings, [
      `${P}:streamingEndpoint.allowedCidrs: 203.0.113.0/24 is public address space; PrivateLink clients normally arrive over private routing from 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10. Check that the clients really route to the endpoint from there.`,
    ]);
  });

  it("refuses more ranges than the endpoint's security group has rules for, naming the quota, the count and the fix", () => {
    assert.deepEqual(problemsOf(lab({ streamingEndpoint: { allowedCidrs: disjoint(16) } })), [
      `${P}:streamingEndpoint.allowedCidrs: 16 ranges need 64 inbound rules on the endpoint's security group (4 per range: TCP/UDP 443 and 4195), over the quota of 60 (clientNetwork.rulesPerSecurityGroup); aggregate the ranges into fewer, larger blocks; or raise the quota "Inbound or outbound rules per security group" in Service Quotas (VPC) to 64 or more and set clientNetwork.rulesPerSecurityGroup to it`,
    ]);
  });

  it("counts the ranges after merging", () => {
    const config = parseStackConfig(lab({ streamingEndpoint: { allowedCidrs: adjacent(32) } }), SECRET_KEYS);
    assert.deepEqual(config.streamingEndpoint.allowedCidrs, ["10.0.0.0/20"]);
    assert.deepEqual(
      problemsOf(lab({ streamingEndpoint: { allowedCidrs: [...adjacent(32), ...disjoint(20).slice(1)] } })),
      [
        `${P}:streamingEndpoint.allowedCidrs: 20 ranges (51 as given, merged to 20) need 80 inbound rules on the endpoint's security group (4 per range: TCP/UDP 443 and 4195), over the quota of 60 (clientNetwork.rulesPerSecurityGroup); aggregate the ranges into fewer, larger blocks; or raise the quota "Inbound or outbound rules per security group" in Service Quotas (VPC) to 80 or more and set clientNetwork.rulesPerSecurityGroup to it`,
      ],
    );
  });

  it("follows a raised quota", () => {
    const config = parseStackConfig(
      lab({
        streamingEndpoint: { allowedCidrs: disjoint(100) },
        clientNetwork: { rulesPerSecurityGroup: 400, dnsResolver: true },
      }),
      SECRET_KEYS,
    );
    assert.equal(config.streamingEndpoint.allowedCidrs.length, 100);
    assert.deepEqual(config.clientNetwork, {
      dnsResolver: true,
      transitGatewayId: undefined,
      routeTableIds: [],
      rulesPerSecurityGroup: 400,
      routesPerRouteTable: 50,
    });
  });

  it("refuses more routes than the route table takes when a transit gateway routes them", () => {
    assert.deepEqual(
      problemsOf(
        lab({
          streamingEndpoint: { allowedCidrs: disjoint(50) },
          clientNetwork: { rulesPerSecurityGroup: 1000, transitGatewayId: "tgw-0123456789abcdef0" },
        }),
      ),
      [
        `${P}:streamingEndpoint.allowedCidrs: 50 ranges need 52 routes in the endpoint VPC's route table with the transit gateway, over the quota of 50 (clientNetwork.routesPerRouteTable); aggregate the ranges; or raise the quota "Routes per route table" in Service Quotas (VPC) to 52 or more and set clientNetwork.routesPerRouteTable to it`,
      ],
    );
  });

  it("rejects a malformed transit gateway ID and a quota that is not a whole number", () => {
    assert.deepEqual(
      problemsOf(lab({ clientNetwork: { transitGatewayId: "tgw-xyz", rulesPerSecurityGroup: 60.5 } })),
      [
        `${P}:clientNetwork.transitGatewayId: "tgw-xyz" is not a transit gateway ID ("tgw-" and 8 or 17 hex digits); aws ec2 describe-transit-gateways lists them`,
        `${P}:clientNetwork.rulesPerSecurityGroup: 60.5 must be a whole number`,
      ],
    );
  });

  it("refuses 10,000 ranges with one clear problem", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `10.${i >> 6}.${(i & 63) * 4}.0/24`);
    const problems = problemsOf(lab({ streamingEndpoint: { allowedCidrs: many } }));
    assert.deepEqual(problems, [
      `${P}:streamingEndpoint.allowedCidrs: 10000 ranges need 40000 inbound rules on the endpoint's security group (4 per range: TCP/UDP 443 and 4195), over the quota of 60 (clientNetwork.rulesPerSecurityGroup); aggregate the ranges into fewer, larger blocks; raising the quota cannot help (AWS allows at most 1000 rules per group, 250 ranges): otherwise split the clients over stacks, one endpoint each`,
    ]);
  });

  it("rejects an administrator password stored in plain text, without printing it", () => {
    assert.deepEqual(problemsOf(lab(), []), [
      `${P}:directoryAdminPassword: (value not shown) is stored in plain text in the stack's config file; remove it with: pulumi config rm directoryAdminPassword, then set it with: pulumi config set --secret directoryAdminPassword`,
    ]);
  });

  it("treats a quoted true the same at the top level and nested", () => {
    // The engine hands top-level values over as text, so "true" and true are one value there.
    const config = parseLab(
      lab({
        allowPcoipOverInternet: "true",
        client: { enabled: "true", instanceType: "m7i.large" },
        directory: { mode: "lab", createWorkspacesDefaultRole: "false" },
      }),
      SECRET_KEYS,
    );
    assert.equal(config.allowPcoipOverInternet, true);
    assert.equal(config.client.enabled, true);
    assert.equal(config.directory?.mode === "lab" && config.directory.createWorkspacesDefaultRole, false);
  });

  it("takes a quoted number as the number, as it takes a quoted boolean", () => {
    const config = parseStackConfig(lab({ clientNetwork: { rulesPerSecurityGroup: "120" } }), SECRET_KEYS);
    assert.equal(config.clientNetwork.rulesPerSecurityGroup, 120);
  });

  it("takes the alarm settings, a quoted ratio as its number", () => {
    const config = parseStackConfig(
      lab({ monitoring: { alarmEmail: "streaming-team@example.com", connectionFailureRatio: "0.05" } }),
      SECRET_KEYS,
    );
    assert.deepEqual(config.monitoring, {
      enabled: true,
      alarmEmail: "streaming-team@example.com",
      connectionFailureRatio: 0.05,
    });
  });

  it("takes a 63-character user name in an existing directory, as the WorkSpaces API does", () => {
    const config = parseLab(
      lab({
        directory: { mode: "existing", directoryId: "d-95670a1b2c" },
        directoryAdminPassword: undefined,
        workspaces: [{ userName: "u".repeat(63) }],
      }),
      SECRET_KEYS,
    );
    assert.equal(config.workspaces[0].userName.length, 63);
  });

  it("warns that client settings have no effect without a client", () => {
    const config = parseStackConfig(
      lab({ client: { enabled: false, instanceType: "t3.large", keyName: "mine" } }),
      SECRET_KEYS,
    );
    assert.deepEqual(config.warnings, [
      `${P}:client.instanceType: has no effect while client.enabled is false (no Windows client is built); remove it with: pulumi config rm --path client.instanceType`,
      `${P}:client.keyName: has no effect while client.enabled is false (no Windows client is built); remove it with: pulumi config rm --path client.keyName`,
    ]);
  });

  it("resolves the listed directories: the stack's PCoIP setting and associate true by default", () => {
    const config = parseStackConfig(
      lab({
        allowPcoipOverInternet: true,
        directory: { mode: "lab" },
        directories: [
          { directoryId: "d-1234567890", allowPcoipOverInternet: false },
          { directoryId: "d-0987654321", associate: "false" },
        ],
      }),
      SECRET_KEYS,
    );
    assert.deepEqual(config.streamedDirectories, [
      { directoryId: undefined, associate: true, allowPcoipOverInternet: true, takeOver: false },
      { directoryId: "d-1234567890", associate: true, allowPcoipOverInternet: false, takeOver: false },
      { directoryId: "d-0987654321", associate: false, allowPcoipOverInternet: true, takeOver: false },
    ]);
    assert.equal(config.directory?.mode, "lab");
  });

  it("warns of an egress block larger than a /16", () => {
    const config = parseStackConfig(
      lab({ signInLog: { egressCidrs: ["198.51.100.7/32", "100.0.0.0/12"] } }),
      SECRET_KEYS,
    );
    assert.deepEqual(config.signInLog.egressCidrs, ["100.0.0.0/12", "198.51.100.7/32"]);
    assert.deepEqual(config.warnings, [
      `${P}:signInLog.egressCidrs: 100.0.0.0/12 is larger than a /16 (1,048,576 addresses); egress is usually a few NAT or proxy addresses, and every sign-in from this block counts as routed: narrow it if you can`,
    ]);
  });

  it("takes a directory over only where the configuration says so, per directory", () => {
    const listed = parseStackConfig(
      lab({
        directoryAdminPassword: undefined,
        directories: [{ directoryId: "d-1234567890", takeOver: "true" }, { directoryId: "d-0987654321" }],
      }),
      [],
    );
    assert.deepEqual(
      listed.streamedDirectories.map((d) => d.takeOver),
      [true, false],
    );
    const one = parseStackConfig(
      lab({
        directoryAdminPassword: undefined,
        directory: { mode: "existing", directoryId: "d-1234567890", takeOver: true },
      }),
      [],
    );
    assert.equal(one.streamedDirectories[0].takeOver, true);
    // A lab directory is the stack's own: nothing to take over.
    assert.deepEqual(problemsOf(lab({ directory: { mode: "lab", takeOver: true } })), [
      `${P}:directory.takeOver: is not a setting of workspaces-privatelink; known: mode, type, name, shortName, size, createWorkspacesDefaultRole, associate. Remove it with: pulumi config rm --path directory.takeOver`,
    ]);
  });

  it("makes no lab directory with directories alone", () => {
    const config = parseStackConfig(
      lab({ directories: [{ directoryId: "d-1234567890" }], directoryAdminPassword: undefined }),
      [],
    );
    assert.equal(config.directory, undefined);
    assert.deepEqual(config.streamedDirectories, [
      { directoryId: "d-1234567890", associate: true, allowPcoipOverInternet: false, takeOver: false },
    ]);
  });

  it("reads the WorkSpaces to launch", () => {
    const config = parseLab(
      lab({ workspaces: [{ userName: "jdoe" }, { userName: "pcoip-user", bundleId: "wsb-8vbljg4r6" }] }),
      SECRET_KEYS,
    );
    assert.deepEqual(config.workspaces, [
      { userName: "jdoe" },
      { userName: "pcoip-user", bundleId: "wsb-8vbljg4r6" },
    ]);
  });

  it("reports every problem at once", () => {
    const problems = problemsOf(
      lab({
        internetAccess: "open",
        sourceVpc: { cidr: "10.0.0.0/33" },
        directory: { mode: "existing", directoryId: "x" },
        streamingEndpoint: { allowedCidrs: ["::/0"] },
        directoryAdminPassword: undefined,
      }),
    );
    assert.deepEqual(
      problems.map((p) => p.split(":").slice(0, 2).join(":")),
      [
        `${P}:internetAccess`,
        `${P}:sourceVpc.cidr`,
        `${P}:directory.directoryId`,
        `${P}:streamingEndpoint.allowedCidrs[0]`,
      ],
    );
  });

  const passwords: [string, string | undefined][] = [
    ["Passw0rd!", undefined],
    ["Short1!", "(secret) must be 8 to 64 characters long (it has 7)"],
    ["alllowercase1", "(secret) must mix three of: lower case, upper case, digits, symbols"],
    ["MyAdmin-Pass1", '(secret) must not contain the word "admin"'],
  ];
  for (const [password, expected] of passwords) {
    it(`judges a password like ${JSON.stringify(password.replace(/./g, "*"))} (${expected ?? "accepted"})`, () => {
      assert.equal(checkDirectoryPassword(password), expected);
    });
  }

  it("fails the program before any resource is registered, naming the problems", async () => {
    await assert.rejects(
      runProgram({
        config: lab({ sourceVpc: { cidr: "10.0.0.0/33" }, internetAccess: "open" }),
        secretKeys: SECRET_KEYS,
      }),
      (error: unknown) => {
        assert.ok(error instanceof ProgramFailed);
        assert.ok(pulumi.RunError.isInstance(error.cause), "a RunError prints without a stack trace");
        assert.equal(
          error.message,
          "The stack configuration has 2 problems; nothing was deployed:\n" +
            `  - ${P}:internetAccess: "open" is not allowed; use one of "https-only", "none"\n` +
            `  - ${P}:sourceVpc.cidr: "10.0.0.0/33" is not an IPv4 CIDR block; write e.g. "10.0.0.0/16"`,
        );
        assert.deepEqual(error.resources, []);
        return true;
      },
    );
  });
});
