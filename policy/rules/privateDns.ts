import { PolicyResource } from "@pulumi/policy";
import { HIGHLANDER } from "../facts";
import { label, streamingPolicy, tryRead } from "../streaming";

function regionOf(endpoint: PolicyResource): string | undefined {
  const match = HIGHLANDER.exec(
    String(tryRead(() => endpoint.props.serviceName))
      .trim()
      .toLowerCase(),
  );
  return match?.[1];
}

/** Rule 5. The endpoint, and whether the stack runs its own zone for the name. */
export const privateDns = streamingPolicy({
  name: "workspaces-streaming-private-dns",
  description:
    "Clients reach the streaming endpoint by the name the broker hands out, which resolves to the endpoint only with private DNS on (or a private hosted zone of your own for the name).",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    for (const endpoint of t.endpoints.keys()) {
      if (endpoint.props.privateDnsEnabled === true || t.zonesAnswering(regionOf(endpoint)).length > 0) {
        continue;
      }
      reportViolation(
        `${label(endpoint)} has privateDnsEnabled ${JSON.stringify(endpoint.props.privateDnsEnabled ?? "unset (false)")}; set privateDnsEnabled: true, so that privatelink.prod.<region>.highlander.aws.a2z.com resolves to the endpoint (the VPC also needs DNS support and DNS hostnames), or run a private hosted zone of your own for that name.`,
        endpoint.urn,
      );
    }
  },
});

/** Rule 5, the deliberate case (advisory: AWS advises it for web proxy users). */
export const ownDns = streamingPolicy({
  name: "workspaces-streaming-own-dns",
  description:
    "With a streaming endpoint's private DNS off, only a private hosted zone of your own makes the streaming name resolve to it.",
  enforcementLevel: "advisory",
  validate: (t, reportViolation) => {
    for (const endpoint of t.endpoints.keys()) {
      const zones = t.zonesAnswering(regionOf(endpoint));
      if (endpoint.props.privateDnsEnabled !== true && zones.length > 0) {
        reportViolation(
          `${label(endpoint)} has private DNS off and ${zones.map(label).join(", ")} answers the streaming name instead (AWS advises this for clients behind a web proxy): keep its records on the endpoint's addresses, associate it with every VPC whose clients stream, and do not let the proxy cache the name.`,
          endpoint.urn,
        );
      }
    }
  },
});
