/**
 * The stack outputs: the contract other projects read through StackReferences. Each output's
 * meaning is written here once; the outputs table in docs/reference.md is generated from it (`npm run docs`)
 * and the tests keep it equal to what the program exports.
 */
import * as pulumi from "@pulumi/pulumi";

/** Every output the program may export, in the reference's order, with what it means. */
export const OUTPUTS = {
  region: "The region.",
  sourceVpcId: "The lab's source VPC; absent with `network: existing`.",
  workspacesVpcId: "The lab's WorkSpaces VPC; absent with `network: existing`.",
  streamingEndpointId: "The interface endpoint (`vpce-...`).",
  streamingEndpointServiceName: "`com.amazonaws.<region>.highlander`.",
  streamingEndpointDnsNames: "The endpoint's DNS names.",
  streamingEndpointSecurityGroupId:
    "The endpoint's security group, to add client ranges from another stack (an endpoint you have: its first group).",
  privateLinkHostname:
    "`privatelink.prod.<region>.highlander.aws.a2z.com`: the name clients are sent to; inside the VPC it resolves to the endpoint.",
  streamingEndpointIps:
    "The private IPv4 addresses of the endpoint's network interfaces: what the streaming names must resolve to.",
  dnsForwardDomains: "The names on-premises DNS must forward (conditional forwarders) to `dnsResolverIps`.",
  dnsResolverIps:
    "The Route 53 Resolver inbound endpoint's IPs; absent when `clientNetwork.dnsResolver` is off.",
  streamingRouteTableIds:
    "The endpoint VPC's route tables, for routes to your clients from another project (`existing`: `clientNetwork.routeTableIds`).",
  transitGatewayAttachmentId:
    "The transit gateway attachment; absent without `clientNetwork.transitGatewayId`.",
  directoryId:
    "The stack's first directory (`d-...`): the lab's, the one existing directory, or the first of `directories`.",
  directoryIds:
    "Every directory the stack streams or is ready to stream: the lab's (or the one existing directory) first, then `directories`.",
  registrationCode:
    "(secret) What the WorkSpaces client asks for first: the registered directory's registration code; absent with `network: existing`.",
  workspaceIds:
    "User name -> WorkSpace ID (`ws-...`), `{}` when `workspaces` is empty; absent with `network: existing`.",
  allowPcoipOverInternet: "Whether PCoIP WorkSpaces may still stream over the internet.",
  internetAccess: "`https-only` or `none`: the NAT's mode; absent with `network: existing`.",
  natInstanceId: "The NAT instance; absent with `network: existing`.",
  clientInstanceId: "The Windows client; absent when `client.enabled` is `false`.",
  instanceConnectEndpointId: "The client's EC2 Instance Connect Endpoint; absent without a client.",
  clientKeyName: "The key pair of the Windows client; absent without a client.",
  clientPrivateKeyPem:
    "(secret) The private key made for the client; absent with `client.keyName` or without a client. See [Signing in](lab.md#signing-in-to-the-windows-client).",
  streamingAssociation:
    "The first directory's association and what it observed (directory and endpoint); absent while `associate` is `false`. See [details](#streamingassociation).",
  streamingAssociations:
    "Directory ID -> `{ associated, allowPcoipOverInternet }` for each of `directoryIds`, plus the observations of its association where it exists.",
  signInLogGroupName:
    "The CloudWatch Logs group of every WorkSpaces sign-in, for `npx workspaces-privatelink cutover`; absent when `signInLog.enabled` is `false`.",
  streamingClientCidrs:
    "The client ranges the endpoint admits, normalised: what the cut-over report counts as routed; absent with `vpcEndpointId`.",
  signInEgressCidrs:
    "The public addresses the routed networks sign in from (`signInLog.egressCidrs`): counted as routed, too.",
  dashboardName:
    "The CloudWatch dashboard `workspaces-privatelink-<stack>` ([Watch it](monitoring.md)); absent when `monitoring.enabled` is `false`.",
  alarmTopicArn:
    "The encrypted SNS topic every alarm notifies; subscribe more to it. Absent when `monitoring.enabled` is `false`.",
} as const;

export type OutputName = keyof typeof OUTPUTS;

/** Whatever holds every output of the contract by name (the WorkspacesStreaming component); undefined where one does not apply. */
export type OutputHolder = { readonly [K in OutputName]: unknown };

/** The contract's outputs, read off their holder by name, in the contract's order. */
export function outputsOf(holder: OutputHolder): Record<OutputName, unknown> {
  return Object.fromEntries(
    (Object.keys(OUTPUTS) as OutputName[]).map((name) => [name, holder[name]]),
  ) as Record<OutputName, unknown>;
}

/** The outputs table in docs/reference.md, as Markdown (prettier formats it). */
export function outputsTable(): string {
  return [
    "| output | meaning |",
    "| --- | --- |",
    ...Object.entries(OUTPUTS).map(([name, meaning]) => `| \`${name}\` | ${meaning} |`),
  ].join("\n");
}

/**
 * The stack's outputs, without those that do not apply: a plain `undefined` is left out at once;
 * an Output is left out when it resolves to undefined, which Pulumi would otherwise warn about on
 * every run ("Undefined value (...) will not show as a stack output"). During a preview values
 * may be unknown and Pulumi warns of none, so nothing is awaited then.
 */
export async function stackOutputs(
  outputs: Partial<Record<OutputName, unknown>>,
): Promise<Record<string, unknown>> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined) {
      continue;
    }
    if (!pulumi.runtime.isDryRun() && pulumi.Output.isInstance(value)) {
      const resolved = await new Promise((resolve) => (value as pulumi.Output<unknown>).apply(resolve));
      if (resolved === undefined) {
        continue;
      }
    }
    kept[name] = value; // the Output itself, so that a secret stays one
  }
  return kept;
}
