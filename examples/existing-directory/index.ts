/**
 * A program of your own (a landing zone, a network stack...) that adds WorkSpaces streaming over
 * PrivateLink to the network and directory it already has, with the workspaces-privatelink
 * library: its own configuration in, one WorkspacesStreaming component, the outputs it wants out.
 *
 * In your project: npm install <a tarball from `npm pack`, or this repository>, with
 * @pulumi/pulumi, @pulumi/aws and @pulumi/tls (the library's peer dependencies).
 */
import * as pulumi from "@pulumi/pulumi";
import { WorkspacesStreaming } from "workspaces-privatelink";

const config = new pulumi.Config();

// One call: the arguments are checked here (a bad one fails before anything is registered, naming
// it and the fix); the VPC and subnets are then looked up through this program's aws provider and
// checked (this account's, DNS on, zones where the service is offered) before any resource.
const streaming = new WorkspacesStreaming("streaming", {
  network: "existing",
  streamingEndpoint: {
    vpcId: config.require("vpcId"),
    subnetIds: config.requireObject<string[]>("subnetIds"),
    allowedCidrs: config.requireObject<string[]>("clientCidrs"),
  },
  clientNetwork: { dnsResolver: true },
  // Built for, not switched yet: the first `up` starts the sign-in log and changes no directory.
  directories: [{ directoryId: config.require("directoryId"), associate: false }],
});

export const streamingEndpointId = streaming.streamingEndpointId;
export const dnsResolverIps = streaming.dnsResolverIps;
export const dnsForwardDomains = streaming.dnsForwardDomains;
export const directoryIds = streaming.directoryIds;
