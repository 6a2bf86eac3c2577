/**
 * A wire-level stand-in for the WorkSpaces API: an HTTP server that speaks the service's JSON 1.1
 * protocol (POST /, `X-Amz-Target: WorkspacesService.<Operation>`) to the real
 * `@aws-sdk/client-workspaces`, keeps per-directory state, answers with the modelled error shapes,
 * and can inject latency, throttling, 5xx, dropped connections, stale reads after a write, and
 * out-of-band changes. Reached through AWS_ENDPOINT_URL_WORKSPACES, on 127.0.0.1 only.
 */
import * as http from "http";
import { LoopbackServer } from "./loopback";

export interface AccessEndpointConfig {
  AccessEndpoints: { AccessEndpointType: string; VpcEndpointId?: string }[];
  InternetFallbackProtocols?: string[];
}

export interface DirectoryRecord {
  DirectoryId: string;
  /** The role WorkSpaces uses in the directory's account: where the association learns that account. */
  IamRoleId: string;
  State: "REGISTERING" | "REGISTERED" | "DEREGISTERING" | "DEREGISTERED" | "ERROR";
  WorkspaceType: "PERSONAL" | "POOLS";
  EndpointEncryptionMode: "STANDARD_TLS" | "FIPS_VALIDATED";
  StreamingProperties: { GlobalAccelerator?: { Mode: "ENABLED_AUTO" | "DISABLED" } };
  ipGroupIds: string[];
  WorkspaceAccessProperties: Record<string, unknown> & { AccessEndpointConfig?: AccessEndpointConfig };
}

export interface WorkspaceRecord {
  WorkspaceId: string;
  DirectoryId: string;
  WorkspaceProperties: {
    Protocols: string[];
    GlobalAccelerator?: { Mode: "ENABLED_AUTO" | "DISABLED" | "INHERITED" };
  };
}

export interface Faults {
  /** Added before every answer. */
  latencyMs?: number;
  /** Share of requests answered 400 ThrottlingException. */
  throttleRate?: number;
  /** Share of requests answered 500 or 503. */
  serverErrorRate?: number;
  /** Share of requests whose connection is closed without an answer. */
  dropRate?: number;
  /** For this long after a write, reads of that directory show the state before it. */
  staleReadMs?: number;
  /** Seed of the fault dice, so a failing run can be repeated. */
  seed?: number;
}

export interface CallRecord {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly outcome: "ok" | "throttled" | "server-error" | "dropped" | "client-error";
  /** The account the request's credentials reach, where the stand-in is told (callerAccount). */
  readonly account?: string;
}

/** The device access settings a directory starts with; the association must never touch them. */
export const DEVICE_ACCESS = {
  DeviceTypeWindows: "ALLOW",
  DeviceTypeOsx: "ALLOW",
  DeviceTypeWeb: "DENY",
  DeviceTypeIos: "ALLOW",
  DeviceTypeAndroid: "DENY",
  DeviceTypeChromeOs: "ALLOW",
  DeviceTypeZeroClient: "DENY",
  DeviceTypeLinux: "ALLOW",
  DeviceTypeWorkSpacesThinClient: "DENY",
};

/** The account of the stand-in's directories: moto's default account, which owns its endpoints. */
export const ACCOUNT = "123456789012";

/** The service role a directory registered in `accountId` names (its IamRoleId). */
export function defaultRoleOf(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/workspaces_DefaultRole`;
}

/** The account a directory is registered in: its role's. */
export function accountOfDirectory(directory: DirectoryRecord): string {
  return directory.IamRoleId.split(":")[4];
}

/**
 * What the stand-in enforces of the WorkSpaces API model (botocore's workspaces/2015-04-08
 * service-2.json, the model the SDK is generated from). tests/provider/standinModel.test.ts checks
 * every value here against that model, so the stand-in cannot drift from it.
 */
export const MODEL = {
  directoryIdPattern: "^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)",
  vpcEndpointIdPattern: "^[a-zA-Z0-9\\_\\-]{1,1000}$",
  maxLimit: 25,
  maxDirectoryIds: 25,
  nextTokenLength: [1, 2048],
  accessPropertyValues: ["ALLOW", "DENY"],
  deviceTypes: Object.keys(DEVICE_ACCESS),
  accessEndpointTypes: ["STREAMING_WSP"],
  internetFallbackProtocols: ["PCOIP"],
  errors: {
    DescribeWorkspaceDirectories: ["InvalidParameterValuesException"],
    DescribeWorkspaces: ["InvalidParameterValuesException", "ResourceUnavailableException"],
    ModifyWorkspaceAccessProperties: [
      "ResourceNotFoundException",
      "AccessDeniedException",
      "InvalidParameterValuesException",
      "InvalidParameterCombinationException",
      "OperationNotSupportedException",
    ],
  },
} as const;

/**
 * What ModifyWorkspaceAccessProperties does with the fields a request leaves out, which AWS does
 * not document: "merge" leaves them as they are, "replace" resets them to their defaults (every
 * device type ALLOW, no access endpoint), "clobber" is a misbehaving service that changes a device
 * setting on every write (so the association's verification has something to catch).
 */
export type WriteSemantics = "merge" | "replace" | "clobber";

const DEVICE_VALUES: readonly string[] = MODEL.accessPropertyValues;
const PAGE = MODEL.maxLimit;

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class WorkspacesStandIn extends LoopbackServer {
  readonly directories = new Map<string, DirectoryRecord>();
  readonly workspaces: WorkspaceRecord[] = [];
  readonly calls: CallRecord[] = [];
  /** Writes that changed a directory's state (a repeated identical write is not effective). */
  effectiveWrites = 0;
  /** How a write treats the fields it leaves out (see WriteSemantics). */
  writeSemantics: WriteSemantics = "merge";
  /** Makes the next ModifyWorkspaceAccessProperties with an empty AccessEndpoints list fail (AWS refusing the removal). */
  refuseEmptyAccessEndpoints = false;
  /**
   * Refuses an endpoint that another directory already streams through, as AWS might (whether one
   * endpoint may serve several directories is not documented).
   */
  refuseSharedEndpoints = false;
  /**
   * The account a request's credentials reach (an STS stand-in's accountOf, say). When set, a
   * caller sees only its own account's directories and their WorkSpaces, as in AWS; another
   * account's directory is not found. Unset, every caller sees every directory.
   */
  callerAccount?: (req: http.IncomingMessage) => string;
  private faults: Faults = {};
  private dice = mulberry32(1);
  private readonly stale = new Map<string, { until: number; snapshot: DirectoryRecord }>();

  setFaults(faults: Faults): void {
    this.faults = faults;
    this.dice = mulberry32(faults.seed ?? 1);
  }

  /** Back to an empty service: no directories, WorkSpaces, faults, stale windows or counts. */
  reset(): void {
    this.directories.clear();
    this.workspaces.length = 0;
    this.stale.clear();
    this.setFaults({});
    this.resetCounters();
    this.writeSemantics = "merge";
    this.refuseEmptyAccessEndpoints = false;
    this.refuseSharedEndpoints = false;
    this.callerAccount = undefined;
  }

  /** Forgets calls, write counts and signers (not state). */
  resetCounters(): void {
    this.calls.length = 0;
    this.effectiveWrites = 0;
    this.signers.clear();
  }

  /** Calls by operation, counting every request that arrived (faulted ones too). */
  count(operation?: string): number {
    return this.calls.filter((c) => !operation || c.operation === operation).length;
  }

  addDirectory(overrides: Partial<DirectoryRecord> & { DirectoryId: string }): DirectoryRecord {
    const record: DirectoryRecord = {
      IamRoleId: defaultRoleOf(ACCOUNT),
      State: "REGISTERED",
      WorkspaceType: "PERSONAL",
      EndpointEncryptionMode: "STANDARD_TLS",
      StreamingProperties: {},
      ipGroupIds: [],
      WorkspaceAccessProperties: { ...DEVICE_ACCESS },
      ...copy(overrides),
    };
    this.directories.set(record.DirectoryId, record);
    return record;
  }

  addWorkspaces(
    directoryId: string,
    count: number,
    properties: Partial<WorkspaceRecord["WorkspaceProperties"]> = {},
  ): void {
    for (let i = 0; i < count; i++) {
      this.workspaces.push({
        WorkspaceId: `ws-${(this.workspaces.length + 1).toString(16).padStart(9, "0")}`,
        DirectoryId: directoryId,
        WorkspaceProperties: { Protocols: ["WSP"], ...copy(properties) },
      });
    }
  }

  /** What the directory really holds now (not what a stale read would show). */
  truth(directoryId: string): DirectoryRecord {
    return copy(this.directories.get(directoryId)!);
  }

  /** A change made by someone else, outside the resource (console, CLI, another stack). */
  changeOutOfBand(directoryId: string, change: (d: DirectoryRecord) => void): void {
    change(this.directories.get(directoryId)!);
    this.stale.delete(directoryId);
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.replace(/^WorkspacesService\./, "");
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(body.toString() || "{}");
    } catch {
      // answered below as a bad request
    }
    const account = this.callerAccount?.(req);
    const record = (outcome: CallRecord["outcome"]) =>
      this.calls.push({ operation, input, outcome, ...(account ? { account } : {}) });

    if (this.faults.dropRate && this.dice() < this.faults.dropRate) {
      record("dropped");
      req.socket.destroy();
      return;
    }
    if (this.faults.latencyMs) {
      await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
    }
    try {
      if (this.faults.throttleRate && this.dice() < this.faults.throttleRate) {
        record("throttled");
        throw new ApiError("ThrottlingException", "Rate exceeded");
      }
      if (this.faults.serverErrorRate && this.dice() < this.faults.serverErrorRate) {
        record("server-error");
        throw new ApiError(
          "InternalFailure",
          "The server encountered an internal error",
          this.dice() < 0.5 ? 500 : 503,
        );
      }
      if (!target.startsWith("WorkspacesService.")) {
        throw new ApiError("UnknownOperationException", `Unknown target ${target}`);
      }
      const output = this.operate(operation, input, account);
      record("ok");
      this.reply(res, 200, output);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      if (!["ThrottlingException", "InternalFailure"].includes(error.type)) {
        record("client-error");
      }
      this.reply(
        res,
        error.status,
        { __type: `com.amazonaws.workspaces#${error.type}`, message: error.message, ...error.extra },
        error.type,
      );
    }
  }

  private reply(res: http.ServerResponse, status: number, body: unknown, errorType?: string): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(text),
      "x-amzn-requestid": `standin-${this.calls.length}`,
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    });
    res.end(text);
  }

  private visible(directoryId: string): DirectoryRecord | undefined {
    const stale = this.stale.get(directoryId);
    if (stale && Date.now() < stale.until) {
      return copy(stale.snapshot);
    }
    const record = this.directories.get(directoryId);
    return record && copy(record);
  }

  /** Answers InvalidParameterValuesException, as the service does, for input the model refuses. */
  private validate(operation: string, input: Record<string, unknown>): void {
    const invalid = (message: string) => new ApiError("InvalidParameterValuesException", message);
    const directoryId = new RegExp(MODEL.directoryIdPattern);
    const limit = input.Limit;
    if (
      limit !== undefined &&
      (!Number.isInteger(limit) || Number(limit) < 1 || Number(limit) > MODEL.maxLimit)
    ) {
      throw invalid(`Limit must be between 1 and ${MODEL.maxLimit}.`);
    }
    const token = input.NextToken;
    if (
      token !== undefined &&
      (typeof token !== "string" ||
        token.length < MODEL.nextTokenLength[0] ||
        token.length > MODEL.nextTokenLength[1] ||
        !this.tokens.has(token))
    ) {
      throw invalid("The NextToken is not valid.");
    }
    if (operation === "DescribeWorkspaceDirectories" && input.DirectoryIds !== undefined) {
      const ids = input.DirectoryIds as unknown[];
      if (
        !Array.isArray(ids) ||
        ids.length < 1 ||
        ids.length > MODEL.maxDirectoryIds ||
        ids.some((id) => !directoryId.test(String(id)))
      ) {
        throw invalid(`DirectoryIds must hold 1 to ${MODEL.maxDirectoryIds} directory IDs.`);
      }
    }
    if (
      operation === "DescribeWorkspaces" &&
      input.DirectoryId !== undefined &&
      !directoryId.test(String(input.DirectoryId))
    ) {
      throw invalid(`Invalid DirectoryId ${JSON.stringify(input.DirectoryId)}.`);
    }
    if (operation === "ModifyWorkspaceAccessProperties") {
      if (typeof input.ResourceId !== "string" || !directoryId.test(input.ResourceId)) {
        throw invalid(`Invalid ResourceId ${JSON.stringify(input.ResourceId)}.`);
      }
    }
  }

  /** Pagination tokens handed out, so only those are accepted back. */
  private readonly tokens = new Set<string>();

  private operate(operation: string, input: Record<string, unknown>, account?: string): unknown {
    this.validate(operation, input);
    // Another account's directory, as its caller sees it: not there.
    const elsewhere = (directoryId: unknown) => {
      const directory = this.directories.get(String(directoryId));
      return account !== undefined && directory !== undefined && accountOfDirectory(directory) !== account;
    };
    switch (operation) {
      case "DescribeWorkspaceDirectories": {
        const ids = (input.DirectoryIds as string[] | undefined) ?? [...this.directories.keys()];
        return {
          Directories: ids
            .filter((id) => !elsewhere(id))
            .map((id) => this.visible(id))
            .filter(Boolean),
        };
      }
      case "DescribeWorkspaces": {
        const limit = Math.min(Number(input.Limit ?? PAGE), PAGE);
        const start = input.NextToken === undefined ? 0 : Number(String(input.NextToken).split(":")[1]);
        const matching = this.workspaces.filter(
          (w) => (!input.DirectoryId || w.DirectoryId === input.DirectoryId) && !elsewhere(w.DirectoryId),
        );
        const page = matching.slice(start, start + limit);
        const next =
          start + limit < matching.length ? `page:${start + limit}:${this.tokens.size}` : undefined;
        if (next) {
          this.tokens.add(next);
        }
        return { Workspaces: copy(page), ...(next ? { NextToken: next } : {}) };
      }
      case "ModifyWorkspaceAccessProperties":
        return this.modifyAccess(input, elsewhere(input.ResourceId));
      default:
        throw new ApiError("UnknownOperationException", `The stand-in does not implement ${operation}`);
    }
  }

  /** @param elsewhere the directory is another account's than the caller's */
  private modifyAccess(input: Record<string, unknown>, elsewhere = false): unknown {
    const directory = elsewhere ? undefined : this.directories.get(String(input.ResourceId));
    if (!directory) {
      throw new ApiError(
        "ResourceNotFoundException",
        `The resource ${String(input.ResourceId)} could not be found.`,
      );
    }
    if (directory.State !== "REGISTERED") {
      throw new ApiError("OperationNotSupportedException", `The directory is ${directory.State}.`, 400, {
        reason: "DIRECTORY_NOT_REGISTERED",
      });
    }
    const properties = input.WorkspaceAccessProperties as Record<string, unknown> | undefined;
    if (!properties || typeof properties !== "object") {
      throw new ApiError("InvalidParameterValuesException", "WorkspaceAccessProperties is required.");
    }
    for (const [key, value] of Object.entries(properties)) {
      if (key === "AccessEndpointConfig") {
        const config = value as AccessEndpointConfig;
        if (!Array.isArray(config?.AccessEndpoints)) {
          throw new ApiError(
            "InvalidParameterValuesException",
            "AccessEndpointConfig.AccessEndpoints is required.",
          );
        }
        if (config.AccessEndpoints.length > 0) {
          const unsupported =
            directory.WorkspaceType === "POOLS"
              ? "POOLS_DIRECTORY"
              : directory.EndpointEncryptionMode === "FIPS_VALIDATED"
                ? "FIPS_ENDPOINT_ENCRYPTION"
                : directory.StreamingProperties.GlobalAccelerator?.Mode === "ENABLED_AUTO"
                  ? "GLOBAL_ACCELERATOR_ENABLED"
                  : undefined;
          if (unsupported) {
            throw new ApiError(
              "OperationNotSupportedException",
              "Streaming over a VPC endpoint is not supported for this directory.",
              400,
              {
                reason: unsupported,
              },
            );
          }
          const shared = [...this.directories.values()].find(
            (other) =>
              other !== directory &&
              other.WorkspaceAccessProperties.AccessEndpointConfig?.AccessEndpoints?.some((e) =>
                config.AccessEndpoints.some((mine) => mine.VpcEndpointId === e.VpcEndpointId),
              ),
          );
          if (this.refuseSharedEndpoints && shared) {
            throw new ApiError(
              "InvalidParameterValuesException",
              `The VPC endpoint is already associated with directory ${shared.DirectoryId}.`,
            );
          }
        } else if (this.refuseEmptyAccessEndpoints) {
          throw new ApiError("InvalidParameterValuesException", "AccessEndpoints must not be empty.");
        }
        for (const endpoint of config.AccessEndpoints) {
          if (
            !(MODEL.accessEndpointTypes as readonly string[]).includes(endpoint.AccessEndpointType) ||
            !new RegExp(MODEL.vpcEndpointIdPattern).test(String(endpoint.VpcEndpointId))
          ) {
            throw new ApiError(
              "InvalidParameterValuesException",
              `Invalid access endpoint ${JSON.stringify(endpoint)}.`,
            );
          }
        }
        if (
          (config.InternetFallbackProtocols ?? []).some(
            (p) => !(MODEL.internetFallbackProtocols as readonly string[]).includes(p),
          )
        ) {
          throw new ApiError(
            "InvalidParameterValuesException",
            "InternetFallbackProtocols only takes PCOIP.",
          );
        }
      } else if (!(key in DEVICE_ACCESS) || !DEVICE_VALUES.includes(String(value))) {
        throw new ApiError("InvalidParameterValuesException", `Invalid ${key}: ${JSON.stringify(value)}.`);
      }
    }
    const before = copy(directory);
    if (this.writeSemantics === "replace") {
      // Omitted fields go back to their defaults.
      directory.WorkspaceAccessProperties = {
        ...Object.fromEntries(Object.keys(DEVICE_ACCESS).map((k) => [k, "ALLOW"])),
        ...copy(properties),
      };
    } else {
      // Omitted fields are left as they are.
      Object.assign(directory.WorkspaceAccessProperties, copy(properties));
    }
    if (this.writeSemantics === "clobber") {
      const web = directory.WorkspaceAccessProperties.DeviceTypeWeb;
      directory.WorkspaceAccessProperties.DeviceTypeWeb = web === "ALLOW" ? "DENY" : "ALLOW";
    }
    if (JSON.stringify(before) !== JSON.stringify(directory)) {
      this.effectiveWrites++;
      const window = this.stale.get(directory.DirectoryId);
      if (this.faults.staleReadMs && (!window || Date.now() >= window.until)) {
        this.stale.set(directory.DirectoryId, {
          until: Date.now() + this.faults.staleReadMs,
          snapshot: before,
        });
      }
    }
    return {};
  }
}
