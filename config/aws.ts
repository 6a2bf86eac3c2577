/**
 * What the configuration can only learn from AWS, asked before any resource is registered: in a
 * lab, whether EC2 offers the Windows client's instance type in the zone it will run in (a type AWS
 * does not offer, `t3.mediun` or `x9.large`, would otherwise fail at the instance's create, after
 * both VPCs, the NAT and the directory exist); in an existing network, everything it names
 * (config/existing.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem, editDistance, keyPath } from "./problems";
import { lookUpStreamingService } from "../components/streamingEndpoint";
import { FoundNetwork, lookUpExistingNetwork } from "./existing";
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

/** What the WorkspacesStreaming component needs from AWS besides the setup: spread it into its args. */
export interface FoundInAws {
  readonly serviceName: string;
  /** `network: existing`: what the lookups found. */
  readonly found?: FoundNetwork;
}

/**
 * Asks AWS what the configuration cannot know (one read per thing it names) and fails the program,
 * before any resource, with every problem's key, value and fix: first the region's streaming
 * service (`lookUpStreamingService`). Returns what the component builds on.
 */
export async function checkStackConfigInAws(config: StreamingSetup): Promise<FoundInAws> {
  const service = await lookUpStreamingService(config.region);
  try {
    if (config.network === "existing") {
      return {
        serviceName: service.serviceName,
        found: await lookUpExistingNetwork(config, service.availabilityZones),
      };
    }
    await checkInstanceType(config);
    return { serviceName: service.serviceName };
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new pulumi.RunError(error.message);
    }
    throw error;
  }
}

/** Whether EC2 offers the lab client's instance type in its zone (one read; none without a client). */
async function checkInstanceType(config: Extract<StreamingSetup, { network: "lab" }>): Promise<void> {
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
    throw new ConfigError([problem]);
  }
}
