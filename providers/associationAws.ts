/**
 * The AWS side of the StreamingEndpointAssociation: the clients one operation uses (WorkSpaces,
 * EC2, STS), signed with the credentials the association was given (a profile, a role to assume)
 * or the AWS SDK's default chain, the reads and the one write it makes, bounded waits, and the
 * check that those credentials reach the account the component's aws provider deploys into.
 *
 * Serialized with the provider into the stack's state: everything is loaded when an operation
 * runs (the AWS SDK, and the AWS_ENDPOINT_URL_* variables it honours); no client, credential or
 * config value is held at module level.
 */
import type * as EC2 from "@aws-sdk/client-ec2";
import type * as STS from "@aws-sdk/client-sts";
import type * as WS from "@aws-sdk/client-workspaces";
import type * as Credentials from "@aws-sdk/credential-providers";
// Named imports, not namespaces: a namespace import is a wrapper object, which older closure
// serializers copy by value instead of requiring.
import { log } from "@pulumi/pulumi";
import { dirname } from "path";
import type { AssumeRole, WaitLimits } from "./associationTypes";

/** Who the association acts as, and where: what its state keeps for every operation. */
export interface Signer {
  readonly region: string;
  /** The account its calls must reach (the component's aws provider's); unchecked when absent. */
  readonly accountId?: string;
  readonly profile?: string;
  readonly assumeRole?: AssumeRole;
  readonly directoryId: string;
  readonly vpcEndpointId: string;
}

/** What the provider instance lends every operation. */
export interface Lender {
  /** The stack's `aws:profile`, learnt in `configure` (the credentials pulumi-aws uses by default). */
  readonly stackProfile?: string;
  readonly options: {
    readonly waits?: Partial<WaitLimits>;
    readonly warn?: (message: string) => void;
  };
}

type Directory = WS.WorkspaceDirectory;

/**
 * A module of the library's dependencies (the AWS SDK), loaded when an operation runs. The
 * engine's dynamic-provider host loads the serialized provider with the program's folder as the
 * only place to look: the library installed there finds its dependencies (its own node_modules, or
 * hoisted into the program's); this repository's own program finds them as they are.
 */
export function dependency<T>(name: string): T {
  let library: string | undefined;
  try {
    library = dirname(require.resolve("workspaces-privatelink/package.json"));
  } catch {
    // not installed under the program: this repository's own stack program
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK, resolved from the installed library
  return require(library ? require.resolve(name, { paths: [library] }) : name) as T;
}

/** Polls with capped exponential backoff, for at most `bound` ms. */
async function waitFor<T>(
  what: string,
  bound: number,
  step: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const start = Date.now();
  for (let delay = 200; ; delay = Math.min(delay * 2, step)) {
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
}

/**
 * The SDK's client configuration for a signer: its region; its profile (else the stack's
 * aws:profile, as pulumi-aws uses it); the role it assumes; standard retries unless the
 * environment chooses.
 */
export function sdkConfig(lender: Lender, i: Signer) {
  const profile = i.profile ?? lender.stackProfile;
  const role = i.assumeRole;
  const C = role && dependency<typeof Credentials>("@aws-sdk/credential-providers");
  const assumed =
    C && role
      ? C.fromTemporaryCredentials({
          params: {
            RoleArn: role.roleArn,
            RoleSessionName: role.sessionName ?? "workspaces-privatelink",
            ...(role.externalId ? { ExternalId: role.externalId } : {}),
          },
          ...(profile ? { masterCredentials: C.fromIni({ profile }) } : {}),
          clientConfig: { region: i.region },
        })
      : undefined;
  // One role session for all of an operation's clients (an hour; the longest wait is 30 minutes).
  let session: ReturnType<NonNullable<typeof assumed>> | undefined;
  return {
    region: i.region,
    profile,
    retryMode: process.env.AWS_RETRY_MODE ?? "standard",
    maxAttempts: Number(process.env.AWS_MAX_ATTEMPTS) || 8,
    ...(assumed ? { credentials: () => (session ??= assumed()) } : {}),
  };
}

/** Why `sdk`'s credentials may not act for `i` (another account than its `accountId`), or undefined. */
async function wrongAccount(sdk: ReturnType<typeof sdkConfig>, i: Signer): Promise<string | undefined> {
  if (!i.accountId) {
    return undefined;
  }
  const S = dependency<typeof STS>("@aws-sdk/client-sts");
  const sts = new S.STSClient(sdk);
  try {
    const reached = (await sts.send(new S.GetCallerIdentityCommand({}))).Account;
    if (reached === i.accountId) {
      return undefined;
    }
    const signer = i.assumeRole
      ? `role ${i.assumeRole.roleArn}`
      : sdk.profile
        ? `profile ${sdk.profile}`
        : "the AWS SDK's default credential chain";
    return `The association's credentials (${signer}) reach account ${reached}, not ${i.accountId}, the account of the aws provider the rest of the stack deploys into; nothing was changed. Give the WorkspacesStreaming component credentials that reach ${i.accountId} (credentials: { profile } or { assumeRole: { roleArn: "arn:aws:iam::${i.accountId}:role/..." } }), or set them in the environment (AWS_PROFILE).`;
  } finally {
    sts.destroy();
  }
}

/** Who an endpoint belongs to, as its tags say: " (project p, stack s, component c, \"n\")" or "". */
function ownerOfTags(tags: readonly { Key?: string; Value?: string }[]): string {
  const byKey = new Map(tags.map((t) => [t.Key, t.Value]));
  const tag = (key: string) => byKey.get(`workspaces-privatelink:${key}`) ?? byKey.get(key);
  const said = [
    tag("project") && `project ${tag("project")}`,
    tag("stack") && `stack ${tag("stack")}`,
    byKey.get("workspaces-privatelink:component") &&
      `component ${byKey.get("workspaces-privatelink:component")}`,
    byKey.get("Name") && JSON.stringify(byKey.get("Name")),
  ].filter(Boolean);
  return said.length > 0 ? ` (${said.join(", ")})` : "";
}

/** The AWS clients and reads every operation shares; `close` when done. */
export function connect(lender: Lender, i: Signer, maxWaitEnv: string) {
  const W = dependency<typeof WS>("@aws-sdk/client-workspaces");
  const E = dependency<typeof EC2>("@aws-sdk/client-ec2");
  const sdk = sdkConfig(lender, i);
  const ws = new W.WorkSpacesClient(sdk);
  const ec2 = new E.EC2Client(sdk);
  const cap = Number(process.env[maxWaitEnv]) || Infinity;
  const limits: WaitLimits = {
    endpointAvailableMs: 600e3,
    directoryRegisteredMs: 1800e3,
    propagationMs: 120e3,
    ...lender.options.waits,
  };
  const config = (d: Directory) => d.WorkspaceAccessProperties?.AccessEndpointConfig;
  const endpoint = (id: string) =>
    ec2
      .send(new E.DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }))
      .then((out) => out.VpcEndpoints?.[0])
      .catch((error: Error) => {
        if (error.name === "InvalidVpcEndpointId.NotFound") {
          return undefined;
        }
        throw error;
      });
  return {
    W,
    ws,
    sdk,
    /** Every wait bound, capped by WORKSPACES_PRIVATELINK_MAX_WAIT_MS. */
    waits: Object.fromEntries(
      Object.entries(limits).map(([k, v]) => [k, Math.min(v, cap)]),
    ) as unknown as WaitLimits,
    warn: (message: string) => void (lender.options.warn ?? log.warn)(message),
    D: `directory ${i.directoryId}`,
    V: `endpoint ${i.vpcEndpointId}`,
    directory: async () =>
      (
        await ws.send(new W.DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [i.directoryId] }))
      ).Directories?.find((d) => d.DirectoryId === i.directoryId),
    endpointOf: (d: Directory) =>
      config(d)?.AccessEndpoints?.find((e) => e.AccessEndpointType === "STREAMING_WSP")?.VpcEndpointId,
    pcoipOf: (d: Directory) => !!config(d)?.InternetFallbackProtocols?.includes("PCOIP"),
    /** An endpoint, or undefined when it does not exist. */
    endpoint,
    /**
     * Who an endpoint belongs to, as its tags say (the component's `workspaces-privatelink:*` tags,
     * else `project` and `stack`) and its `Name`: " (project p, stack s, \"n\")" or "".
     */
    async ownerOf(id: string) {
      return ownerOfTags((await endpoint(id))?.Tags ?? []);
    },
    observe: (d: Directory) => ({
      directoryState: String(d.State),
      workspaceType: d.WorkspaceType ?? "PERSONAL",
      endpointEncryptionMode: d.EndpointEncryptionMode ?? "STANDARD_TLS",
      globalAcceleratorMode: d.StreamingProperties?.GlobalAccelerator?.Mode ?? "DISABLED",
      ipGroupIds: d.ipGroupIds ?? [],
    }),
    /** The access properties other than the one this resource owns, in a stable form. */
    others: (d: Directory) => {
      const { AccessEndpointConfig: _owned, ...rest } = d.WorkspaceAccessProperties ?? {};
      return JSON.stringify(rest, Object.keys(rest).sort());
    },
    /**
     * Writes the directory's whole access properties as read in `d`, with AccessEndpointConfig
     * replaced: correct whether AWS leaves omitted fields alone or resets them (undocumented).
     */
    write: (d: Directory, c: WS.AccessEndpointConfig) =>
      ws.send(
        new W.ModifyWorkspaceAccessPropertiesCommand({
          ResourceId: i.directoryId,
          WorkspaceAccessProperties: { ...d.WorkspaceAccessProperties, AccessEndpointConfig: c },
        }),
      ),
    /** Every WorkSpace of the directory, page by page (25 a page). */
    async workspaces(): Promise<WS.Workspace[]> {
      const found: WS.Workspace[] = [];
      for (let token: string | undefined, first = true; first || token; first = false) {
        const page = await ws.send(
          new W.DescribeWorkspacesCommand({ DirectoryId: i.directoryId, NextToken: token }),
        );
        found.push(...(page.Workspaces ?? []));
        token = page.NextToken;
      }
      return found;
    },
    /**
     * Why these credentials may not act here: they reach another account than `accountId` (the
     * component's aws provider's), so a write would land where the stack never looks; undefined
     * when they reach it (or no account was given to compare with).
     */
    wrongAccount: () => wrongAccount(sdk, i),
    waitFor,
    close() {
      ws.destroy();
      ec2.destroy();
    },
  };
}

/** What `connect` hands an operation. */
export type Aws = ReturnType<typeof connect>;

/**
 * Serialized by value into the association's provider (Pulumi's closure serializer copies a
 * module so marked), never required by its path: installed under node_modules the library's
 * modules are not exported by those paths, and the state keeps the code it was made with.
 */
export const deploymentOnlyModule = true;
