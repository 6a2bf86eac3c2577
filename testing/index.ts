/**
 * `workspaces-privatelink/testing`: unit tests of a program of yours that uses WorkspacesStreaming,
 * under Pulumi's mocks, with nothing else to write. Describe the account in a few lines (your VPC,
 * subnets, route tables or endpoint, your directories, other accounts by provider name); the mocks
 * answer every lookup the component makes from that, give every resource an ID in AWS's format and
 * the outputs the component reads back, and fail, naming it, on a call they do not know.
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { streamingMocks } from "workspaces-privatelink/testing";
 *
 * const mocks = streamingMocks({
 *   vpcs: [{ id: "vpc-0a1b2c3d4e5f60718" }],
 *   subnets: [
 *     { id: "subnet-0aaa1111bbbb22223", vpcId: "vpc-0a1b2c3d4e5f60718" },
 *     { id: "subnet-0ccc3333dddd44445", vpcId: "vpc-0a1b2c3d4e5f60718" },
 *   ],
 * });
 * pulumi.runtime.setMocks(mocks, "my-project", "test");
 * ```
 */
import type * as pulumi from "@pulumi/pulumi";
import { type AccountDescription, type Lookup, type VpcDescription, answerLookup, placeOf } from "./cloud";
import { computedOutputs, newId } from "./resources";

export type {
  AccountDescription,
  EndpointDescription,
  Lookup,
  RouteTableDescription,
  SubnetDescription,
  VpcDescription,
} from "./cloud";
export { CLEAN_OBSERVATION } from "./resources";

/** Mocks for `pulumi.runtime.setMocks`, and what the program asked of them. */
export interface StreamingMocks extends pulumi.runtime.Mocks {
  /** Every lookup the program made, in order, with the provider it went to. */
  readonly lookups: Lookup[];
}

/** A StackReference's outputs, as the account describes the stack it names. */
function stackReference(
  account: AccountDescription,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const name = String(inputs.name);
  const outputs = account.stackOutputs?.[name];
  if (outputs === undefined) {
    throw new Error(
      `workspaces-privatelink/testing: the program reads stack ${name} (a StackReference) the account does not describe; add stackOutputs: { ${JSON.stringify(name)}: { ... } }`,
    );
  }
  return { outputs, secretOutputNames: [] };
}

/**
 * Mocks that answer for `account` (every field has a default: the account `123456789012` in
 * `ap-northeast-1`). A lookup of an ID the account does not describe is not found, as AWS answers
 * (unless `anyId`); a call the mocks do not know fails, naming it.
 */
export function streamingMocks(account: AccountDescription = {}): StreamingMocks {
  let serial = 0;
  const lookups: Lookup[] = [];
  // A VPC the program makes is the account's too: a lookup of it finds it, as it has been made.
  const made: VpcDescription[] = [];
  return {
    lookups,
    newResource(args) {
      if (args.type === "pulumi:pulumi:StackReference") {
        return {
          id: String(args.inputs.name),
          state: { ...args.inputs, ...stackReference(account, args.inputs) },
        };
      }
      const id = args.id || newId(args.type, ++serial);
      const place = placeOf(account, args.provider);
      if (args.type === "aws:ec2/vpc:Vpc") {
        made.push({
          id,
          cidrBlock: args.inputs.cidrBlock,
          enableDnsSupport: args.inputs.enableDnsSupport ?? true,
          enableDnsHostnames: args.inputs.enableDnsHostnames ?? false,
          ownerId: place.accountId,
        });
      }
      return { id, state: { ...args.inputs, ...computedOutputs(args.type, id, args.inputs, place) } };
    },
    call(args) {
      const lookup = {
        token: args.token,
        inputs: args.inputs as Record<string, unknown>,
        provider: args.provider,
      };
      lookups.push(lookup);
      const answer = answerLookup({ ...account, vpcs: [...(account.vpcs ?? []), ...made] }, lookup);
      if (answer === undefined) {
        throw new Error(
          `workspaces-privatelink/testing: the program made a call these mocks do not know: ${args.token}(${JSON.stringify(args.inputs)}); answer it in mocks of your own, around these (their call(args) first)`,
        );
      }
      return answer;
    },
  };
}
