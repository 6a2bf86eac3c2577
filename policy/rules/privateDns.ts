import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { HIGHLANDER, label } from "../streaming";

/** Rule 5. What one endpoint resource shows. */
export const privateDns: ResourceValidationPolicy = {
  name: "workspaces-streaming-private-dns",
  description:
    "Clients reach the streaming endpoint by the name the broker hands out, which resolves to the endpoint only with private DNS on.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ec2.VpcEndpoint, (endpoint, args, reportViolation) => {
    if (HIGHLANDER.test(String(endpoint.serviceName)) && endpoint.privateDnsEnabled !== true) {
      reportViolation(
        `${label(args)} has privateDnsEnabled ${JSON.stringify(endpoint.privateDnsEnabled ?? "unset (false)")}; set privateDnsEnabled: true, so that privatelink.prod.<region>.highlander.aws.a2z.com resolves to the endpoint (the VPC also needs DNS support and DNS hostnames).`,
      );
    }
  }),
};
