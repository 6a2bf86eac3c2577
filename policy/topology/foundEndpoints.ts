/**
 * What is known of an endpoint an association streams through that the stack does not make (an
 * endpoint you have): what the association observed, what the program read from EC2 during this
 * preview (its `endpointFacts` input), or nothing yet.
 */
import { PolicyResource } from "@pulumi/policy";
import { EndpointFacts, EndpointFactsInput } from "../facts";
import { label, tryRead } from "../values";

/** What is known of such an endpoint, and how. */
export type FoundEndpointFacts =
  { readonly known: EndpointFacts; readonly source: string } | { readonly unknown: string };

/** The association's observed outputs that describe its endpoint, by the fact each is. */
export const OBSERVED_ENDPOINT: Readonly<Record<Exclude<keyof EndpointFacts, "vpcEndpointId">, string>> = {
  serviceName: "vpcEndpointServiceName",
  vpcEndpointType: "vpcEndpointType",
  ipAddressType: "vpcEndpointIpAddressType",
  dnsRecordIpType: "vpcEndpointDnsRecordIpType",
  privateDnsEnabled: "vpcEndpointPrivateDnsEnabled",
  state: "vpcEndpointState",
};

/**
 * The facts of the endpoint of an association whose endpoint is not in the stack, from the first
 * source that has them all: the association's observations (after a create, update or refresh),
 * then its `endpointFacts` input (read during preview).
 */
export function readEndpointFacts(association: PolicyResource): FoundEndpointFacts {
  const id = tryRead(() => association.props.vpcEndpointId);
  const vpcEndpointId = typeof id === "string" && id !== "" ? id : "(unknown yet)";
  const observed: Record<string, unknown> = { vpcEndpointId };
  for (const [fact, output] of Object.entries(OBSERVED_ENDPOINT)) {
    observed[fact] = tryRead(() => association.props[output]);
  }
  if (Object.values(observed).every((v) => v !== undefined && v !== null)) {
    return { known: observed as unknown as EndpointFacts, source: "observed by the association" };
  }
  const input = tryRead(() => association.props.endpointFacts) as EndpointFactsInput | undefined;
  if (input && typeof input === "object") {
    if ("unknown" in input) {
      return { unknown: input.unknown };
    }
    return { known: input, source: input.source };
  }
  return {
    unknown: `${label(association)} streams through ${vpcEndpointId}, which this stack does not manage; its settings are known only to AWS (pulumi preview with credentials reads them)`,
  };
}
