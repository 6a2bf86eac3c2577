/**
 * A program of your own (a landing zone, a network stack...) that adds WorkSpaces streaming over
 * PrivateLink for a directory it already has, with the workspaces-privatelink library: its own
 * configuration in, one WorkspacesStreaming component, the outputs it wants out.
 *
 * In your project: npm install <this repository, or a tarball from `npm pack`>, with
 * @pulumi/pulumi, @pulumi/aws and @pulumi/tls (the library's peer dependencies).
 */
import * as pulumi from "@pulumi/pulumi";
import { WorkspacesStreaming, lookUpStreamingService, streamingSetup } from "workspaces-privatelink";

export = async () => {
  const config = new pulumi.Config();
  // The same settings (and defaults) as a stack of workspaces-privatelink takes, checked the same
  // way: a bad one fails here, before any resource, naming the setting and the fix.
  const setup = streamingSetup({
    region: new pulumi.Config("aws").require("region"),
    directory: { mode: "existing", directoryId: config.require("directoryId") },
    streamingEndpoint: { allowedCidrs: config.requireObject<string[]>("clientCidrs") },
    clientNetwork: { dnsResolver: true },
    client: { enabled: false },
  });
  setup.warnings.forEach((warning) => pulumi.log.warn(warning));
  // Fails before any resource where the region does not offer the streaming service.
  const service = await lookUpStreamingService(setup.region);

  const streaming = new WorkspacesStreaming("streaming", { ...setup, serviceName: service.serviceName });

  return {
    streamingEndpointId: streaming.streamingEndpointId,
    dnsResolverIps: streaming.dnsResolverIps,
    dnsForwardDomains: streaming.dnsForwardDomains,
    directoryIds: streaming.directoryIds,
  };
};
