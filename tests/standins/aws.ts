/**
 * The local AWS the provider tests talk to: moto for EC2 (behind an overlay that can fake what moto
 * cannot), the WorkSpaces stand-in, and the environment that points the real AWS SDK at them
 * (AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_WORKSPACES, fake credentials). `stop` restores it all.
 */
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Ec2Overlay } from "./ec2Overlay";
import { MotoServer, motoMissing, skipReasonOrThrow, startMoto } from "./moto";
import { skipSuite } from "./skips";
import { StsStandIn } from "./sts";
import { WorkspacesStandIn } from "./workspaces";

export const REGION = "ap-northeast-1";

/** The access key ID of the credentials in the environment. */
export const ENV_ACCESS_KEY_ID = "AKIAIOSFODNN7STANDIN";

const ENV = {
  AWS_ACCESS_KEY_ID: ENV_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: "stand-in-secret-key-not-real-000000000000",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_MAX_ATTEMPTS: undefined,
  AWS_RETRY_MODE: undefined,
};

/** Sets (or, for undefined, removes) environment variables; returns what they were. */
function setEnv(values: Record<string, string | undefined>): Record<string, string | undefined> {
  const previous = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) {
      delete process.env[key];
    } else {
      process.env[key] = value;
    }
  }
  return previous;
}

/** Runs `fn` with these environment variables set, and puts the environment back after. */
export async function withEnv<T>(
  values: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved = setEnv(values);
  try {
    return await fn();
  } finally {
    setEnv(saved);
  }
}

export interface AwsStandIns {
  readonly workspaces: WorkspacesStandIn;
  /** STS: which account the credentials reach, and roles to assume. */
  readonly sts: StsStandIn;
  readonly ec2: Ec2Overlay;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Every AWS call since the last reset: WorkSpaces operations, EC2 actions and STS calls. */
  calls(): number;
  /** The access key IDs that signed WorkSpaces and EC2 requests since the last reset. */
  signers(): string[];
  resetCalls(): void;
  /** Creates a VPC endpoint in moto (with these tags) and returns its ID. */
  createEndpoint(
    service?: string,
    type?: "Interface" | "Gateway",
    tags?: Readonly<Record<string, string>>,
  ): Promise<string>;
  /** Deletes a VPC endpoint from moto. */
  deleteEndpoint(id: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * For a mocha `before` hook: starts the stand-ins, or prints why not and skips the suite (outside
 * CI; under CI a missing moto throws).
 */
export async function startAwsStandInsOrSkip(suite: Mocha.Context): Promise<AwsStandIns> {
  const started = await startAwsStandIns();
  if ("skip" in started) {
    skipSuite(suite, {
      reason: started.skip,
      packages: [],
      fix: "install moto for python3 (pip install 'moto[server]')",
    });
  }
  return started as AwsStandIns;
}

/** Starts everything, or returns why it cannot (a skip outside CI; under CI this throws). */
export async function startAwsStandIns(): Promise<AwsStandIns | { skip: string }> {
  const missing = motoMissing();
  if (missing) {
    return { skip: skipReasonOrThrow(missing) };
  }
  const moto: MotoServer = await startMoto();
  const ec2 = await new Ec2Overlay(moto.url).start();
  const workspaces = await new WorkspacesStandIn().start();
  const sts = await new StsStandIn().start();
  const env: Record<string, string | undefined> = {
    ...ENV,
    AWS_ENDPOINT_URL_EC2: ec2.url,
    AWS_ENDPOINT_URL_WORKSPACES: workspaces.url,
    AWS_ENDPOINT_URL_STS: sts.url,
  };
  const saved = setEnv(env);

  const client = new EC2Client({ region: REGION, endpoint: moto.url });
  const vpc = await client.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  const subnet = await client.send(
    new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId, CidrBlock: "10.0.16.0/20" }),
  );
  return {
    workspaces,
    sts,
    ec2,
    env,
    calls: () => workspaces.count() + ec2.actions.length + sts.count(),
    signers: () => [...new Set([...workspaces.signers, ...ec2.signers])].sort(),
    resetCalls() {
      workspaces.resetCounters();
      sts.reset();
      ec2.actions.length = 0;
      ec2.signers.clear();
    },
    async createEndpoint(service = "highlander", type = "Interface", tags = {}) {
      const out = await client.send(
        new CreateVpcEndpointCommand({
          VpcId: vpc.Vpc!.VpcId,
          ServiceName: `com.amazonaws.${REGION}.${service}`,
          VpcEndpointType: type,
          ...(type === "Interface" ? { SubnetIds: [subnet.Subnet!.SubnetId!], PrivateDnsEnabled: true } : {}),
          ...(Object.keys(tags).length > 0
            ? {
                TagSpecifications: [
                  {
                    ResourceType: "vpc-endpoint",
                    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
                  },
                ],
              }
            : {}),
        }),
      );
      return out.VpcEndpoint!.VpcEndpointId!;
    },
    async deleteEndpoint(id) {
      await client.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id] }));
    },
    async stop() {
      client.destroy();
      setEnv(saved);
      await workspaces.stop();
      await sts.stop();
      await ec2.stop();
      await moto.stop();
    },
  };
}

/**
 * A named profile in a shared credentials file of its own, with keys unlike the environment's:
 * what `aws:profile` names. Returns the variables that point the SDK at it, and its key ID.
 */
export function writeProfile(name: string): {
  env: Record<string, string | undefined>;
  accessKeyId: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-profile-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const accessKeyId = "AKIAIOSFODNN7PROFILE";
  const credentials = path.join(dir, "credentials");
  fs.writeFileSync(
    credentials,
    `[${name}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = profile-secret-key-not-real-0000000000\n`,
  );
  const config = path.join(dir, "config");
  fs.writeFileSync(config, "");
  // The profile's credentials alone: with the environment's keys set too, the SDK warns ("Multiple
  // credential sources detected") and follows the profile anyway.
  return {
    env: {
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_CONFIG_FILE: config,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
    },
    accessKeyId,
  };
}
