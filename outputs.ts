/**
 * The stack outputs: the contract other projects read through StackReferences. Each output's
 * meaning is written here once; the README's outputs table is generated from it (`npm run docs`)
 * and the tests keep it equal to what the program exports.
 */
import * as pulumi from "@pulumi/pulumi";

/** Every output the program may export, in the README's order, with what it means. */
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
    "The endpoint VPC's route table(s), to add routes to your clients from another project (`network: existing`: `clientNetwork.routeTableIds`, possibly none).",
  transitGatewayAttachmentId:
    "The transit gateway attachment; absent without `clientNetwork.transitGatewayId`.",
  directoryId:
    "The stack's first directory (`d-...`): the lab's, the one existing directory, or the first of `directories`.",
  directoryIds:
    "Every directory the stack streams or is ready to stream, in order: the lab's (or the one existing directory) first, then `directories`.",
  registrationCode:
    "The registered directory's registration code, what the WorkSpaces client asks for first (lab: from the registration; `directory.mode: existing`: read from WorkSpaces); absent with `network: existing`.",
  workspaceIds:
    "User name -> WorkSpace ID (`ws-...`), `{}` when `workspaces` is empty; absent with `network: existing`.",
  allowPcoipOverInternet: "Whether PCoIP WorkSpaces may still stream over the internet.",
  internetAccess: "`https-only` or `none`: the NAT's mode; absent with `network: existing`.",
  natInstanceId: "The NAT instance; absent with `network: existing`.",
  clientInstanceId: "The Windows client; absent when `client.enabled` is `false`.",
  instanceConnectEndpointId: "The client's EC2 Instance Connect Endpoint; absent without a client.",
  clientKeyName: "The key pair of the Windows client; absent without a client.",
  clientPrivateKeyPem:
    "(secret) The private key of the key pair made for the client; absent when you gave `client.keyName` or have no client. `pulumi stack output --show-secrets clientPrivateKeyPem` decrypts the client's Administrator password.",
  streamingAssociation:
    "The first directory's association; absent while its `associate` is `false`. What it observed on the directory: `directoryState`, `workspaceType`, `endpointEncryptionMode`, `globalAcceleratorMode`, `ipGroupIds`, `pcoipWorkspaceCount`, `globalAcceleratorWorkspaceCount`, `warnings`; and on its endpoint: `vpcEndpointServiceName`, `vpcEndpointType`, `vpcEndpointIpAddressType`, `vpcEndpointDnsRecordIpType`, `vpcEndpointPrivateDnsEnabled`, `vpcEndpointState`. `npm run policy:check -- --observed` decides the directory rules (and an endpoint you have) from it.",
  streamingAssociations:
    "Directory ID -> `{ associated, allowPcoipOverInternet }` for every directory of `directoryIds`, and, where its association exists, the same observations as `streamingAssociation`.",
  signInLogGroupName:
    "The CloudWatch Logs group that holds every WorkSpaces sign-in (`WorkSpaces Access` events), for `npm run cutover`; absent when `signInLog.enabled` is `false`.",
  streamingClientCidrs:
    "The client ranges the endpoint admits, normalised (`streamingEndpoint.allowedCidrs`): the routed ranges a cut-over report compares sign-in addresses with; absent with an endpoint you have (`vpcEndpointId`).",
  signInEgressCidrs:
    "The public addresses the routed networks sign in from (`signInLog.egressCidrs`): a cut-over report counts sign-ins from there as routed, too.",
  dashboardName:
    'The CloudWatch dashboard `workspaces-privatelink-<stack>` (see "Watch it"); absent when `monitoring.enabled` is `false`.',
  alarmTopicArn:
    "The SNS topic every alarm notifies (encrypted with a key of the stack's that CloudWatch may use); subscribe more to it. Absent when `monitoring.enabled` is `false`.",
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

/** The README's outputs table, as Markdown (prettier formats it). */
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
