/**
 * What the configuration can only learn from AWS, asked before any resource is registered: whether
 * EC2 offers the Windows client's instance type in the zone it will run in. A type AWS does not
 * offer (`t3.mediun`, `x9.large`) would otherwise fail at the instance's create, after both VPCs,
 * the NAT and the directory exist.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem, editDistance, keyPath } from "./problems";
import type { StreamingSetup } from "./types";

/** The offered type nearest a mistyped one: same family letter, at most two edits away. */
export function nearestInstanceType(wanted: string, offered: readonly string[]): string | undefined {
  const candidates = offered
    .filter((type) => type[0] === wanted[0])
    .map((type) => ({ type, d: editDistance(wanted, type) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d || a.type.localeCompare(b.type));
  return candidates[0]?.type;
}

/** The problem with the client's instance type, given what EC2 offers in its zone. */
export function instanceTypeProblem(
  instanceType: string,
  zone: string,
  region: string,
  offered: readonly string[],
): ConfigProblem | undefined {
  if (offered.includes(instanceType)) {
    return undefined;
  }
  const guess = nearestInstanceType(instanceType, offered);
  return {
    key: keyPath("client", ["instanceType"]),
    message:
      `${JSON.stringify(instanceType)} is not offered by EC2 in ${zone} (${region}), where the client runs` +
      (guess ? ` (did you mean ${JSON.stringify(guess)}?)` : "") +
      `; aws ec2 describe-instance-type-offerings --region ${region} --location-type availability-zone-id --filters Name=location,Values=${zone} lists what is`,
  };
}

/**
 * Asks EC2 what the client's zone offers (one read) and fails the program, before any resource,
 * with the key, the value and the fix when it does not offer the client's type.
 */
export async function checkStackConfigInAws(config: StreamingSetup): Promise<void> {
  if (!config.client.enabled) {
    return;
  }
  // The client runs in the source VPC's first private subnet, in its first AZ ID.
  const zone = config.sourceVpc.availabilityZoneIds[0];
  const offerings = await aws.ec2.getInstanceTypeOfferings({
    locationType: "availability-zone-id",
    filters: [{ name: "location", values: [zone] }],
  });
  const problem = instanceTypeProblem(
    config.client.instanceType,
    zone,
    config.region,
    offerings.instanceTypes,
  );
  if (problem) {
    throw new pulumi.RunError(new ConfigError([problem]).message);
  }
}
