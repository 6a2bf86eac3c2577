/**
 * The AWS a cut-over report reads, from moto: Directory Service directories registered with
 * WorkSpaces, WorkSpaces created with their protocols, and a CloudWatch Logs group holding
 * sign-ins in the format EventBridge delivers `WorkSpaces Access` events in. moto answers
 * DescribeWorkspaces in one page, whatever the count; AWS pages by 25, so an overlay in front of
 * moto pages it the way AWS does (moto's WorkSpaces, sliced). The SDK is pointed at them through
 * AWS_ENDPOINT_URL_*; `stop` restores the environment.
 */
import * as DS from "@aws-sdk/client-directory-service";
import * as EC2 from "@aws-sdk/client-ec2";
import * as Logs from "@aws-sdk/client-cloudwatch-logs";
import * as WS from "@aws-sdk/client-workspaces";
import { randomUUID } from "crypto";
import * as http from "http";
import { LoopbackServer } from "./loopback";
import { startMoto, motoMissing, skipReasonOrThrow } from "./moto";
import { skipSuite } from "./skips";

export const REGION = "ap-northeast-1";
/** AWS's page size for DescribeWorkspaces. */
const PAGE = 25;

/** Pages moto's DescribeWorkspaces by 25, as AWS does; everything else passes through. */
class WorkspacesPager extends LoopbackServer {
  readonly calls: Record<string, number> = {};
  constructor(private readonly upstream: string) {
    super();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const target =
      String(req.headers["x-amz-target"] ?? "")
        .split(".")
        .pop() ?? "";
    this.calls[target] = (this.calls[target] ?? 0) + 1;
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k)),
    ) as Record<string, string>;
    let input: Record<string, unknown> = {};
    let sent = body;
    if (target === "DescribeWorkspaces") {
      input = JSON.parse(body.toString() || "{}") as Record<string, unknown>;
      const { NextToken: _token, Limit: _limit, ...rest } = input;
      sent = Buffer.from(JSON.stringify(rest));
    }
    const upstream = await fetch(`${this.upstream}${req.url}`, { method: req.method, headers, body: sent });
    let text = await upstream.text();
    if (target === "DescribeWorkspaces" && upstream.ok) {
      const all = (JSON.parse(text) as { Workspaces?: unknown[] }).Workspaces ?? [];
      const start = typeof input.NextToken === "string" ? Number(input.NextToken.split(":")[1]) : 0;
      const size = Math.min(Number(input.Limit ?? PAGE), PAGE);
      const next = start + size < all.length ? `page:${start + size}` : undefined;
      text = JSON.stringify({
        Workspaces: all.slice(start, start + size),
        ...(next ? { NextToken: next } : {}),
      });
    }
    res.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "application/x-amz-json-1.1",
    });
    res.end(text);
  }
}

/** One sign-in as the test wants it logged. */
export interface SignIn {
  readonly workspaceId: string;
  /** Empty for an event without an address. */
  readonly ip: string;
  readonly platform?: string;
  /** When, in epoch ms (the log event's timestamp and the event's loginTime). */
  readonly at: number;
  /** How the event writes the directory; AWS's own example writes `domain/d-...`. */
  readonly directoryId?: string;
}

/** The event EventBridge delivers to CloudWatch Logs for a sign-in (AWS's documented shape). */
export function signInEvent(s: SignIn): string {
  const time = new Date(s.at).toISOString();
  return JSON.stringify({
    version: "0",
    id: randomUUID(),
    "detail-type": "WorkSpaces Access",
    source: "aws.workspaces",
    account: "123456789012",
    time,
    region: REGION,
    resources: [],
    detail: {
      clientIpAddress: s.ip,
      actionType: "successfulLogin",
      workspacesClientProductName: "WorkSpaces Desktop client",
      loginTime: time,
      clientPlatform: s.platform ?? "Windows",
      directoryId: s.directoryId ?? "domain/d-unknown",
      workspaceId: s.workspaceId,
    },
  });
}

export class CutoverLab {
  private constructor(
    private readonly stopMoto: () => Promise<void>,
    readonly pager: WorkspacesPager,
    private readonly saved: Record<string, string | undefined>,
    private readonly clients: {
      ec2: EC2.EC2Client;
      ds: DS.DirectoryServiceClient;
      ws: WS.WorkSpacesClient;
      logs: Logs.CloudWatchLogsClient;
    },
    private readonly subnets: string[],
    private readonly vpcId: string,
  ) {}

  /** Starts moto and the overlay, or skips the suite (outside CI) when moto is missing. */
  static async startOrSkip(context: Mocha.Context): Promise<CutoverLab> {
    const missing = motoMissing();
    if (missing) {
      skipSuite(context, {
        reason: skipReasonOrThrow(missing),
        packages: [],
        fix: "install moto for python3 (pip install 'moto[server]')",
      });
    }
    return CutoverLab.start();
  }

  /** Starts moto and the overlay, and points the SDK at them. */
  static async start(): Promise<CutoverLab> {
    const moto = await startMoto();
    const pager = await new WorkspacesPager(moto.url).start();
    const env: Record<string, string | undefined> = {
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7STANDIN",
      AWS_SECRET_ACCESS_KEY: "stand-in-secret-key-not-real-000000000000",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: undefined,
      AWS_REGION: undefined,
      AWS_ENDPOINT_URL_WORKSPACES: pager.url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: moto.url,
      AWS_ENDPOINT_URL_DIRECTORY_SERVICE: moto.url,
      AWS_ENDPOINT_URL_EC2: moto.url,
      AWS_ENDPOINT_URL_STS: moto.url,
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const config = { region: REGION };
    const clients = {
      ec2: new EC2.EC2Client(config),
      ds: new DS.DirectoryServiceClient(config),
      ws: new WS.WorkSpacesClient(config),
      logs: new Logs.CloudWatchLogsClient(config),
    };
    const vpc = (await clients.ec2.send(new EC2.CreateVpcCommand({ CidrBlock: "10.1.0.0/16" }))).Vpc!.VpcId!;
    const subnets: string[] = [];
    for (const [cidr, zone] of [
      ["10.1.1.0/24", "ap-northeast-1a"],
      ["10.1.2.0/24", "ap-northeast-1c"],
    ]) {
      const out = await clients.ec2.send(
        new EC2.CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone }),
      );
      subnets.push(out.Subnet!.SubnetId!);
    }
    return new CutoverLab(() => moto.stop(), pager, saved, clients, subnets, vpc);
  }

  /** A Simple AD directory, registered with WorkSpaces Personal; returns its ID. */
  async directory(name: string): Promise<string> {
    const { DirectoryId } = await this.clients.ds.send(
      new DS.CreateDirectoryCommand({
        Name: name,
        Password: "Lab-Passw0rd!",
        Size: "Small",
        VpcSettings: { VpcId: this.vpcId, SubnetIds: this.subnets },
      }),
    );
    await this.clients.ws.send(
      new WS.RegisterWorkspaceDirectoryCommand({ DirectoryId, SubnetIds: this.subnets }),
    );
    return DirectoryId!;
  }

  /** WorkSpaces for these users, streaming with these protocols; returns their IDs, in order. */
  async workspaces(
    directoryId: string,
    users: readonly { userName: string; protocol: "WSP" | "PCOIP" }[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < users.length; i += 25) {
      const out = await this.clients.ws.send(
        new WS.CreateWorkspacesCommand({
          Workspaces: users.slice(i, i + 25).map((u) => ({
            DirectoryId: directoryId,
            UserName: u.userName,
            BundleId: "wsb-bh8rsxt14",
            WorkspaceProperties: { Protocols: [u.protocol] },
          })),
        }),
      );
      if (out.FailedRequests?.length) {
        throw new Error(`moto refused WorkSpaces: ${JSON.stringify(out.FailedRequests[0])}`);
      }
      ids.push(...(out.PendingRequests ?? []).map((w) => w.WorkspaceId!));
    }
    return ids;
  }

  /** A log group holding these sign-ins (as EventBridge delivers them), oldest first. */
  async signInLog(name: string, signIns: readonly SignIn[]): Promise<void> {
    await this.clients.logs.send(new Logs.CreateLogGroupCommand({ logGroupName: name }));
    await this.clients.logs.send(
      new Logs.CreateLogStreamCommand({ logGroupName: name, logStreamName: "events" }),
    );
    const sorted = [...signIns].sort((a, b) => a.at - b.at);
    // Within PutLogEvents' limits: 10,000 events and 1,048,576 bytes (each message + 26) a batch.
    let batch: { timestamp: number; message: string }[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length > 0) {
        await this.clients.logs.send(
          new Logs.PutLogEventsCommand({ logGroupName: name, logStreamName: "events", logEvents: batch }),
        );
      }
      batch = [];
      bytes = 0;
    };
    for (const s of sorted) {
      const message = signInEvent(s);
      const size = Buffer.byteLength(message) + 26;
      if (batch.length === 10_000 || bytes + size > 1_048_576) {
        await flush();
      }
      batch.push({ timestamp: s.at, message });
      bytes += size;
    }
    await flush();
  }

  async stop(): Promise<void> {
    Object.values(this.clients).forEach((c) => c.destroy());
    for (const [k, v] of Object.entries(this.saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await this.pager.stop();
    await this.stopMoto();
  }
}
