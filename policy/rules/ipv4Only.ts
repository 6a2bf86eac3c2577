import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { readServiceName } from "../facts";
import { label } from "../streaming";

/** Rule 1. What one endpoint resource shows: its address and DNS record types. */
export const ipv4Only: ResourceValidationPolicy = {
  name: "workspaces-streaming-ipv4-only",
  description:
    "WorkSpaces streaming over PrivateLink is IPv4 only: a highlander endpoint must not be dualstack or IPv6.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ec2.VpcEndpoint, (endpoint, args, reportViolation) => {
    if (!readServiceName(String(endpoint.serviceName)).highlander) {
      return;
    }
    // Unset means AWS's default, IPv4, for the IPv4 subnets a streaming endpoint lives in. An
    // IPv4 endpoint's "service-defined" records are IPv4 records: it has no IPv6 address.
    const ipv4 = endpoint.ipAddressType === undefined || endpoint.ipAddressType === "ipv4";
    const records = endpoint.dnsOptions?.dnsRecordIpType;
    const found = [
      ["ipAddressType", ipv4 ? undefined : endpoint.ipAddressType],
      ["dnsOptions.dnsRecordIpType", records === "service-defined" && ipv4 ? undefined : records],
    ].filter(([, value]) => value !== undefined && value !== "ipv4");
    for (const [property, value] of found) {
      reportViolation(
        `${label(args)} has ${property} "${value}"; WorkSpaces streaming is IPv4 only: set ipAddressType "ipv4" and dnsOptions.dnsRecordIpType "ipv4".`,
      );
    }
  }),
};
