/**
 * StreamingEndpointAssociation: the one thing this project owns on a WorkSpaces directory it does
 * not own: which VPC endpoint streams for it (AccessEndpointConfig), and whether PCoIP may still
 * stream over the internet. Nothing else on the directory is ever changed.
 *
 * The provider object is serialized into the stack's state and its old copy runs on refresh and
 * delete. Each operation is a named function below; everything they need is loaded when they run
 * (the AWS SDK, with its default credential chain and the AWS_ENDPOINT_URL_* variables), and no
 * client, credential or config value is held at module level. The serialized text carries the
 * functions, the ID patterns and the defaults it uses, and nothing else (tsconfig removeComments
 * keeps it small).
 */
import type * as EC2 from "@aws-sdk/client-ec2";
import type * as WS from "@aws-sdk/client-workspaces";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULTS } from "../ground/defaults";
import {
  ASSOCIATION_TYPE,
  DIRECTORY_ID_PATTERN,
  POOLS_DIRECTORY_ID_PATTERN,
  REGION_PATTERN,
  VPC_ENDPOINT_ID_PATTERN,
  privateLinkHostname,
  streamingServiceName,
  type EndpointFactsInput,
} from "../policy/facts";
import { type Aws, connect } from "./associationAws";
import type { AssumeRole, PreviewRead, WaitLimits } from "./associationTypes";
import { readForPreview } from "./previewRead";

export type { AssumeRole, PreviewRead, WaitLimits } from "./associationTypes";

/** What a program passes. */
export interface StreamingEndpointAssociationArgs {
  /** The WorkSpaces Personal directory (`d-` and 8 to 63 hex digits), registered with WorkSpaces. */
  readonly directoryId: pulumi.Input<string>;
  /** The interface endpoint for `com.amazonaws.<region>.highlander` (`vpce-...`). */
  readonly vpcEndpointId: pulumi.Input<string>;
  /** Whether PCoIP WorkSpaces may still stream over the internet. Defaults to `false`. */
  readonly allowPcoipOverInternet?: pulumi.Input<boolean>;
  /**
   * Whether you run your own DNS (a private hosted zone) for the streaming name, so the endpoint
   * may have private DNS off. Defaults to `false`: an endpoint without private DNS is refused.
   */
  readonly ownDns?: pulumi.Input<boolean>;
  /**
   * Whether to take the directory over when it streams through an endpoint this resource did not
   * set. Defaults to `false`: create (and an update over a change it has not seen) refuses, before
   * any write. With `true` the write goes ahead, the state records the endpoint and PCoIP fallback
   * that were there, and delete gives them back. Changing it alone writes nothing.
   */
  readonly takeOver?: pulumi.Input<boolean>;
  /** Defaults to the stack's `aws:region`, then `AWS_REGION`. Kept in state for refresh and delete. */
  readonly region?: pulumi.Input<string>;
  /**
   * The account the association must act in: the one the rest of the stack deploys into (the
   * WorkspacesStreaming component passes its aws provider's). Its credentials reaching another
   * account is refused before any write, in every operation. Unchecked when not given.
   */
  readonly accountId?: pulumi.Input<string>;
  /** A profile of the shared AWS config files to sign with. Defaults to the stack's `aws:profile`, then the default chain. */
  readonly profile?: pulumi.Input<string>;
  /** A role to assume for every call (with the profile's or the default chain's credentials). */
  readonly assumeRole?: pulumi.Input<AssumeRole>;
  /**
   * What is known of an endpoint the stack does not create (read during preview), for the policy
   * pack. Never compared by `diff`, never written anywhere.
   */
  readonly endpointFacts?: pulumi.Input<EndpointFactsInput>;
  /**
   * What to read during a preview (the WorkspacesStreaming component sets it while
   * `pulumi.runtime.isDryRun()`): `check` then reads the directory (its facts for the policy pack,
   * `directoryFacts`), whether another endpoint streams it, and with `signIns` who switching it
   * would cut off (`cutOver`), all as inputs of the preview only, and says so in `warnings`. Never
   * kept in the state.
   */
  readonly previewRead?: pulumi.Input<PreviewRead>;
}

/** The inputs as the provider methods see them, after `check`: validated, defaults filled in. */
export interface AssociationInputs {
  readonly directoryId: string;
  readonly vpcEndpointId: string;
  readonly allowPcoipOverInternet: boolean;
  readonly ownDns: boolean;
  readonly takeOver: boolean;
  readonly region: string;
  /** The account its credentials must reach; unchecked when absent. */
  readonly accountId?: string;
  readonly profile?: string;
  readonly assumeRole?: AssumeRole;
}

/** What a directory streamed through before this resource took it over: what delete gives back. */
export interface TakenOver {
  readonly vpcEndpointId: string;
  readonly allowPcoipOverInternet: boolean;
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
  /** The endpoint's type (`Interface`...), address type, DNS record type and private DNS. */
  readonly vpcEndpointType: string;
  readonly vpcEndpointIpAddressType: string;
  readonly vpcEndpointDnsRecordIpType: string;
  readonly vpcEndpointPrivateDnsEnabled: boolean;
  /** WorkSpaces in the directory that stream with PCoIP (counted at create and update). */
  readonly pcoipWorkspaceCount: number;
  /** WorkSpaces in the directory with Global Accelerator explicitly on (counted at create and update). */
  readonly globalAcceleratorWorkspaceCount: number;
  /** The warnings of the last create or update. */
  readonly warnings: string[];
  /** Set when this resource took the directory over from another endpoint (`takeOver`). */
  readonly takenOver?: TakenOver;
}

/** The outputs that are observations of the directory and endpoint, not inputs. */
export type AssociationObservation = Omit<AssociationOutputs, keyof AssociationInputs | "takenOver">;

export interface ProviderOptions {
  /** Overrides of the wait bounds (tests shorten them). */
  readonly waits?: Partial<WaitLimits>;
  /** Where warnings go. Defaults to `pulumi.log.warn`. */
  readonly warn?: (message: string) => void;
}

/**
 * Caps every wait, in milliseconds, when set (for example to fail fast in a pipeline). Read when
 * an operation runs, by whatever copy of the provider runs it.
 */
export const MAX_WAIT_ENV = "WORKSPACES_PRIVATELINK_MAX_WAIT_MS";

type Bag = Record<string, unknown>;
type Directory = WS.WorkspaceDirectory;
type Endpoint = EC2.VpcEndpoint;
type Self = StreamingEndpointAssociationProvider;

/** What the serialized operations need of the shared facts: strings and plain values only. */
const FACTS = {
  region: REGION_PATTERN,
  service: streamingServiceName("{region}"),
  hostname: privateLinkHostname("{region}"),
  directoryId: DIRECTORY_ID_PATTERN,
  poolsDirectoryId: POOLS_DIRECTORY_ID_PATTERN,
  vpcEndpointId: VPC_ENDPOINT_ID_PATTERN,
  allowPcoipOverInternet: DEFAULTS.allowPcoipOverInternet,
  ownDns: DEFAULTS.ownDns,
  takeOver: DEFAULTS.takeOver,
  maxWaitEnv: MAX_WAIT_ENV,
};

/** State from any version of this provider, in today's shape: missing flags take their defaults. */
function normalize(o: Bag, fallback: Bag = {}): AssociationInputs {
  return {
    directoryId: String(o.directoryId ?? ""),
    vpcEndpointId: String(o.vpcEndpointId ?? ""),
    allowPcoipOverInternet:
      o.allowPcoipOverInternet === undefined
        ? FACTS.allowPcoipOverInternet
        : o.allowPcoipOverInternet === true,
    ownDns: o.ownDns === undefined ? FACTS.ownDns : o.ownDns === true,
    takeOver: o.takeOver === undefined ? FACTS.takeOver : o.takeOver === true,
    region: String(o.region ?? fallback.region ?? ""),
    ...(typeof o.accountId === "string" && o.accountId ? { accountId: o.accountId } : {}),
    ...(typeof o.profile === "string" && o.profile ? { profile: o.profile } : {}),
    ...(o.assumeRole && typeof o.assumeRole === "object" ? { assumeRole: o.assumeRole as AssumeRole } : {}),
  };
}

/** The AWS side of one operation, with the provider's waits and warnings. */
const open_ = (self: Self, i: AssociationInputs): Aws => connect(self, i, FACTS.maxWaitEnv);

/** Refuses, before any write, credentials that reach another account than the stack's. */
async function requireAccount(aws: Aws): Promise<void> {
  const wrong = await aws.wrongAccount();
  if (wrong) {
    throw new Error(wrong);
  }
}

/** The directory once it has finished registering, and the endpoint once it is no longer pending. */
async function settled(
  aws: Aws,
  i: AssociationInputs,
): Promise<readonly [Directory | undefined, Endpoint | undefined]> {
  const [[directory], [endpoint]] = await Promise.all([
    aws.waitFor(`${aws.D} to finish registering`, aws.waits.directoryRegisteredMs, 15e3, async () => {
      const now = await aws.directory();
      return now?.State === "REGISTERING" ? undefined : [now];
    }),
    aws.waitFor(`${aws.V} to become available`, aws.waits.endpointAvailableMs, 15e3, async () => {
      const now = await aws.endpoint(i.vpcEndpointId);
      return /^pending/i.test(String(now?.State)) ? undefined : [now];
    }),
  ]);
  return [directory, endpoint] as const;
}

/** The directory's WorkSpaces that stream with PCoIP, and those with Global Accelerator explicitly on. */
async function countWorkspaces(aws: Aws): Promise<{ pcoip: number; accelerated: string[] }> {
  const workspaces = await aws.workspaces();
  return {
    pcoip: workspaces.filter((w) => w.WorkspaceProperties?.Protocols?.includes("PCOIP")).length,
    accelerated: workspaces
      .filter((w) => w.WorkspaceProperties?.GlobalAccelerator?.Mode === "ENABLED_AUTO")
      .map((w) => String(w.WorkspaceId)),
  };
}

/** What the directory says before a write: the problems that stop it, and whose endpoint is set now. */
async function judgeBeforeWrite(aws: Aws, i: AssociationInputs, olds: Bag | undefined) {
  const { D, V } = aws;
  const [d, e] = await settled(aws, i);
  const problems = preflight(i, aws, d, e);
  // Whose endpoint is set now: this resource's (adopt it), the one it set last (update it), none,
  // or someone else's, which only takeOver may replace, and which the state then records.
  const current = d ? aws.endpointOf(d) : undefined;
  const lastSet = typeof olds?.vpcEndpointId === "string" ? olds.vpcEndpointId : undefined;
  const foreign = current !== undefined && current !== i.vpcEndpointId && current !== lastSet;
  if (foreign && !i.takeOver) {
    problems.push(
      `${D} streams through ${current}${await aws.ownerOf(current)}, an endpoint this resource did not set: taking it would cut off every DCV user of that endpoint's network. Remove ${D} from the stack that owns it, or set takeOver: true to take it over (the state records ${current}, and deleting the association gives it back).`,
    );
  }
  const counted = problems.length ? { pcoip: 0, accelerated: [] } : await countWorkspaces(aws);
  if (counted.accelerated.length > 0) {
    problems.push(
      `WorkSpaces ${counted.accelerated.join(", ")} have Global Accelerator on; set them to INHERITED or DISABLED.`,
    );
  }
  // A retry after a failed verification: the device settings must be those seen before it.
  const baseline = typeof olds?.deviceAccessBaseline === "string" ? olds.deviceAccessBaseline : undefined;
  if (d && baseline !== undefined && aws.others(d) !== baseline) {
    problems.push(
      `${D}'s device access settings are ${aws.others(d)}, not ${baseline} as before the failed attempt; restore them, or run pulumi refresh to accept them.`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`Cannot stream ${D} through ${V}; nothing was changed:\n  - ${problems.join("\n  - ")}`);
  }
  const takenOver = foreign
    ? { vpcEndpointId: current, allowPcoipOverInternet: aws.pcoipOf(d!) }
    : (olds?.takenOver as TakenOver | undefined);
  return { directory: d!, endpoint: e!, current, foreign, takenOver, ...counted };
}

/** Writes the access endpoint (when it differs) and reads it back; fails, recording, if AWS changed more. */
async function writeAndVerify(
  aws: Aws,
  i: AssociationInputs,
  inputs: Bag,
  directory: Directory,
): Promise<Directory> {
  const { D, V } = aws;
  const matches = (x: Directory) =>
    aws.endpointOf(x) === i.vpcEndpointId && aws.pcoipOf(x) === i.allowPcoipOverInternet;
  if (matches(directory)) {
    return directory;
  }
  await aws
    .write(directory, {
      AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: i.vpcEndpointId }],
      InternetFallbackProtocols: i.allowPcoipOverInternet ? ["PCOIP"] : [],
    })
    .catch((e: Error) => {
      // Whether one endpoint may serve several directories is not documented.
      throw /^Invalid|^OperationNotSupported/.test(e.name)
        ? new Error(
            `AWS refused ${V} for ${D} (${e.name}: ${e.message}); one endpoint may not serve several directories: give ${D} a stack of its own.`,
          )
        : e;
    });
  const after = await aws.waitFor(`${D} to show ${V}`, aws.waits.propagationMs, 1e3, async () => {
    const now = await aws.directory();
    return now && matches(now) ? now : undefined;
  });
  if (aws.others(after) !== aws.others(directory)) {
    // Record what was there, so that a retry never adopts the change silently.
    throw Object.assign(
      new Error(
        `AWS changed access settings of ${D} that this resource does not own, from ${aws.others(directory)} to ${aws.others(after)}; restore them in the WorkSpaces console`,
      ),
      { id: i.directoryId, properties: { ...inputs, deviceAccessBaseline: aws.others(directory) } },
    );
  }
  return after;
}

/** The preflight, the write if needed, the read back: create and update. */
async function applyAssociation(self: Self, inputs: Bag, olds?: Bag): Promise<AssociationOutputs> {
  const i = normalize(inputs);
  const aws = open_(self, i);
  const { D, V } = aws;
  try {
    await requireAccount(aws);
    const judged = await judgeBeforeWrite(aws, i, olds);
    const { directory, endpoint, current, foreign, takenOver, pcoip, accelerated } = judged;
    const warnings: string[] = [];
    if (foreign) {
      warnings.push(
        `Took ${D} over from ${current}${await aws.ownerOf(current!)} (takeOver): its DCV sessions start through ${V} now; deleting this association gives ${current} back.`,
      );
    }
    if (directory.ipGroupIds?.length) {
      warnings.push(
        `${D} has IP access control groups (${directory.ipGroupIds.join(", ")}); they stop applying while a streaming endpoint is set.`,
      );
    }
    if (pcoip > 0 && !i.allowPcoipOverInternet) {
      warnings.push(
        `${D} has ${pcoip} PCoIP WorkSpaces; with allowPcoipOverInternet false they fail to connect ("Invalid State Error").`,
      );
    }
    warnings.forEach((w) => aws.warn(w));
    const after = await writeAndVerify(aws, i, inputs, directory);
    return {
      ...i,
      ...aws.observe(after),
      vpcEndpointServiceName: String(endpoint.ServiceName),
      vpcEndpointState: String(endpoint.State),
      vpcEndpointType: String(endpoint.VpcEndpointType),
      vpcEndpointIpAddressType: endpoint.IpAddressType ?? "ipv4",
      vpcEndpointDnsRecordIpType: endpoint.DnsOptions?.DnsRecordIpType ?? "ipv4",
      vpcEndpointPrivateDnsEnabled: endpoint.PrivateDnsEnabled === true,
      pcoipWorkspaceCount: pcoip,
      globalAcceleratorWorkspaceCount: accelerated.length,
      warnings,
      ...(takenOver ? { takenOver } : {}),
    };
  } finally {
    aws.close();
  }
}

/** Everything that stops a directory from streaming through an endpoint, before any write. */
function preflight(
  i: AssociationInputs,
  { D, V }: { readonly D: string; readonly V: string },
  d: Directory | undefined,
  e: Endpoint | undefined,
): string[] {
  const service = FACTS.service.replace("{region}", i.region);
  // IPv4 only; "service-defined" records of an IPv4 endpoint are IPv4 records.
  const ipv4 = !e?.IpAddressType || e.IpAddressType === "ipv4";
  const records = e?.DnsOptions?.DnsRecordIpType;
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(String(d?.IamRoleId ?? ""))?.[1];
  const rules: [unknown, string][] = [
    [!e, `${V} does not exist in ${i.region}; create an Interface endpoint for ${service}.`],
    [
      e && e.VpcEndpointType !== "Interface",
      `${V} is a ${e?.VpcEndpointType} endpoint; streaming needs an Interface endpoint.`,
    ],
    [
      e && e.ServiceName !== service,
      `${V} serves ${e?.ServiceName}, but streaming needs ${service}` +
        (/workspaces/.test(String(e?.ServiceName))
          ? ": ...workspaces is the WorkSpaces API; only ...highlander streams."
          : "."),
    ],
    [
      e && (!ipv4 || (records && records !== "ipv4" && !(records === "service-defined" && ipv4))),
      `${V} has ipAddressType ${e?.IpAddressType} and dnsRecordIpType ${records}; streaming is IPv4 only: recreate it with both "ipv4".`,
    ],
    [
      e?.PrivateDnsEnabled === false && !i.ownDns,
      `${V} has private DNS off, and clients find it only by its private name; turn private DNS on, or set ownDns: true if your own DNS answers ${FACTS.hostname.replace("{region}", i.region)}.`,
    ],
    [e && !/^available$/i.test(String(e.State)), `${V} is ${e?.State}; it must be available.`],
    [
      account && e?.OwnerId && e.OwnerId !== account,
      `${V} belongs to account ${e?.OwnerId}, not to ${account}, the directory's; AWS supports only endpoints in the directory's account (not shared VPCs).`,
    ],
    [!d, `${D} is not a WorkSpaces directory in ${i.region}; register it with WorkSpaces Personal.`],
    [d && d.State !== "REGISTERED", `${D} is ${d?.State}; register it with WorkSpaces first.`],
    [
      d?.WorkspaceType === "POOLS",
      `${D} is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only.`,
    ],
    [
      d?.EndpointEncryptionMode === "FIPS_VALIDATED",
      `${D} uses FIPS endpoint encryption, which PrivateLink streaming does not support; set it to STANDARD_TLS.`,
    ],
    [
      d?.StreamingProperties?.GlobalAccelerator?.Mode === "ENABLED_AUTO",
      `${D} has Global Accelerator on, which PrivateLink streaming does not support; turn it off.`,
    ],
  ];
  return rules.filter(([bad]) => bad).map(([, problem]) => problem);
}

/**
 * What a preview reads (`previewRead`), with the association's credentials: refused as a check
 * failure when they reach another account than the stack's, otherwise the directory's facts, the
 * cut-over and the warnings, as inputs of the preview.
 */
async function previewFindings(
  self: Self,
  inputs: Bag,
  olds: Bag,
  what: PreviewRead,
): Promise<{ inputs?: Bag; failure?: pulumi.dynamic.CheckFailure }> {
  const i = normalize(inputs);
  const aws = open_(self, i);
  try {
    // Unreadable credentials are said by the read below, as facts it could not read.
    const wrong = await aws.wrongAccount().catch(() => undefined);
    if (wrong) {
      return { failure: { property: "accountId", reason: wrong } };
    }
    const lastSet = typeof olds.vpcEndpointId === "string" ? olds.vpcEndpointId : undefined;
    const found = await readForPreview(aws, { ...i, lastSet }, what);
    return {
      inputs: {
        directoryFacts: found.directoryFacts,
        ...(found.cutOver ? { cutOver: found.cutOver } : {}),
        warnings: found.warnings,
      },
    };
  } finally {
    aws.close();
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
  /** The stack's `aws:region`, learnt in `configure` when the provider runs (never serialized). */
  declare stackRegion?: string;
  /** The stack's `aws:profile`, learnt the same way: the credentials pulumi-aws uses. */
  declare stackProfile?: string;

  constructor(readonly options: ProviderOptions = {}) {}

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    try {
      this.stackRegion = req.config.get("aws:region");
      this.stackProfile = req.config.get("aws:profile");
    } catch {
      // no stack configuration reached the provider: region falls back to the environment
    }
  }
  async check(olds: Bag, news: Bag): Promise<pulumi.dynamic.CheckResult<Bag>> {
    // Pulumi's marker for a value that is unknown during preview.
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const inputs: Bag = {
      allowPcoipOverInternet: FACTS.allowPcoipOverInternet,
      ownDns: FACTS.ownDns,
      takeOver: FACTS.takeOver,
      ...news,
    };
    // The endpoint this resource set last (its state's; after a refresh, what was there): the one an
    // update may write over. The policy pack reads it at preview to tell an update from a take-over.
    if (typeof olds.vpcEndpointId === "string" && olds.vpcEndpointId !== "") {
      inputs.previousVpcEndpointId = olds.vpcEndpointId;
    }
    // No undefined may reach the host: it converts everything to google.protobuf Struct, which has none.
    const region =
      inputs.region ?? this.stackRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (region === undefined) {
      delete inputs.region;
    } else {
      inputs.region = region;
    }
    const matches = (pattern: string, v: unknown) => typeof v === "string" && new RegExp(pattern).test(v);
    const flag = (v: unknown) => (typeof v === "boolean" ? undefined : "must be true or false");
    const problems: Record<string, (v: unknown) => string | undefined> = {
      directoryId: (v) =>
        matches(FACTS.directoryId, v)
          ? undefined
          : matches(FACTS.poolsDirectoryId, v)
            ? "is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only, so Pools cannot use an endpoint"
            : 'is not a WorkSpaces Personal directory ID ("d-" and 8 to 63 hex digits); pass the directory\'s directoryId',
      vpcEndpointId: (v) =>
        matches(FACTS.vpcEndpointId, v)
          ? undefined
          : 'is not a VPC endpoint ID ("vpce-..."); pass the endpoint\'s id',
      allowPcoipOverInternet: flag,
      ownDns: flag,
      takeOver: flag,
      region: (v) =>
        v === undefined
          ? "is required; pass region, or set aws:region or AWS_REGION"
          : matches(FACTS.region, v)
            ? undefined
            : "is not an AWS region, e.g. ap-northeast-1",
    };
    const failures: pulumi.dynamic.CheckFailure[] = [];
    for (const [property, problem] of Object.entries(problems)) {
      const value = inputs[property];
      const reason = value === UNKNOWN ? undefined : problem(value);
      if (reason) {
        failures.push({
          property,
          reason: `${property}: ${value === undefined ? "(not set)" : JSON.stringify(value)} ${reason}`,
        });
      }
    }
    const what = inputs.previewRead as PreviewRead | undefined;
    delete inputs.previewRead;
    if (what && failures.length === 0 && inputs.directoryId !== UNKNOWN) {
      const found = await previewFindings(this, inputs, olds, what);
      if (found.failure) {
        failures.push(found.failure);
      }
      Object.assign(inputs, found.inputs);
    }
    return { inputs, failures };
  }
  async diff(_id: string, olds: AssociationOutputs, news: Bag): Promise<pulumi.dynamic.DiffResult> {
    const [before, after] = [normalize(olds as unknown as Bag, news), normalize(news, news)];
    const replaces = (["directoryId", "region"] as const).filter((k) => before[k] !== after[k]);
    const updates = (["vpcEndpointId", "allowPcoipOverInternet", "ownDns"] as const).some(
      (k) => before[k] !== after[k],
    );
    return { changes: updates || replaces.length > 0, replaces };
  }
  async create(inputs: Bag): Promise<pulumi.dynamic.CreateResult<AssociationOutputs>> {
    const outs = await applyAssociation(this, inputs);
    return { id: outs.directoryId, outs };
  }
  async read(
    id: string,
    stored?: AssociationOutputs,
  ): Promise<pulumi.dynamic.ReadResult<AssociationOutputs>> {
    const props = (stored ?? {}) as unknown as Bag;
    const i = normalize({ directoryId: id, ...props });
    const aws = open_(this, i);
    try {
      await requireAccount(aws); // another account's answer would drop the association from the state
      const d = await aws.directory();
      if (!d || d.State === "DEREGISTERED") {
        return { id: "" };
      }
      const truth = { ...i, vpcEndpointId: aws.endpointOf(d) ?? "", allowPcoipOverInternet: aws.pcoipOf(d) };
      const outputs = { ...(props as unknown as AssociationOutputs), ...truth, ...aws.observe(d) };
      delete (outputs as Bag).deviceAccessBaseline; // a refresh accepts the directory as it is now
      for (const previewOnly of ["directoryFacts", "endpointFacts", "cutOver", "previewRead"]) {
        delete (outputs as Bag)[previewOnly];
      }
      return { id, props: outputs, inputs: truth as unknown as AssociationOutputs };
    } finally {
      aws.close();
    }
  }
  async update(
    _id: string,
    olds: AssociationOutputs,
    news: Bag,
  ): Promise<pulumi.dynamic.UpdateResult<AssociationOutputs>> {
    return { outs: await applyAssociation(this, news, olds as unknown as Bag) };
  }
  async delete(id: string, stored: AssociationOutputs): Promise<void> {
    const props = stored as unknown as Bag;
    const i = normalize({ directoryId: id, ...props });
    const aws = open_(this, i);
    try {
      await requireAccount(aws); // another account would find no directory, and leave ours switched
      const d = await aws.directory();
      const current = d && d.State !== "DEREGISTERED" ? aws.endpointOf(d) : undefined;
      if (current && current !== i.vpcEndpointId) {
        aws.warn(
          `Left ${aws.D} alone: it streams through ${current} now, not ${i.vpcEndpointId}, so someone else owns that setting.`,
        );
        return;
      }
      if (!current || !d) {
        return;
      }
      // Give back what this resource took over, when that endpoint is still there to stream through.
      const taken = props.takenOver as TakenOver | undefined;
      const back = taken && (await aws.endpoint(taken.vpcEndpointId));
      const giveBack = back && /^available$/i.test(String(back.State)) ? taken : undefined;
      if (taken && !giveBack) {
        aws.warn(
          `${aws.D} streamed through ${taken.vpcEndpointId} before this association took it over; that endpoint is ${back ? back.State : "gone"}, so ${aws.D} is cleared to stream over the internet instead.`,
        );
      }
      try {
        // An empty list clears the setting: valid against the API model, not documented by AWS.
        await aws.write(
          d,
          giveBack
            ? {
                AccessEndpoints: [
                  { AccessEndpointType: "STREAMING_WSP", VpcEndpointId: giveBack.vpcEndpointId },
                ],
                InternetFallbackProtocols: giveBack.allowPcoipOverInternet ? ["PCOIP"] : [],
              }
            : { AccessEndpoints: [] },
        );
      } catch (error) {
        throw new Error(
          `AWS refused to ${giveBack ? `give ${aws.D} back to ${giveBack.vpcEndpointId}` : `clear the streaming endpoint of ${aws.D}`} (${(error as Error).message}); ${i.vpcEndpointId} stays, as deleting it would end live sessions. ` +
            `Set the directory to stream ${giveBack ? `through ${giveBack.vpcEndpointId}` : "over the internet"} in the WorkSpaces console, then destroy again.`,
        );
      }
      await aws.waitFor(
        giveBack
          ? `${aws.D} to stream through ${giveBack.vpcEndpointId} again`
          : `${aws.D} to drop ${aws.V} (removal by an empty AccessEndpoints list, which AWS does not document)`,
        aws.waits.propagationMs,
        1e3,
        async () => {
          const now = await aws.directory();
          return now && aws.endpointOf(now) === giveBack?.vpcEndpointId ? true : undefined;
        },
      );
      if (giveBack) {
        aws.warn(
          `Gave ${aws.D} back to ${giveBack.vpcEndpointId}, which it streamed through before this association took it over.`,
        );
      }
    } finally {
      aws.close();
    }
  }
}

/** The resource's type token (defined with the policy pack, which matches on it). */
export { ASSOCIATION_TYPE };

/** The properties that are set, without those that are not (undefined would reach the engine as unknown). */
function given(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

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
  declare readonly ownDns: pulumi.Output<boolean>;
  declare readonly takeOver: pulumi.Output<boolean>;
  /** What this resource took over (`takeOver`), which delete gives back; undefined otherwise. */
  declare readonly takenOver: pulumi.Output<TakenOver | undefined>;
  declare readonly region: pulumi.Output<string>;
  declare readonly directoryState: pulumi.Output<string>;
  declare readonly workspaceType: pulumi.Output<string>;
  declare readonly endpointEncryptionMode: pulumi.Output<string>;
  declare readonly globalAcceleratorMode: pulumi.Output<string>;
  declare readonly ipGroupIds: pulumi.Output<string[]>;
  declare readonly vpcEndpointServiceName: pulumi.Output<string>;
  declare readonly vpcEndpointState: pulumi.Output<string>;
  declare readonly vpcEndpointType: pulumi.Output<string>;
  declare readonly vpcEndpointIpAddressType: pulumi.Output<string>;
  declare readonly vpcEndpointDnsRecordIpType: pulumi.Output<string>;
  declare readonly vpcEndpointPrivateDnsEnabled: pulumi.Output<boolean>;
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
      vpcEndpointType: undefined,
      vpcEndpointIpAddressType: undefined,
      vpcEndpointDnsRecordIpType: undefined,
      vpcEndpointPrivateDnsEnabled: undefined,
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
        allowPcoipOverInternet: args.allowPcoipOverInternet ?? DEFAULTS.allowPcoipOverInternet,
        ownDns: args.ownDns ?? DEFAULTS.ownDns,
        takeOver: args.takeOver ?? DEFAULTS.takeOver,
        region: args.region,
        // Given only when set: an association of a stack deployed before they existed keeps its inputs.
        ...given({
          accountId: args.accountId,
          profile: args.profile,
          assumeRole: args.assumeRole,
          endpointFacts: args.endpointFacts,
          previewRead: args.previewRead,
        }),
        ...outputs,
        takenOver: undefined,
      },
      opts,
      "workspaces",
      "StreamingEndpointAssociation",
    );
    // pulumi.log.warn inside the provider host reaches the host's stderr, not the engine: log the
    // association's warnings here, on the resource, where `pulumi up` shows them.
    this.warnings.apply((warnings) =>
      (warnings ?? []).forEach((warning) => void pulumi.log.warn(warning, this)),
    );
  }
}
