/**
 * The AWS account the real engine deploys into, for the engine tier: one process that holds it
 * and answers for it on 127.0.0.1, its state kept in a folder between commands.
 *
 * - the stand-in aws and tls providers (tests/engine/plugins.ts, resource plugins the engine starts)
 *   forward every create, read, update, delete and invoke here: IDs, computed outputs and lookups
 *   come from `workspaces-privatelink/testing` (testing/resources.ts, testing/cloud.ts), the very
 *   source the mocks answer from, over one AccountDescription;
 * - the association, as the engine's dynamic-provider host runs it, reaches WorkSpaces (the
 *   wire-level stand-in of tests/standins/workspaces.ts), EC2 (DescribeVpcEndpoints, below) and STS
 *   (tests/standins/sts.ts) through AWS_ENDPOINT_URL_*; they answer about what the aws stand-in made
 *   (a directory it registered, an endpoint it created) and the directories the account has.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import {
  AccountDescription,
  answerLookup,
  DEFAULT_ACCOUNT,
  DEFAULT_REGION,
  placeOf,
  VpcDescription,
} from "../../testing/cloud";
import { computedOutputs, newId } from "../../testing/resources";
import { LoopbackServer } from "../standins/loopback";
import { StsStandIn } from "../standins/sts";
import {
  DirectoryRecord,
  WorkspacesStandIn,
  accountOfDirectory,
  defaultRoleOf,
} from "../standins/workspaces";

/** A resource the stand-in providers made. */
export interface MadeResource {
  readonly type: string;
  readonly urn: string;
  /**
   * Its inputs, as last applied: what a diff compares the new inputs with. A bridged provider
   * compares with the prior state but leaves alone what only AWS computes (an address inside a
   * resolver's ipAddresses, say), which comes to the same.
   */
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  /** The account it was made in: the one its provider reaches (AccountDescription.providers). */
  accountId?: string;
}

/** What the folder keeps between commands. */
export interface CloudState {
  account: AccountDescription;
  serial: number;
  /** By ID. */
  resources: Record<string, MadeResource>;
  /** The WorkSpaces stand-in's directories, as it left them. */
  directories: DirectoryRecord[];
}

export const STATE_FILE = "standin-cloud.json";

/** The value of a secret as the provider protocol hands it over (the SDK's signature), or the value itself. */
const { specialSigKey, specialSecretSig } = pulumi.runtime;
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if (object[specialSigKey] === specialSecretSig) {
      return plain(object.value);
    }
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** `value` as a secret, the way a provider returns one (pulumi-aws marks such outputs in its schema). */
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/**
 * Outputs pulumi-aws and pulumi-tls mark secret in their schemas (`"secret": true`): the engine
 * keeps them as ciphertext in the state because the provider says so, whatever the program does.
 */
const SECRET_OUTPUTS: Record<string, readonly string[]> = {
  "aws:directoryservice/directory:Directory": ["password"],
  "tls:index/privateKey:PrivateKey": ["privateKeyPem", "privateKeyOpenssh", "privateKeyPemPkcs8"],
  "aws:ec2/instance:Instance": ["passwordData"],
};

/** EC2's query protocol, for the one action the association makes: DescribeVpcEndpoints. */
class Ec2StandIn extends LoopbackServer {
  constructor(private readonly cloud: EngineCloud) {
    super();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const params = new URLSearchParams(body.toString());
    const action = params.get("Action");
    const xml = (status: number, text: string) => {
      res.writeHead(status, { "content-type": "text/xml;charset=UTF-8" });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${text}`);
    };
    const error = (code: string, message: string) =>
      xml(
        400,
        `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>standin</RequestID></Response>`,
      );
    if (action !== "DescribeVpcEndpoints") {
      return error("InvalidAction", `The action ${action} is not valid for this web service.`);
    }
    const ids = [...params.entries()].filter(([k]) => /^VpcEndpointId\.\d+$/.test(k)).map(([, v]) => v);
    // EC2 answers in the account the request's credentials reach (an assumed role's, say).
    const caller = this.cloud.sts.accountOf(req);
    const found = ids.map((id) => this.cloud.endpoint(id, caller));
    const missing = ids.filter((_, i) => !found[i]);
    if (missing.length > 0) {
      return error(
        "InvalidVpcEndpointId.NotFound",
        `The Vpc Endpoint Id '${missing.join(", ")}' does not exist`,
      );
    }
    const set = (name: string, items: string[]) =>
      `<${name}>${items.map((i) => `<item>${i}</item>`).join("")}</${name}>`;
    const items = found.map((e) => {
      const endpoint = e!;
      return (
        `<item><vpcEndpointId>${endpoint.id}</vpcEndpointId><vpcEndpointType>${endpoint.vpcEndpointType}</vpcEndpointType>` +
        `<vpcId>${endpoint.vpcId}</vpcId><serviceName>${endpoint.serviceName}</serviceName><state>${endpoint.state}</state>` +
        `<privateDnsEnabled>${endpoint.privateDnsEnabled}</privateDnsEnabled><ipAddressType>${endpoint.ipAddressType}</ipAddressType>` +
        `<dnsOptions><dnsRecordIpType>${endpoint.dnsRecordIpType}</dnsRecordIpType></dnsOptions>` +
        set("subnetIdSet", endpoint.subnetIds) +
        set(
          "groupSet",
          endpoint.securityGroupIds.map((g) => `<groupId>${g}</groupId><groupName>${g}</groupName>`),
        ) +
        `<ownerId>${endpoint.ownerId}</ownerId>` +
        set(
          "tagSet",
          Object.entries(endpoint.tags).map(([k, v]) => `<key>${k}</key><value>${v}</value>`),
        ) +
        `</item>`
      );
    });
    xml(
      200,
      `<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>standin</requestId><vpcEndpointSet>${items.join("")}</vpcEndpointSet></DescribeVpcEndpointsResponse>`,
    );
  }
}

/**
 * CloudWatch Logs (JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`), for the sign-in log the
 * association reads at preview: FilterLogEvents answers the events a test put there (none by
 * default). Any other service the SDK is sent here (AWS_ENDPOINT_URL, the catch-all) is refused
 * with the operation named, so nothing leaves 127.0.0.1 unnoticed.
 */
class LogsStandIn extends LoopbackServer {
  readonly events: { timestamp: number; message: string; logStreamName?: string }[] = [];
  readonly refused: string[] = [];

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const target = String(req.headers["x-amz-target"] ?? "");
    if (target === "Logs_20140328.FilterLogEvents") {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ events: this.events, searchedLogStreams: [] }));
      return;
    }
    this.refused.push(target || `${req.method} ${req.url}`);
    res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
    res.end(
      JSON.stringify({
        __type: "UnrecognizedClientException",
        message: `the engine tier's stand-in AWS does not serve ${target || req.url}`,
      }),
    );
  }
}

/** The stand-in providers' side: `POST /provider/<method>` with JSON, answered with JSON. */
class ProviderApi extends LoopbackServer {
  constructor(private readonly cloud: EngineCloud) {
    super();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const method = (req.url ?? "").replace(/^\/provider\//, "");
    try {
      const answer = this.cloud.provider(
        method,
        JSON.parse(body.toString() || "{}") as Record<string, unknown>,
      );
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer ?? null));
    } catch (error) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: (error as Error).message }));
    }
  }
}

/** The replacement rule of a type: the inputs whose change makes pulumi-aws replace the resource. */
export type ReplaceOn = Readonly<Record<string, readonly string[]>>;

export interface EngineCloudOptions {
  /** The folder its state is kept in (STATE_FILE); created if missing. */
  readonly folder: string;
  /** The account, on a first start (later starts keep the folder's). */
  readonly account?: AccountDescription;
  /** Which inputs replace, by type (tests/engine/replaceOn.ts). */
  readonly replaceOn: ReplaceOn;
}

export class EngineCloud {
  readonly workspaces = new WorkspacesStandIn();
  readonly sts = new StsStandIn();
  private readonly ec2 = new Ec2StandIn(this);
  readonly logs = new LogsStandIn();
  private readonly api = new ProviderApi(this);
  state: CloudState;
  /** Types whose next create fails with this message, as AWS refusing it would (a test sets it). */
  readonly failCreate = new Map<string, string>();

  constructor(private readonly options: EngineCloudOptions) {
    const file = path.join(options.folder, STATE_FILE);
    this.state = fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, "utf8")) as CloudState)
      : { account: options.account ?? {}, serial: 0, resources: {}, directories: [] };
    if (!fs.existsSync(file)) {
      // Each registered in its account: the one of the description, or of the provider it lists it under.
      const account = this.state.account;
      const registered = [
        ...(account.directories ?? []).map((id) => [id, this.accountId] as const),
        ...Object.values(account.providers ?? {}).flatMap((p) =>
          (p.directories ?? []).map((id) => [id, p.accountId] as const),
        ),
      ];
      for (const [directoryId, accountId] of registered) {
        this.state.directories.push(
          this.workspaces.addDirectory({
            DirectoryId: directoryId,
            IamRoleId: defaultRoleOf(accountId),
          }),
        );
      }
    }
    for (const directory of this.state.directories) {
      this.workspaces.directories.set(directory.DirectoryId, directory);
    }
  }

  get accountId(): string {
    return this.state.account.accountId ?? DEFAULT_ACCOUNT;
  }

  get region(): string {
    return this.state.account.region ?? DEFAULT_REGION;
  }

  async start(): Promise<this> {
    this.sts.defaultAccount = this.accountId;
    // WorkSpaces answers in the account the caller's credentials reach, as EC2 does.
    this.workspaces.callerAccount = (req) => this.sts.accountOf(req);
    await Promise.all(this.servers().map((server) => server.start()));
    return this;
  }

  /** What the engine and its plugins need to reach this account. */
  get env(): Record<string, string> {
    return {
      WORKSPACES_ENGINE_CLOUD: this.api.url,
      AWS_ENDPOINT_URL_WORKSPACES: this.workspaces.url,
      AWS_ENDPOINT_URL_EC2: this.ec2.url,
      AWS_ENDPOINT_URL_STS: this.sts.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: this.logs.url,
      // every other service: refused by the Logs stand-in, never the internet
      AWS_ENDPOINT_URL: this.logs.url,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7ENGINE0",
      AWS_SECRET_ACCESS_KEY: "stand-in-secret-key-not-real-000000000000",
      AWS_REGION: this.region,
      AWS_EC2_METADATA_DISABLED: "true",
    };
  }

  /** Writes the state to the folder. */
  save(): void {
    this.state.directories = [...this.workspaces.directories.values()];
    fs.mkdirSync(this.options.folder, { recursive: true });
    const file = path.join(this.options.folder, STATE_FILE);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(this.state, null, 2));
    fs.renameSync(`${file}.tmp`, file);
  }

  async stop(): Promise<void> {
    this.save();
    await Promise.all(this.servers().map((server) => server.stop()));
  }

  private servers(): LoopbackServer[] {
    return [this.workspaces, this.sts, this.ec2, this.logs, this.api];
  }

  /** The endpoint a directory streams through now, as WorkSpaces says (undefined: none). */
  streamsThrough(directoryId: string): string | undefined {
    return this.workspaces.truth(directoryId).WorkspaceAccessProperties.AccessEndpointConfig
      ?.AccessEndpoints[0]?.VpcEndpointId;
  }

  /** The resources of one type the providers made. */
  made(type: string): [string, MadeResource][] {
    return Object.entries(this.state.resources).filter(([, r]) => r.type === type);
  }

  /**
   * An endpoint as EC2 describes it to `caller`: one the aws stand-in made, or one the account
   * has, if it is in the caller's account (another account's endpoint is not found, as in AWS).
   */
  endpoint(id: string, caller = this.accountId) {
    const made = this.state.resources[id];
    if (made?.type === "aws:ec2/vpcEndpoint:VpcEndpoint") {
      const ownerId = made.accountId ?? this.accountId;
      if (ownerId !== caller) {
        return undefined;
      }
      const s = plain(made.state) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      return {
        id,
        vpcId: String(s.vpcId),
        serviceName: String(s.serviceName),
        vpcEndpointType: String(s.vpcEndpointType ?? "Gateway"),
        state: "available",
        privateDnsEnabled: s.privateDnsEnabled === true,
        ipAddressType: String(s.ipAddressType ?? "ipv4"),
        dnsRecordIpType: String(s.dnsOptions?.dnsRecordIpType ?? "ipv4"),
        subnetIds: (s.subnetIds ?? []) as string[],
        securityGroupIds: (s.securityGroupIds ?? []) as string[],
        ownerId,
        tags: { ...(s.tagsAll ?? {}), ...(s.tags ?? {}) } as Record<string, string>,
      };
    }
    const had = (this.state.account.endpoints ?? []).find((e) => e.id === id);
    if (!had || (had.ownerId ?? this.accountId) !== caller) {
      return undefined;
    }
    return {
      id,
      vpcId: had.vpcId,
      serviceName: had.serviceName ?? `com.amazonaws.${this.region}.highlander`,
      vpcEndpointType: had.vpcEndpointType ?? "Interface",
      state: had.state ?? "available",
      privateDnsEnabled: had.privateDnsEnabled ?? true,
      ipAddressType: had.ipAddressType ?? "ipv4",
      dnsRecordIpType: had.dnsRecordIpType ?? "ipv4",
      subnetIds: [...(had.subnetIds ?? [])],
      securityGroupIds: [...(had.securityGroupIds ?? [])],
      ownerId: had.ownerId ?? this.accountId,
      tags: {} as Record<string, string>,
    };
  }

  /** The account as lookups see it now: what it had, and the VPCs and directories made since. */
  private lookupAccount(): AccountDescription {
    const vpcs: VpcDescription[] = this.made("aws:ec2/vpc:Vpc").map(([id, r]) => ({
      id,
      cidrBlock: String(r.state.cidrBlock),
      enableDnsSupport: (r.state.enableDnsSupport as boolean | undefined) ?? true,
      enableDnsHostnames: (r.state.enableDnsHostnames as boolean | undefined) ?? false,
      ownerId: r.accountId ?? this.accountId,
    }));
    const account = this.state.account;
    // The directories WorkSpaces has now, each found through the providers that reach its account.
    const registeredIn = (accountId: string) =>
      [...this.workspaces.directories.values()]
        .filter((d) => accountOfDirectory(d) === accountId)
        .map((d) => d.DirectoryId);
    return {
      ...account,
      vpcs: [...(account.vpcs ?? []), ...vpcs],
      directories: registeredIn(this.accountId),
      providers: Object.fromEntries(
        Object.entries(account.providers ?? {}).map(([name, p]) => [
          name,
          { ...p, directories: registeredIn(p.accountId) },
        ]),
      ),
    };
  }

  /** The providers' calls (tests/engine/plugins.ts), each with the provider it came through. */
  provider(method: string, request: Record<string, unknown>): unknown {
    const urn = String(request.urn ?? "");
    const type = urn.split("::")[2]?.split("$").pop() ?? "";
    const inputs = (request.news ?? request.inputs ?? {}) as Record<string, unknown>;
    const through = request.provider as { urn: string; id: string } | undefined;
    const providerRef = through ? `${through.urn}::${through.id}` : undefined;
    const place = placeOf(this.state.account, providerRef);
    switch (method) {
      case "invoke": {
        const answer = answerLookup(this.lookupAccount(), {
          token: String(request.token),
          inputs: plain(request.inputs) as Record<string, unknown>,
          provider: providerRef,
        });
        if (answer === undefined) {
          throw new Error(`the stand-in account does not answer ${String(request.token)}`);
        }
        return answer;
      }
      case "create": {
        const failure = this.failCreate.get(type);
        if (failure !== undefined) {
          this.failCreate.delete(type);
          throw new Error(failure);
        }
        const id = newId(type, ++this.state.serial);
        const state = this.outputs(type, id, inputs, place);
        this.state.resources[id] = { type, urn, inputs, state, accountId: place.accountId };
        this.sideEffects("create", type, id, state, place.accountId);
        this.save();
        return { id, outs: state };
      }
      case "update": {
        const id = String(request.id);
        const accountId = this.state.resources[id]?.accountId ?? place.accountId;
        const state = this.outputs(type, id, inputs, { accountId, region: place.region });
        this.state.resources[id] = { type, urn, inputs, state, accountId };
        this.save();
        return { outs: state };
      }
      case "read": {
        const id = String(request.id);
        const made = this.state.resources[id];
        if (!made) {
          return { id: "" }; // gone: the engine drops it from the state
        }
        return {
          id,
          props: made.state,
          inputs: made.inputs,
        };
      }
      case "delete": {
        const id = String(request.id);
        const made = this.state.resources[id];
        if (made) {
          this.sideEffects("delete", made.type, id, made.state, made.accountId ?? this.accountId);
          delete this.state.resources[id];
          this.save();
        }
        return {};
      }
      case "diff": {
        const id = String(request.id);
        const olds = this.state.resources[id]?.inputs ?? ((request.olds ?? {}) as Record<string, unknown>);
        const changed = [...new Set([...Object.keys(olds), ...Object.keys(inputs)])].filter(
          (k) => JSON.stringify(plain(olds[k]) ?? null) !== JSON.stringify(plain(inputs[k]) ?? null),
        );
        const replaceOn = this.options.replaceOn[type] ?? [];
        return {
          changes: changed.length > 0,
          replaces: changed.filter((k) => replaceOn.includes(k)),
          changed,
        };
      }
      default:
        throw new Error(`the stand-in providers have no method ${method}`);
    }
  }

  /** A resource's state: its inputs, what AWS computes, and the provider's secret outputs as secrets. */
  private outputs(
    type: string,
    id: string,
    inputs: Record<string, unknown>,
    place: { accountId: string; region: string },
  ): Record<string, unknown> {
    const state: Record<string, unknown> = {
      ...inputs,
      ...computedOutputs(type, id, plain(inputs) as Record<string, unknown>, place),
    };
    for (const key of SECRET_OUTPUTS[type] ?? []) {
      if (state[key] !== undefined) {
        state[key] = secret(plain(state[key]));
      }
    }
    return state;
  }

  /** What making or deleting a resource does to the services the association reads. */
  private sideEffects(
    what: "create" | "delete",
    type: string,
    _id: string,
    state: Record<string, unknown>,
    accountId: string,
  ): void {
    if (type === "aws:workspaces/directory:Directory") {
      const directoryId = String(plain(state.directoryId));
      if (what === "create") {
        this.workspaces.addDirectory({
          DirectoryId: directoryId,
          IamRoleId: defaultRoleOf(accountId),
        });
      } else {
        this.workspaces.directories.delete(directoryId);
      }
    }
  }
}
