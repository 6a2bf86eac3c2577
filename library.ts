/**
 * workspaces-privatelink as a library, for a Pulumi program of your own (TypeScript): the
 * WorkspacesStreaming component and its arguments, `checkSetupInAws` for the preflight alone, the
 * StreamingEndpointAssociation on its own, the outputs contract, and the facts AWS imposes that a
 * program or a policy of yours may need. This project's own stack program is index.ts (Pulumi.yaml
 * names it), not this module. Every type here is the library's own: no dependency's types (zod's
 * or any other) are part of its declarations.
 *
 * A TypeScript library only: the association is a dynamic provider, which the engine runs for
 * Node.js programs alone (pulumi/pulumi#5455), so a multi-language component package could not
 * carry it.
 */
export { WORKSPACES_STREAMING_TYPE, WorkspacesStreaming } from "./components/workspacesStreaming";
export type {
  ClientArgs,
  ClientNetworkArgs,
  CommonArgs,
  CredentialsArgs,
  ExistingDirectoryArgs,
  ExistingEndpointArgs,
  ExistingNetworkArgs,
  LabArgs,
  LabDirectoryArgs,
  LabEndpointArgs,
  MonitoringArgs,
  Naming,
  SignInLogArgs,
  StreamedDirectoryArgs,
  SubnetsEndpointArgs,
  VpcArgs,
  WorkspaceArgs,
  WorkspacesStreamingArgs,
} from "./components/workspacesStreamingArgs";
export { checkSetupInAws, lookUpStreamingService } from "./components/preflight";
export type { SetupInAws } from "./components/preflight";
export type { FoundEndpoint, FoundNetwork } from "./components/existingNetwork";
export { ArgumentsError } from "./components/argumentChecks";
export type { ArgumentProblem } from "./components/argumentChecks";
export {
  MAX_WAIT_ENV,
  StreamingEndpointAssociation,
  StreamingEndpointAssociationProvider,
} from "./providers/streamingEndpointAssociation";
export type {
  AssociationOutputs,
  AssumeRole,
  PreviewRead,
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
