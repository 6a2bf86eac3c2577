/**
 * A program of your own (a landing zone, a network stack...) that adds WorkSpaces streaming over
 * PrivateLink to the network and directory it already has, with the workspaces-privatelink
 * library: its own configuration in, one WorkspacesStreaming component, the outputs it wants out.
 *
 * In your project: npm install <this repository, or a tarball from `npm pack`>, with
 * @pulumi/pulumi, @pulumi/aws and @pulumi/tls (the library's peer dependencies).
 */
import * as pulumi from "@pulumi/pulumi";
import { WorkspacesStreaming, checkSetupInAws, streamingSetup } from "workspaces-privatelink";

export = async () => {
  const config = new pulumi.Config();
  // The same settings (and defaults) as a stack of workspaces-privatelink takes, checked the same
  // way: a bad one fails here, before any resource, naming the setting and the fix.
  const setup = streamingSetup({
    region: new pulumi.Config("aws").require("region"),
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
  setup.warnings.forEach((warning) => pulumi.log.warn(warning));
  // The region's streaming service, and the VPC and subnets looked up and checked (this account's,
  // DNS on, zones where the service is offered): all before any resource.
  const inAws = await checkSetupInAws(setup);

  const streaming = new WorkspacesStreaming("streaming", { ...setup, ...inAws });

  return {
    streamingEndpointId: streaming.streamingEndpointId,
    dnsResolverIps: streaming.dnsResolverIps,
    dnsForwardDomains: streaming.dnsForwardDomains,
    directoryIds: streaming.directoryIds,
  };
};
