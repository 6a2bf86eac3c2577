/**
 * The WorkspacesStreaming component's arguments, as a program of yours passes them (JavaScript
 * included): what it resolves, and every refusal, each naming the argument's path as code writes it
 * and a fix in code. Pure (readArguments), then through the component under mocks: a bad argument
 * is a pulumi.RunError before anything is registered, and a region unlike the provider's is refused
 * before any child.
 */
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import * as path from "path";
import { ArgumentsError } from "../../components/argumentChecks";
import { readArguments } from "../../components/arguments";
import { WorkspacesStreaming } from "../../components/workspacesStreaming";
import type { WorkspacesStreamingArgs } from "../../components/workspacesStreamingArgs";
import { mockCloud } from "../../scripts/mockCloud";
import { ProgramFailed, runProgram } from "../standins/mockProgram";

const VPC = "vpc-0a1b2c3d4e5f60718";
const SUBNETS = ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"];
const D1 = "d-95670a1b2c";

/** A valid setup on a network you have; each case changes one thing. */
const EXISTING = {
  network: "existing",
  streamingEndpoint: { vpcId: VPC, subnetIds: SUBNETS, allowedCidrs: ["192.168.0.0/16"] },
  directories: [{ directoryId: D1, associate: false }],
} as const;

/** The problems, as `path: message`. */
function problemsOf(args: unknown, region: string | undefined = "ap-northeast-1"): string[] {
  return readArguments(args, region).problems.map((p) => `${p.path}: ${p.message}`);
}

describe("the component's arguments (readArguments)", () => {
  it("resolves a setup on your network, every default from ground/defaults.ts", () => {
    const { setup, problems, warnings } = readArguments(EXISTING, "ap-northeast-1");
    assert.deepEqual([problems, warnings], [[], []]);
    assert.deepEqual(setup, {
      network: "existing",
      region: "ap-northeast-1",
      naming: "prefixed",
      streamedDirectories: [
        { directoryId: D1, key: D1, associate: false, allowPcoipOverInternet: false, takeOver: false },
      ],
      firstName: "by-id",
      allowPcoipOverInternet: false,
      clientNetwork: {
        dnsResolver: false,
        transitGatewayId: undefined,
        routeTableIds: [],
        rulesPerSecurityGroup: 60,
        routesPerRouteTable: 50,
      },
      signInLog: { enabled: true, retentionDays: 90, egressCidrs: [] },
      monitoring: { enabled: true, alarmEmail: undefined, connectionFailureRatio: 0.2 },
      tags: {},
      credentials: undefined,
      streamingEndpoint: { vpcId: VPC, subnetIds: SUBNETS, allowedCidrs: ["192.168.0.0/16"] },
    });
  });

  it("warns, and still builds, a lab with more WorkSpaces than a new account's quota (1 per Region)", () => {
    const lab = (count: number) => ({
      network: "lab",
      directory: { mode: "lab", adminPassword: "Lab-Passw0rd!", associate: true },
      workspaces: Array.from({ length: count }, (_, i) => ({ userName: `user${i}` })),
    });
    assert.deepEqual(readArguments(lab(1), "ap-northeast-1").warnings, []);
    const { setup, problems, warnings } = readArguments(lab(500), "ap-northeast-1");
    assert.deepEqual(problems, []);
    assert.equal(setup?.network === "lab" && setup.workspaces.length, 500);
    assert.deepEqual(warnings, [
      'workspaces: lists 500 WorkSpaces; AWS\'s quota "WorkSpaces" (Amazon WorkSpaces, per account and Region, WorkSpaces already there count too) is 1 in a new account, and up fails at the first WorkSpace past it. Read yours with: aws service-quotas list-service-quotas --service-code workspaces --region ap-northeast-1 (or the Service Quotas console, Amazon WorkSpaces); raise it there (Request increase at account level) to 500 or more before up',
    ]);
  });

  it("waits for the region to resolve what depends on it (a lab's AZ IDs), and checks the rest now", () => {
    const lab = {
      network: "lab",
      directory: { mode: "lab", adminPassword: "Lab-Passw0rd!", associate: true },
    };
    assert.deepEqual(readArguments(lab, undefined), { problems: [], warnings: [] });
    const known = readArguments(lab, "ap-northeast-1").setup;
    assert.equal(known?.network, "lab");
    assert.deepEqual(known?.network === "lab" && known.sourceVpc, {
      cidr: "10.0.0.0/16",
      availabilityZoneIds: ["apne1-az1", "apne1-az4"],
    });
  });

  const cases: [string, unknown, string[]][] = [
    [
      "refuses a missing network: it decides what is built, so it has no default",
      { ...EXISTING, network: undefined },
      [
        'network: (not set) is required: "existing" streams on the network you have (your VPC and subnets, or your endpoint); "lab" builds the walkthrough\'s lab around it',
      ],
    ],
    [
      "refuses a directory without associate: who is served is stated, never assumed",
      { ...EXISTING, directories: [{ directoryId: D1 }] },
      [
        "directories[0].associate: (not set) is required: true streams the directory through the endpoint now; false builds everything and switches nothing (the runbook's first step: the cut-over report then says whom the switch would cut off)",
      ],
    ],
    [
      'refuses associate: "yes", and the strings "true" and "false": a boolean, not text',
      {
        ...EXISTING,
        directories: [
          { directoryId: D1, associate: "yes" },
          { directoryId: "d-9067a1b2c3", associate: "true" },
        ],
      },
      [
        'directories[0].associate: "yes" must be true or false (a boolean, not string)',
        'directories[1].associate: "true" must be true or false (a boolean, not string)',
      ],
    ],
    [
      "names a bad directory ID by its path",
      { ...EXISTING, directories: [{ directoryId: "d-XYZ", associate: true }] },
      [
        'directories[0].directoryId: "d-XYZ" is not a WorkSpaces Personal directory ID ("d-" and 8 to 63 hex digits); copy it from the WorkSpaces console, e.g. "d-9067a1b2c3"',
      ],
    ],
    [
      "refuses a directory listed twice",
      {
        ...EXISTING,
        directories: [
          { directoryId: D1, associate: false },
          { directoryId: D1, associate: true },
        ],
      },
      [
        `directories[1].directoryId: "${D1}" is listed twice (also directories[0]); a directory streams through one endpoint, so list it once`,
      ],
    ],
    [
      "wants a key for a directory whose ID is not known yet (resources are named by it)",
      {
        ...EXISTING,
        directories: [{ directoryId: pulumi.output(D1), associate: true }],
      },
      [
        'directories[0].key: (not set) is required when directoryId is an Output or a Promise: the directory\'s association and alarm are named by it (a name cannot wait for a value); pass e.g. key: "sales"',
      ],
    ],
    [
      "refuses the lab's arguments on a network you have, and tells a misspelling what it meant",
      { ...EXISTING, sourceVpc: { cidr: "10.0.0.0/16" }, tagz: {} },
      [
        'sourceVpc: is an argument of network "lab" only (what the walkthrough\'s lab builds); with network "existing" none of the lab is built: leave it out',
        'tagz: is not an argument here (did you mean "tags"?); known: network, region, directory, directories, allowPcoipOverInternet, streamingEndpoint, clientNetwork, signInLog, monitoring, tags, credentials, naming, inAws',
      ],
    ],
    [
      "refuses an endpoint you have given with your subnets, and a resolver it cannot admit clients to",
      {
        ...EXISTING,
        streamingEndpoint: { vpcEndpointId: "vpce-0feedface00000001", vpcId: VPC },
        clientNetwork: { dnsResolver: true },
      },
      [
        "streamingEndpoint.vpcEndpointId: cannot be given with streamingEndpoint.vpcId: an endpoint you have comes with its subnets and security group. Pass vpcEndpointId alone (the setup makes no endpoint), or vpcId, subnetIds and allowedCidrs (the setup makes one there)",
        "clientNetwork.dnsResolver: true needs the client ranges, which an endpoint you have keeps in its own security group: run the resolver where that endpoint is managed, or pass vpcId, subnetIds and allowedCidrs for the setup to make the endpoint",
      ],
    ],
    [
      "refuses one subnet, an IPv6 range and the whole internet, with what to write instead",
      {
        ...EXISTING,
        streamingEndpoint: { vpcId: VPC, subnetIds: [SUBNETS[0]], allowedCidrs: ["fd00::/8"] },
        signInLog: { egressCidrs: ["0.0.0.0/1", "128.0.0.0/1"] },
      },
      [
        "signInLog.egressCidrs: covers every IPv4 address (merged: 0.0.0.0/0): a sign-in from anywhere would count as routed, so the cut-over report and the preview would hide every user a cut-over cuts off; list your routed networks' NAT or proxy addresses, e.g. 198.51.100.7/32",
        'streamingEndpoint.subnetIds: ["subnet-0aaa1111bbbb22223"] has 1 subnet; pass one in each of at least 2 availability zones, so the endpoint survives a zone outage',
        'streamingEndpoint.allowedCidrs[0]: "fd00::/8" is IPv6; WorkSpaces streaming over PrivateLink is IPv4 only: list the clients\' IPv4 ranges',
      ],
    ],
    [
      "refuses a tag key AWS keeps for itself, and a role that is not a role's ARN",
      {
        ...EXISTING,
        tags: { "aws:team": "euc" },
        credentials: { assumeRole: { roleArn: "deployer" } },
      },
      [
        "tags.aws:team: is not a tag key AWS takes (the aws: prefix is AWS's own; 1 to 128 characters)",
        'credentials.assumeRole.roleArn: "deployer" is not an IAM role ARN, e.g. "arn:aws:iam::111122223333:role/deployer"',
      ],
    ],
    [
      "refuses a lab without its directory, and a Microsoft AD with a size",
      { network: "lab", directory: { mode: "lab", type: "MicrosoftAD", size: "Small", associate: true } },
      [
        'directory.size: "Small" applies to Simple AD only; a Microsoft AD is sized by its edition (Standard here): leave size out',
        'directory.adminPassword: (not set) is required: the directory administrator\'s password, as a secret, e.g. config.requireSecret("directoryAdminPassword")',
      ],
    ],
    [
      "refuses a lab user name its directory cannot hold",
      {
        network: "lab",
        directory: { mode: "lab", adminPassword: "Lab-Passw0rd!", associate: true },
        workspaces: [{ userName: "a-very-long-user-name-indeed" }],
      },
      [
        `workspaces[0].userName: "a-very-long-user-name-indeed" has 28 characters; a user of the lab's Simple AD signs in with its pre-Windows 2000 logon name (sAMAccountName), at most 20 characters: use a shorter user name`,
      ],
    ],
  ];
  for (const [title, args, expected] of cases) {
    it(title, () => assert.deepEqual(problemsOf(args), expected));
  }
});

describe("the component with bad arguments, under mocks", () => {
  /** A program of yours that builds one WorkspacesStreaming with these arguments. */
  const PROGRAM = path.join(__dirname, "..", "fixtures", "oneSetup.ts");

  async function run(args: unknown, region = "ap-northeast-1") {
    process.env.WORKSPACES_STREAMING_TEST_ARGS = JSON.stringify(args);
    try {
      return await runProgram({
        config: { "aws:region": region },
        program: PROGRAM,
        call: mockCloud({
          "aws:region": region,
          "workspaces-privatelink:streamingEndpoint": JSON.stringify(EXISTING.streamingEndpoint),
        }),
      });
    } finally {
      delete process.env.WORKSPACES_STREAMING_TEST_ARGS;
    }
  }

  it("throws a pulumi.RunError naming directories[0].directoryId, and registers nothing", async () => {
    const args = { ...EXISTING, directories: [{ directoryId: "wsd-0123456789", associate: true }] };
    assert.throws(
      () => new WorkspacesStreaming("streaming", args as WorkspacesStreamingArgs),
      (error: unknown) => {
        assert.ok(pulumi.RunError.isInstance(error), "a RunError: pulumi up prints it without a stack trace");
        assert.ok(error instanceof ArgumentsError);
        assert.deepEqual(error.problems, [
          {
            path: "directories[0].directoryId",
            message:
              '"wsd-0123456789" is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only, so Pools cannot use an endpoint',
          },
        ]);
        assert.equal(
          error.message,
          'The arguments of WorkspacesStreaming "streaming" have 1 problem; nothing was deployed:\n  - directories[0].directoryId: "wsd-0123456789" is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only, so Pools cannot use an endpoint',
        );
        return true;
      },
    );
  });

  it("refuses a region unlike its aws provider's before any child, naming both and the fix", async () => {
    await assert.rejects(run({ ...EXISTING, region: "ap-northeast-1" }, "eu-west-1"), (error: unknown) => {
      assert.ok(error instanceof ProgramFailed);
      assert.equal(
        error.message,
        'The arguments of WorkspacesStreaming "streaming" have 1 problem; nothing was deployed:\n  - region: "ap-northeast-1" is not the region of the aws provider these resources use, "eu-west-1": every lookup and resource would be in eu-west-1. Pass region "eu-west-1", or give the component an aws provider for ap-northeast-1 (opts.providers: [new aws.Provider("...", { region: "ap-northeast-1" })])',
      );
      assert.deepEqual(
        error.resources.map((r) => r.type),
        ["workspaces-privatelink:index:WorkspacesStreaming"],
        "the component alone: not one child",
      );
      return true;
    });
  });

  it("builds in the provider's region when the arguments name none", async () => {
    const built = await run(EXISTING, "eu-west-1");
    assert.equal(built.outputs.region, "eu-west-1");
    assert.equal(
      built.get("aws:ec2/vpcEndpoint:VpcEndpoint", "streaming-endpoint").inputs.serviceName,
      "com.amazonaws.eu-west-1.highlander",
    );
  });
});
