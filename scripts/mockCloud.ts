/**
 * The stand-in cloud (testing/) for running this project's stack program without one: an account
 * that has what a stack's configuration names (its VPC and subnets, each subnet in a zone of its
 * own, in the order given) and finds any other ID, so the offline policy check can run a stack
 * whose IDs are placeholders. Used through `pulumi.runtime.setMocks` by the offline policy check
 * (scripts/runStack.ts) and by the tests.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  type AccountDescription,
  DEFAULT_ACCOUNT,
  DEFAULT_BUNDLE_ID,
  DEFAULT_REGION,
  OFFERED_INSTANCE_TYPES,
  answerLookup,
  defaultServiceZones,
} from "../testing/cloud";
import { computedOutputs, newId } from "../testing/resources";

export { invokeError } from "../testing/cloud";
export { CLEAN_OBSERVATION, ID_PREFIX } from "../testing/resources";

/** The account the mocks' ARNs are in, and the region they answer for unless a stack says otherwise. */
export const MOCK_ACCOUNT = DEFAULT_ACCOUNT;
export const MOCK_REGION = DEFAULT_REGION;
/** The instance types the mocks say EC2 offers in every zone. */
export const MOCK_OFFERED_INSTANCE_TYPES = OFFERED_INSTANCE_TYPES;
/** The Amazon bundle the mocks answer a look-up by name with (a Standard DCV bundle). */
export const MOCK_DEFAULT_BUNDLE_ID = DEFAULT_BUNDLE_ID;
/** The zones the mocks say a region offers the streaming service in (`<region>a`, `c`, `d`). */
export const mockServiceZones = defaultServiceZones;
/** The VPC an endpoint the mocks are asked about lives in (one the configuration does not name). */
export const MOCK_ENDPOINT_VPC = "vpc-0e0e0e0e0e0e0e0e0";
/** The first two octets of the addresses the mocks give the endpoint's network interfaces. */
export const MOCK_ENDPOINT_IP_PREFIX = "10.0";

export const fakeId = newId;

/** The computed properties AWS would fill in, for the types whose outputs the program reads. */
export function computedState(
  type: string,
  id: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  return computedOutputs(type, id, inputs);
}

/** The account a stack's configuration describes: its VPC and subnets; any other ID is found too. */
export function accountOf(config: Readonly<Record<string, string>>): AccountDescription {
  let endpoint: Record<string, unknown> = {};
  try {
    endpoint = (JSON.parse(config["workspaces-privatelink:streamingEndpoint"] ?? "{}") ?? {}) as Record<
      string,
      unknown
    >;
  } catch {
    // not JSON: the configuration's own check says so
  }
  const vpcId = typeof endpoint.vpcId === "string" ? endpoint.vpcId : undefined;
  const subnetIds = Array.isArray(endpoint.subnetIds) ? (endpoint.subnetIds as string[]) : [];
  return {
    region: config["aws:region"] ?? DEFAULT_REGION,
    vpcs: vpcId ? [{ id: vpcId }] : [],
    subnets: subnetIds.map((id) => ({ id, vpcId: vpcId ?? MOCK_ENDPOINT_VPC })),
    anyId: true,
  };
}

/** Answers a lookup for `account`; a call the stand-in does not know throws, naming it. */
function answer(account: AccountDescription, args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  const found = answerLookup(account, { token: args.token, inputs: args.inputs, provider: args.provider });
  if (found === undefined) {
    throw new Error(
      `mockProgram: the program made an invoke the mocks do not know: ${args.token} ${JSON.stringify(args.inputs)}`,
    );
  }
  return found;
}

/** The stand-in cloud's invokes for a stack with this configuration. */
export function mockCloud(
  config: Readonly<Record<string, string>>,
): (args: pulumi.runtime.MockCallArgs) => Record<string, unknown> {
  const account = accountOf(config);
  return (args) => answer(account, args);
}

/** The stand-in cloud's invokes for a stack that names nothing of its own (any ID is found). */
export function defaultCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  return answer({ anyId: true }, args);
}
