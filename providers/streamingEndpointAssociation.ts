/**
 * StreamingEndpointAssociation: the one thing this project owns on a WorkSpaces directory it does
 * not own: which VPC endpoint streams for it (AccessEndpointConfig), and whether PCoIP may still
 * stream over the internet. Nothing else on the directory is ever written.
 *
 * The provider object is serialized into the stack's state and its old copy runs on refresh and
 * delete, so everything it needs is loaded inside its methods: the AWS SDK (with its default
 * credential chain and the AWS_ENDPOINT_URL_* variables), and no client, credential or config
 * value is held at module level. The emitted JavaScript has no comments (tsconfig removeComments),
 * which keeps the serialized text small.
 */
import type * as EC2 from "@aws-sdk/client-ec2";
import type * as WS from "@aws-sdk/client-workspaces";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ASSOCIATION_TYPE, type DirectoryFactsInput } from "../policy/facts";

/** What a program passes. */
export interface StreamingEndpointAssociationArgs {
  /** The WorkSpaces directory (`d-` and 10 hex digits), registered with WorkSpaces Personal. */
  readonly directoryId: pulumi.Input<string>;
  /** The interface endpoint for `com.amazonaws.<region>.highlander` (`vpce-...`). */
  readonly vpcEndpointId: pulumi.Input<string>;
  /** Whether PCoIP WorkSpaces may still stream over the internet. Defaults to `false`. */
  readonly allowPcoipOverInternet?: pulumi.Input<boolean>;
  /** Defaults to the stack's `aws:region`, then `AWS_REGION`. Kept in state for refresh and delete. */
  readonly region?: pulumi.Input<string>;
  /**
   * What is known of the directory before any write (read during preview), for the policy pack.
   * Never compared by `diff`, never written anywhere.
   */
  readonly directoryFacts?: pulumi.Input<DirectoryFactsInput>;
}

/** The inputs as the provider methods see them, after `check`: validated, defaults filled in. */
export interface AssociationInputs {
  readonly directoryId: string;
  readonly vpcEndpointId: string;
  readonly allowPcoipOverInternet: boolean;
  readonly region: string;
}

/** What was observed on the directory and the endpoint, next to the inputs. */
export interface AssociationOutputs extends AssociationInputs {
  readonly directoryState: string;
  readonly workspaceType: string;
  readonly endpointEncryptionMode: string;
  readonly globalAcceleratorMode: string;
  readonly ipGroupIds: string[];
  readonly vpcEndpointServiceName: string;
  readonly vpcEndpointState: string;
  /** WorkSpaces in the directory that stream with PCoIP (counted at create and update). */
  readonly pcoipWorkspaceCount: number;
  /** WorkSpaces in the directory with Global Accelerator explicitly on (counted at create and update). */
  readonly globalAcceleratorWorkspaceCount: number;
  /** The warnings of the last create or update. */
  readonly warnings: string[];
}

/** The outputs that are observations of the directory and endpoint, not inputs. */
export type AssociationObservation = Omit<AssociationOutputs, keyof AssociationInputs>;

/** Upper bounds of every wait, in milliseconds. */
export interface WaitLimits {
  /** An endpoint in `pending` or `pendingAcceptance` becoming `available`. Defaults to 10 minutes. */
  readonly endpointAvailableMs: number;
  /** A directory in `REGISTERING` becoming `REGISTERED`. Defaults to 30 minutes. */
  readonly directoryRegisteredMs: number;
  /** A write showing in a read (the service may be eventually consistent). Defaults to 2 minutes. */
  readonly propagationMs: number;
}

export interface ProviderOptions {
  /** Overrides of the wait bounds (tests shorten them). */
  readonly waits?: Partial<WaitLimits>;
  /** Where warnings go. Defaults to `pulumi.log.warn`, which `pulumi up` shows. */
  readonly warn?: (message: string) => void;
}

type Operation = "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";
type Bag = Record<string, unknown>;

/**
 * The provider's whole behaviour. It is one function on purpose: the provider is serialized into
 * the state, every function it captures costs a wrapper there, and inner functions cost nothing
 * extra. The AWS SDK is required here, at call time, never held at module level.
 */
async function association(
  self: StreamingEndpointAssociationProvider,
  op: Operation,
  args: unknown[],
): Promise<unknown> {
  // Pulumi's marker for a value that is unknown during preview.
  const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  const waits: WaitLimits = {
    endpointAvailableMs: 600e3,
    directoryRegisteredMs: 1800e3,
    propagationMs: 120e3,
    ...self.options.waits,
  };
  const warn = self.options.warn ?? pulumi.log.warn;
  // State from any version of this provider, in today's shape: a missing flag is false, a missing region is the new one.
  const norm = (o: Bag, n: Bag = {}): AssociationInputs => ({
    directoryId: String(o.directoryId ?? ""),
    vpcEndpointId: String(o.vpcEndpointId ?? ""),
    allowPcoipOverInternet: o.allowPcoipOverInternet === true,
    region: String(o.region ?? n.region ?? ""),
  });
  type Directory = WS.WorkspaceDirectory;
  const config = (d: Directory) => d.WorkspaceAccessProperties?.AccessEndpointConfig;
  const endpointOf = (d: Directory) =>
    config(d)?.AccessEndpoints?.find((e) => e.AccessEndpointType === "STREAMING_WSP")?.VpcEndpointId;
  const pcoipOf = (d: Directory) => !!config(d)?.InternetFallbackProtocols?.includes("PCOIP");
  const matches = (d: Directory, i: AssociationInputs) =>
    endpointOf(d) === i.vpcEndpointId && pcoipOf(d) === i.allowPcoipOverInternet;
  const observed = (d: Directory) => ({
    directoryState: String(d.State),
    workspaceType: d.WorkspaceType ?? "PERSONAL",
    endpointEncryptionMode: d.EndpointEncryptionMode ?? "STANDARD_TLS",
    globalAcceleratorMode: d.StreamingProperties?.GlobalAccelerator?.Mode ?? "DISABLED",
    ipGroupIds: d.ipGroupIds ?? [],
  });

  if (op === "configure") {
    try {
      self.stackRegion = (args[0] as pulumi.dynamic.ConfigureRequest).config.get("aws:region");
    } catch {
      // no stack configuration reached the provider: region falls back to the environment
    }
    return;
  }
  if (op === "check") {
    const news = { ...(args[1] as Bag) };
    news.region ??= self.stackRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    const fields = {
      directoryId: z
        .string()
        .regex(
          /^d-[0-9a-f]{10}$/,
          'is not a directory ID ("d-" and 10 hex digits); pass the directory\'s directoryId',
        ),
      vpcEndpointId: z
        .string()
        .regex(
          /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/,
          'is not a VPC endpoint ID ("vpce-" and 8 or 17 hex digits); pass the endpoint\'s id',
        ),
      allowPcoipOverInternet: z.boolean("must be true or false").default(false),
      region: z
        .string("is required; pass region, or set aws:region or AWS_REGION")
        .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "is not an AWS region, e.g. ap-northeast-1"),
    };
    const failures: pulumi.dynamic.CheckFailure[] = [];
    for (const [property, field] of Object.entries(fields)) {
      if (news[property] === UNKNOWN) {
        continue;
      }
      const result = field.safeParse(news[property]);
      if (result.success) {
        news[property] = result.data;
      } else {
        const shown = news[property] === undefined ? "(not set)" : JSON.stringify(news[property]);
        failures.push({ property, reason: `${property}: ${shown} ${result.error.issues[0].message}` });
      }
    }
    return { inputs: news, failures };
  }
  if (op === "diff") {
    const [, olds, news] = args as [string, Bag, Bag];
    const [before, after] = [norm(olds, news), norm(news, news)];
    const replaces = (["directoryId", "region"] as const).filter((k) => before[k] !== after[k]);
    const updates = (["vpcEndpointId", "allowPcoipOverInternet"] as const).filter(
      (k) => before[k] !== after[k],
    );
    return { changes: replaces.length + updates.length > 0, replaces };
  }

  const [id, x, y] = args as [string, Bag, Bag];
  const i =
    op === "create" ? norm(args[0] as Bag) : op === "update" ? norm(y) : norm({ directoryId: id, ...x });
  const W = require("@aws-sdk/client-workspaces") as typeof WS;
  const E = require("@aws-sdk/client-ec2") as typeof EC2;
  // The SDK's default credential chain and AWS_ENDPOINT_URL_*; standard retries unless the environment chooses.
  const sdk = {
    region: i.region,
    retryMode: process.env.AWS_RETRY_MODE ?? "standard",
    maxAttempts: Number(process.env.AWS_MAX_ATTEMPTS) || 8,
  };
  const ws = new W.WorkSpacesClient(sdk);
  const ec2 = new E.EC2Client(sdk);
  const D = `directory ${i.directoryId}`;
  const V = `endpoint ${i.vpcEndpointId}`;
  const directory = async () =>
    (
      await ws.send(new W.DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [i.directoryId] }))
    ).Directories?.find((d) => d.DirectoryId === i.directoryId);
  const write = (c: WS.AccessEndpointConfig) =>
    ws.send(
      new W.ModifyWorkspaceAccessPropertiesCommand({
        ResourceId: i.directoryId,
        WorkspaceAccessProperties: { AccessEndpointConfig: c },
      }),
    );
  // Polls with capped exponential backoff, for at most `bound` ms.
  const waitFor = async <T>(
    what: string,
    bound: number,
    cap: number,
    probe: () => Promise<T | undefined>,
  ) => {
    const start = Date.now();
    for (let delay = 200; ; delay = Math.min(delay * 2, cap)) {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
      if (Date.now() - start + delay > bound) {
        throw new Error(
          `Gave up after ${Math.round((Date.now() - start) / 1e3)} s waiting for ${what}; run the update again later.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  try {
    if (op === "read") {
      const d = await directory();
      if (!d || d.State === "DEREGISTERED") {
        return { id: "" };
      }
      const truth = { ...i, vpcEndpointId: endpointOf(d) ?? "", allowPcoipOverInternet: pcoipOf(d) };
      return { id, props: { ...x, ...truth, ...observed(d) }, inputs: truth };
    }
    if (op === "delete") {
      const d = await directory();
      const current = d && d.State !== "DEREGISTERED" ? endpointOf(d) : undefined;
      if (current && current !== i.vpcEndpointId) {
        warn(
          `Left ${D} alone: it streams through ${current} now, not ${i.vpcEndpointId}, so someone else owns that setting.`,
        );
      } else if (current) {
        await write({ AccessEndpoints: [] });
        await waitFor(
          `${D} to drop ${V} (removal by an empty AccessEndpoints list, which AWS does not document)`,
          waits.propagationMs,
          1e3,
          async () => {
            const now = await directory();
            return now && endpointOf(now) ? undefined : true;
          },
        );
      }
      return;
    }

    // create and update: preflight, then write only if needed, then read back.
    const [d, e] = await Promise.all([
      waitFor(`${D} to finish registering`, waits.directoryRegisteredMs, 15e3, async () => {
        const now = await directory();
        return now?.State === "REGISTERING" ? undefined : [now];
      }),
      waitFor(`${V} to become available`, waits.endpointAvailableMs, 15e3, async () => {
        const now = await ec2
          .send(new E.DescribeVpcEndpointsCommand({ VpcEndpointIds: [i.vpcEndpointId] }))
          .then((out) => out.VpcEndpoints?.[0])
          .catch((error: Error) => {
            if (error.name === "InvalidVpcEndpointId.NotFound") {
              return undefined;
            }
            throw error;
          });
        return /^pending/i.test(String(now?.State)) ? undefined : [now];
      }),
    ]).then(([[d], [e]]) => [d, e] as const);

    const service = `com.amazonaws.${i.region}.highlander`;
    const problems: string[] = [];
    if (!e) {
      problems.push(`${V} does not exist in ${i.region}; create an Interface endpoint for ${service} there.`);
    } else {
      if (e.VpcEndpointType !== "Interface") {
        problems.push(`${V} is a ${e.VpcEndpointType} endpoint; streaming needs an Interface endpoint.`);
      }
      if (e.ServiceName !== service) {
        problems.push(
          `${V} serves ${e.ServiceName}, but streaming needs ${service}` +
            (/workspaces/.test(String(e.ServiceName))
              ? ": ...workspaces is the WorkSpaces API (and ...workspaces-instances, ...workspaces-web and ...aps-workspaces are other services); only ...highlander streams."
              : "."),
        );
      }
      const ipTypes = [e.IpAddressType, e.DnsOptions?.DnsRecordIpType].filter((t) => t && t !== "ipv4");
      if (ipTypes.length > 0) {
        problems.push(
          `${V} uses ${ipTypes.join("/")}; streaming is IPv4 only: recreate it with ipAddressType and dnsRecordIpType "ipv4".`,
        );
      }
      if (!/^available$/i.test(String(e.State))) {
        problems.push(`${V} is ${e.State}; it must be available.`);
      }
    }
    if (!d) {
      problems.push(
        `${D} is not a WorkSpaces directory in ${i.region}; register it with WorkSpaces Personal first.`,
      );
    } else {
      if (d.State !== "REGISTERED") {
        problems.push(`${D} is ${d.State}; register it with WorkSpaces first.`);
      }
      if (d.WorkspaceType === "POOLS") {
        problems.push(
          `${D} is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only.`,
        );
      }
      if (d.EndpointEncryptionMode === "FIPS_VALIDATED") {
        problems.push(
          `${D} uses FIPS endpoint encryption, which PrivateLink streaming does not support; set it to STANDARD_TLS (aws workspaces modify-endpoint-encryption-mode).`,
        );
      }
      if (d.StreamingProperties?.GlobalAccelerator?.Mode === "ENABLED_AUTO") {
        problems.push(
          `${D} has Global Accelerator on, which PrivateLink streaming does not support; turn it off (aws workspaces modify-streaming-properties).`,
        );
      }
    }
    let pcoip = 0;
    const accelerated: string[] = [];
    for (let token: string | undefined, first = true; !problems.length && (first || token); first = false) {
      const page = await ws.send(
        new W.DescribeWorkspacesCommand({ DirectoryId: i.directoryId, NextToken: token }),
      );
      for (const w of page.Workspaces ?? []) {
        pcoip += w.WorkspaceProperties?.Protocols?.includes("PCOIP") ? 1 : 0;
        if (w.WorkspaceProperties?.GlobalAccelerator?.Mode === "ENABLED_AUTO") {
          accelerated.push(String(w.WorkspaceId));
        }
      }
      token = page.NextToken;
    }
    if (accelerated.length > 0) {
      problems.push(
        `WorkSpaces ${accelerated.join(", ")} have Global Accelerator on; set them to INHERITED or DISABLED (aws workspaces modify-workspace-properties).`,
      );
    }
    if (problems.length > 0) {
      throw new Error(
        `Cannot stream ${D} through ${V}; nothing was changed:\n  - ${problems.join("\n  - ")}`,
      );
    }

    const warnings: string[] = [];
    if (d!.ipGroupIds?.length) {
      warnings.push(
        `${D} has IP access control groups (${d!.ipGroupIds.join(", ")}); they stop applying while a streaming endpoint is set.`,
      );
    }
    if (pcoip > 0 && !i.allowPcoipOverInternet) {
      warnings.push(
        `${D} has ${pcoip} PCoIP WorkSpaces; with allowPcoipOverInternet false they fail to connect ("Invalid State Error").`,
      );
    }
    warnings.forEach((w) => warn(w));

    let after = d!;
    if (!matches(after, i)) {
      await write({
        AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: i.vpcEndpointId }],
        InternetFallbackProtocols: i.allowPcoipOverInternet ? ["PCOIP"] : [],
      });
      after = await waitFor(`${D} to show ${V}`, waits.propagationMs, 1e3, async () => {
        const now = await directory();
        return now && matches(now, i) ? now : undefined;
      });
      // The write carried only AccessEndpointConfig; prove the service left the rest alone.
      const others = (o: Directory) => {
        const { AccessEndpointConfig: _owned, ...rest } = o.WorkspaceAccessProperties ?? {};
        return JSON.stringify(rest, Object.keys(rest).sort());
      };
      if (others(after) !== others(d!)) {
        throw new Error(
          `AWS changed access settings of ${D} that this resource does not own, from ${others(d!)} to ${others(after)}; restore them.`,
        );
      }
    }
    const outs: AssociationOutputs = {
      ...i,
      ...observed(after),
      vpcEndpointServiceName: String(e!.ServiceName),
      vpcEndpointState: String(e!.State),
      pcoipWorkspaceCount: pcoip,
      globalAcceleratorWorkspaceCount: accelerated.length,
      warnings,
    };
    return op === "create" ? { id: i.directoryId, outs } : { outs };
  } finally {
    ws.destroy();
    ec2.destroy();
  }
}

/**
 * The dynamic provider: validation and diffs without AWS calls, create/update/read/delete against
 * the WorkSpaces and EC2 APIs. Constructible with no arguments.
 */
export class StreamingEndpointAssociationProvider implements pulumi.dynamic.ResourceProvider<
  Bag,
  AssociationOutputs
> {
  /** The stack's `aws:region`, learnt in `configure`, at run time only (never serialized). */
  stackRegion?: string;

  constructor(readonly options: ProviderOptions = {}) {}

  configure(req: pulumi.dynamic.ConfigureRequest) {
    return association(this, "configure", [req]) as Promise<void>;
  }
  check(olds: Bag, news: Bag) {
    return association(this, "check", [olds, news]) as Promise<pulumi.dynamic.CheckResult<Bag>>;
  }
  diff(id: string, olds: AssociationOutputs, news: Bag) {
    return association(this, "diff", [id, olds, news]) as Promise<pulumi.dynamic.DiffResult>;
  }
  create(inputs: Bag) {
    return association(this, "create", [inputs]) as Promise<pulumi.dynamic.CreateResult<AssociationOutputs>>;
  }
  read(id: string, props?: AssociationOutputs) {
    return association(this, "read", [id, props]) as Promise<pulumi.dynamic.ReadResult<AssociationOutputs>>;
  }
  update(id: string, olds: AssociationOutputs, news: Bag) {
    return association(this, "update", [id, olds, news]) as Promise<
      pulumi.dynamic.UpdateResult<AssociationOutputs>
    >;
  }
  delete(id: string, props: AssociationOutputs) {
    return association(this, "delete", [id, props]) as Promise<void>;
  }
}

/** The resource's type token (defined with the policy pack, which matches on it). */
export { ASSOCIATION_TYPE };

/** One provider instance for every association: its serialized text is stored once per resource. */
const provider = new StreamingEndpointAssociationProvider();

/**
 * Sets a WorkSpaces directory's streaming endpoint (and the PCoIP internet fallback) and owns
 * exactly that setting. Replaced when the directory or region changes; updated in place otherwise.
 */
export class StreamingEndpointAssociation extends pulumi.dynamic.Resource {
  /** Lets CrossGuard's `isType` / `validateResourceOfType` recognise the resource by its token. */
  static readonly __pulumiType = ASSOCIATION_TYPE;

  declare readonly directoryId: pulumi.Output<string>;
  declare readonly vpcEndpointId: pulumi.Output<string>;
  declare readonly allowPcoipOverInternet: pulumi.Output<boolean>;
  declare readonly region: pulumi.Output<string>;
  declare readonly directoryState: pulumi.Output<string>;
  declare readonly workspaceType: pulumi.Output<string>;
  declare readonly endpointEncryptionMode: pulumi.Output<string>;
  declare readonly globalAcceleratorMode: pulumi.Output<string>;
  declare readonly ipGroupIds: pulumi.Output<string[]>;
  declare readonly vpcEndpointServiceName: pulumi.Output<string>;
  declare readonly vpcEndpointState: pulumi.Output<string>;
  declare readonly pcoipWorkspaceCount: pulumi.Output<number>;
  declare readonly globalAcceleratorWorkspaceCount: pulumi.Output<number>;
  declare readonly warnings: pulumi.Output<string[]>;

  constructor(name: string, args: StreamingEndpointAssociationArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs: Record<keyof AssociationObservation, undefined> = {
      directoryState: undefined,
      workspaceType: undefined,
      endpointEncryptionMode: undefined,
      globalAcceleratorMode: undefined,
      ipGroupIds: undefined,
      vpcEndpointServiceName: undefined,
      vpcEndpointState: undefined,
      pcoipWorkspaceCount: undefined,
      globalAcceleratorWorkspaceCount: undefined,
      warnings: undefined,
    };
    super(
      provider,
      name,
      {
        directoryId: args.directoryId,
        vpcEndpointId: args.vpcEndpointId,
        allowPcoipOverInternet: args.allowPcoipOverInternet ?? false,
        region: args.region,
        ...(args.directoryFacts === undefined ? {} : { directoryFacts: args.directoryFacts }),
        ...outputs,
      },
      opts,
      "workspaces",
      "StreamingEndpointAssociation",
    );
  }
}
