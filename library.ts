/**
 * workspaces-privatelink as a library, for a Pulumi program of your own (TypeScript): the
 * WorkspacesStreaming component and its arguments, `streamingSetup` to resolve them from the same
 * settings a stack of this project takes, the StreamingEndpointAssociation on its own, and the facts
 * AWS imposes that a program or a policy of yours may need. This project's own stack program is
 * index.ts (Pulumi.yaml names it), not this module.
 *
 * A TypeScript library only: the association is a dynamic provider, which the engine runs for
 * Node.js programs alone (pulumi/pulumi#5455), so a multi-language component package could not
 * carry it.
 */
export { WORKSPACES_STREAMING_TYPE, WorkspacesStreaming } from "./components/workspacesStreaming";
export type { Naming, WorkspacesStreamingArgs } from "./components/workspacesStreaming";
export { lookUpStreamingService } from "./components/streamingEndpoint";
export { ConfigError, checkStackConfigInAws as checkSetupInAws, streamingSetup } from "./config";
export type {
  ClientConfig,
  ClientNetworkConfig,
  ConfigProblem,
  ExistingDirectoryConfig,
  ExistingEndpointConfig,
  ExistingSetup,
  FoundEndpoint,
  FoundInAws,
  FoundNetwork,
  LabEndpointConfig,
  LabSetup,
  NetworkMode,
  SubnetsEndpointConfig,
  LabDirectoryConfig,
  MonitoringConfig,
  SignInLogConfig,
  StreamedDirectoryConfig,
  StreamingEndpointConfig,
  StreamingSettings,
  StreamingSetup,
  VpcConfig,
  WorkspaceConfig,
} from "./config";
export {
  MAX_WAIT_ENV,
  StreamingEndpointAssociation,
  StreamingEndpointAssociationProvider,
} from "./providers/streamingEndpointAssociation";
export type {
  AssociationOutputs,
  StreamingEndpointAssociationArgs,
} from "./providers/streamingEndpointAssociation";
export { OUTPUTS, outputsOf, stackOutputs } from "./outputs";
export type { OutputName } from "./outputs";
export {
  ASSOCIATION_TYPE,
  DIRECTORY_ID_PATTERN,
  STREAMING_PORTS,
  VPC_ENDPOINT_ID_PATTERN,
  privateLinkHostname,
  streamingServiceName,
} from "./policy/facts";
export type { EndpointFacts, PortSpec } from "./policy/facts";
export { DEFAULTS } from "./ground/defaults";
