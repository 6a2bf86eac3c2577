/**
 * A landing zone's program (its own package.json and the stock `pulumi new aws-typescript`
 * tsconfig) that adds WorkSpaces streaming over PrivateLink in a member account:
 *
 * - two aws providers, one per account: `management`, with the pipeline's own credentials, keeps
 *   the landing zone's registry; `member` assumes the pipeline's role in the member account where
 *   the directories are;
 * - the endpoint's VPC is made here, in the member account, in the same `up` as the streaming;
 * - its subnets come from the network team's stack (a StackReference), which vends subnets into
 *   the VPCs of member accounts;
 * - two directories: one streams through the endpoint now, the other is built for and not switched;
 * - the landing zone's own tags on everything.
 *
 * Every lookup of the setup goes through `member` (the component's provider), and the directory
 * associations assume the same role (`credentials`): they check they reach the member account
 * before any write.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WorkspacesStreaming, outputsOf, stackOutputs } from "workspaces-privatelink";

const config = new pulumi.Config();
const region = new pulumi.Config("aws").require("region");
const memberRoleArn = config.require("memberRoleArn");

// The management account, where the landing zone keeps what other teams look up; and the member
// account, where WorkSpaces and the streaming endpoint live.
const management = new aws.Provider("management", { region });
const member = new aws.Provider("member", {
  region,
  assumeRoles: [{ roleArn: memberRoleArn, sessionName: "landing-zone" }],
});

const tags = { "cost-center": "euc-4711", "managed-by": "landing-zone" };

// The streaming endpoint's VPC, made in the member account by this program.
const vpc = new aws.ec2.Vpc(
  "streaming",
  { cidrBlock: "10.40.0.0/16", enableDnsSupport: true, enableDnsHostnames: true, tags },
  { provider: member },
);

// Its subnets, one per availability zone, vended by the network team's stack.
const network = new pulumi.StackReference(config.require("networkStack"));
const subnetIds = network.requireOutput("streamingSubnetIds") as pulumi.Output<string[]>;

const streaming = new WorkspacesStreaming(
  "streaming",
  {
    network: "existing",
    streamingEndpoint: {
      vpcId: vpc.id,
      subnetIds,
      allowedCidrs: config.requireObject<string[]>("clientCidrs"),
    },
    directories: config.requireObject<{ directoryId: string; associate: boolean }[]>("directories"),
    credentials: { assumeRole: { roleArn: memberRoleArn, sessionName: "landing-zone" } },
    tags,
  },
  { provider: member },
);

// The landing zone's registry, in the management account: where other teams find the endpoint.
new aws.ssm.Parameter(
  "streaming-endpoint",
  {
    name: "/landing-zone/workspaces-streaming/endpoint-id",
    type: "String",
    value: streaming.streamingEndpointId,
    tags,
  },
  { provider: management },
);

export const streamingEndpointId = streaming.streamingEndpointId;
export const directoryIds = streaming.directoryIds;
export const streamingAssociations = streaming.streamingAssociations;
// The whole contract under one name, for the runbook's tools and other stacks:
// pulumi stack output streamingOutputs --json > outputs.json
// npx workspaces-privatelink cutover --outputs outputs.json (docs/library.md)
export const streamingOutputs = stackOutputs(outputsOf(streaming));
