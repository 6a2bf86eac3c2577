/**
 * WorkSpaces Personal streaming over AWS PrivateLink: the wiring. Reads the validated stack
 * configuration, makes sure the region offers the streaming service (and the client's instance
 * type), builds the components and
 * returns the outputs other stacks read. An async program: Pulumi awaits it, and nothing is
 * registered before the configuration and the service are known to be good.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkStackConfigInAws, loadStackConfig } from "./config";
import { ClientAccess } from "./components/clientAccess";
import { Monitoring, monitoringName } from "./components/monitoring";
import { NatInstance } from "./components/natInstance";
import { SourceNetwork } from "./components/sourceNetwork";
import { StreamingEndpoint, lookUpStreamingService } from "./components/streamingEndpoint";
import {
  associationFacts,
  directoryIdsOutput,
  streamDirectories,
  streamingAssociationsOutput,
} from "./components/streamedDirectories";
import { SignInLog, signInLogGroupName } from "./components/signInLog";
import { UserWorkspaces } from "./components/userWorkspaces";
import { CUTOVER_DAYS } from "./cutover/report";
import { WindowsClient } from "./components/windowsClient";
import { WorkspacesNetwork } from "./components/workspacesNetwork";
import { stackOutputs } from "./outputs";

export = async () => {
  const config = loadStackConfig();
  const service = await lookUpStreamingService(config.region);
  await checkStackConfigInAws(config);
  config.warnings.forEach((warning) => pulumi.log.warn(warning));

  const source = new SourceNetwork("source", config.sourceVpc);
  const nat = new NatInstance("nat", {
    vpcId: source.vpcId,
    subnetId: source.publicSubnetId,
    allowedSourceCidrs: source.privateSubnetCidrs,
    routeTableIds: [source.privateRouteTableId],
    internetAccess: config.internetAccess,
  });
  // The stack's first directory: the lab's, the one existing directory, or the first listed.
  const first = config.streamedDirectories[0];
  const workspaces = new WorkspacesNetwork("workspaces", {
    ...config.workspacesVpc,
    directory: config.directory ?? { mode: "existing", directoryId: first.directoryId! },
  });

  const endpointNetwork = config.streamingEndpoint.vpc === "source" ? source : workspaces;
  const streaming = new StreamingEndpoint("streaming", {
    vpcId: endpointNetwork.vpcId,
    subnetIds: endpointNetwork.privateSubnetIds,
    allowedCidrs: config.streamingEndpoint.allowedCidrs,
    region: config.region,
    serviceName: service.serviceName,
  });

  // Launched once the directory is registered (directoryId is the registration's output).
  const userWorkspaces = new UserWorkspaces("lab", {
    directoryId: workspaces.directoryId,
    workspaces: config.workspaces,
  });

  // Clients outside the endpoint's VPC: DNS forwarding target and routing back to them.
  const clientAccess = new ClientAccess("clients", {
    vpcId: endpointNetwork.vpcId,
    subnetIds: endpointNetwork.privateSubnetIds,
    routeTableIds: [endpointNetwork.privateRouteTableId],
    localCidrs: [endpointNetwork.cidr],
    clientCidrs: config.streamingEndpoint.allowedCidrs,
    dnsResolver: config.clientNetwork.dnsResolver,
    transitGatewayId: config.clientNetwork.transitGatewayId,
  });

  // Every WorkSpaces sign-in, with the client's address: who a cut-over would cut off.
  const logGroupName = signInLogGroupName(pulumi.getProject(), pulumi.getStack());
  const signInLog = config.signInLog.enabled
    ? new SignInLog("sign-ins", { logGroupName, retentionDays: config.signInLog.retentionDays })
    : undefined;
  const routedCidrs = [...config.streamingEndpoint.allowedCidrs, ...config.signInLog.egressCidrs];

  // One association per directory switched on, all on the one endpoint. The first waits for the
  // WorkSpaces the stack launches in it, so that its PCoIP count and warning include them.
  const directories = config.streamedDirectories.map((d, i) => ({
    ...d,
    directoryId: d.directoryId ?? workspaces.directoryId,
    knownId: d.directoryId,
    dependsOn: i === 0 ? [userWorkspaces] : [],
  }));
  const streams = streamDirectories({
    directories,
    firstName: config.directory ? "kept" : "by-id",
    vpcEndpointId: streaming.endpointId,
    region: config.region,
    profile: config.awsProfile,
    signIns: config.signInLog.enabled ? { logGroupName, routedCidrs, days: CUTOVER_DAYS } : undefined,
  });
  const association = streams[0].association;

  // The dashboard and alarms: the endpoint, each directory's sessions, the sign-in path.
  const monitoring = config.monitoring.enabled
    ? new Monitoring("monitoring", {
        name: monitoringName(pulumi.getProject(), pulumi.getStack()),
        region: config.region,
        endpointId: streaming.endpointId,
        endpointVpcId: endpointNetwork.vpcId,
        serviceName: streaming.serviceName,
        // The lab's directory ID is AWS's to give: its alarm is named "lab".
        directories: directories.map((d) => ({ key: d.knownId ?? "lab", directoryId: d.directoryId })),
        natInstanceId: nat.instanceId,
        signInLogGroupName: signInLog?.logGroupName,
        routedCidrs,
        connectionFailureRatio: config.monitoring.connectionFailureRatio,
        alarmEmail: config.monitoring.alarmEmail,
      })
    : undefined;

  const client = config.client.enabled
    ? new WindowsClient("client", {
        vpcId: source.vpcId,
        subnetId: source.privateSubnetIds[0],
        streamingCidrs: [endpointNetwork.cidr],
        instanceType: config.client.instanceType,
        keyName: config.client.keyName,
        internetPath: [nat],
      })
    : undefined;

  // The contract other projects read (outputs.ts says what each means). Outputs that do not
  // apply to this stack (no resolver, no client...) are left out.
  return stackOutputs({
    region: config.region,
    sourceVpcId: source.vpcId,
    workspacesVpcId: workspaces.vpcId,
    streamingEndpointId: streaming.endpointId,
    streamingEndpointServiceName: streaming.serviceName,
    streamingEndpointDnsNames: streaming.dnsNames,
    streamingEndpointSecurityGroupId: streaming.securityGroupId,
    privateLinkHostname: streaming.privateLinkHostname,
    streamingEndpointIps: streaming.endpointIps,
    dnsForwardDomains: streaming.dnsForwardDomains,
    dnsResolverIps: clientAccess.dnsResolverIps,
    streamingRouteTableIds: [endpointNetwork.privateRouteTableId],
    transitGatewayAttachmentId: clientAccess.transitGatewayAttachmentId,
    directoryId: streams[0].directoryId,
    directoryIds: directoryIdsOutput(streams),
    registrationCode: workspaces.registrationCode,
    workspaceIds: userWorkspaces.workspaceIds,
    allowPcoipOverInternet: association?.allowPcoipOverInternet ?? first.allowPcoipOverInternet,
    internetAccess: config.internetAccess,
    natInstanceId: nat.instanceId,
    clientInstanceId: client?.instanceId,
    instanceConnectEndpointId: client?.instanceConnectEndpointId,
    clientKeyName: client?.keyName,
    clientPrivateKeyPem: client?.privateKeyPem,
    streamingAssociation: association && associationFacts(association),
    streamingAssociations: streamingAssociationsOutput(streams),
    signInLogGroupName: signInLog?.logGroupName,
    streamingClientCidrs: config.streamingEndpoint.allowedCidrs,
    signInEgressCidrs: config.signInLog.egressCidrs,
    dashboardName: monitoring?.dashboardName,
    alarmTopicArn: monitoring?.alarmTopicArn,
  });
};
