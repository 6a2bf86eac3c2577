/**
 * What the compiler refuses of WorkspacesStreaming's arguments, as a consumer's `tsc` sees the
 * published declarations (the package by its name, resolved to dist/). `npm test` type-checks this
 * file: each `@ts-expect-error` below must meet an error, or the check fails ("Unused
 * '@ts-expect-error' directive"). Never run.
 */
import * as pulumi from "@pulumi/pulumi";
import { WorkspacesStreaming, type WorkspacesStreamingArgs } from "workspaces-privatelink";

const endpoint = {
  vpcId: "vpc-0a1b2c3d4e5f60718",
  subnetIds: ["subnet-1", "subnet-2"],
  allowedCidrs: ["192.168.0.0/16"],
};

export const accepted: WorkspacesStreamingArgs[] = [
  // IDs and lists may be Outputs: a VPC made in the same program, subnets from a StackReference.
  {
    network: "existing",
    streamingEndpoint: {
      vpcId: pulumi.output("vpc-0a1b2c3d4e5f60718"),
      subnetIds: pulumi.output(["subnet-1", "subnet-2"]),
      allowedCidrs: ["192.168.0.0/16"],
    },
    directories: [{ directoryId: pulumi.output("d-95670a1b2c"), key: "sales", associate: false }],
  },
  {
    network: "lab",
    directory: { mode: "lab", adminPassword: pulumi.secret("Lab-Passw0rd!"), associate: true },
  },
];

export const refused: WorkspacesStreamingArgs[] = [
  // @ts-expect-error network has no default: it decides what is built
  { streamingEndpoint: endpoint, directories: [{ directoryId: "d-95670a1b2c", associate: false }] },
  {
    network: "existing",
    streamingEndpoint: endpoint,
    // @ts-expect-error every directory states associate
    directories: [{ directoryId: "d-95670a1b2c" }],
  },
  {
    network: "existing",
    streamingEndpoint: endpoint,
    // @ts-expect-error associate is a boolean, not text
    directories: [{ directoryId: "d-95670a1b2c", associate: "yes" }],
  },
  {
    network: "existing",
    streamingEndpoint: endpoint,
    directories: [{ directoryId: "d-95670a1b2c", associate: false }],
    // @ts-expect-error the lab's arguments are the lab's alone
    sourceVpc: { cidr: "10.0.0.0/16" },
  },
];

export const component = (args: WorkspacesStreamingArgs) => new WorkspacesStreaming("streaming", args);
