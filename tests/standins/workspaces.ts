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

const DEVICE_VALUES = ["ALLOW", "DENY"];
const PAGE = 25;

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
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
  }

  /** Forgets calls and write counts (not state). */
  resetCounters(): void {
    this.calls.length = 0;
    this.effectiveWrites = 0;
  }

  /** Calls by operation, counting every request that arrived (faulted ones too). */
  count(operation?: string): number {
    return this.calls.filter((c) => !operation || c.operation === operation).length;
  }

  addDirectory(overrides: Partial<DirectoryRecord> & { DirectoryId: string }): DirectoryRecord {
    const record: DirectoryRecord = {
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
    const record = (outcome: CallRecord["outcome"]) => this.calls.push({ operation, input, outcome });

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
      const output = this.operate(operation, input);
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
        { __type: `com.amazonaws.workspaces#${error.type}`, message: error.message },
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

  private operate(operation: string, input: Record<string, unknown>): unknown {
    switch (operation) {
      case "DescribeWorkspaceDirectories": {
        const ids = (input.DirectoryIds as string[] | undefined) ?? [...this.directories.keys()];
        return { Directories: ids.map((id) => this.visible(id)).filter(Boolean) };
      }
      case "DescribeWorkspaces": {
        const limit = Math.min(Number(input.Limit ?? PAGE), PAGE);
        const start = Number(input.NextToken ?? 0);
        const matching = this.workspaces.filter(
          (w) => !input.DirectoryId || w.DirectoryId === input.DirectoryId,
        );
        const page = matching.slice(start, start + limit);
        const next = start + limit < matching.length ? String(start + limit) : undefined;
        return { Workspaces: copy(page), ...(next ? { NextToken: next } : {}) };
      }
      case "ModifyWorkspaceAccessProperties":
        return this.modifyAccess(input);
      default:
        throw new ApiError("UnknownOperationException", `The stand-in does not implement ${operation}`);
    }
  }

  private modifyAccess(input: Record<string, unknown>): unknown {
    const directory = this.directories.get(String(input.ResourceId));
    if (!directory) {
      throw new ApiError(
        "ResourceNotFoundException",
        `The resource ${String(input.ResourceId)} could not be found.`,
      );
    }
    if (directory.State !== "REGISTERED") {
      throw new ApiError("InvalidResourceStateException", `The directory is ${directory.State}.`);
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
        for (const endpoint of config.AccessEndpoints) {
          if (
            endpoint.AccessEndpointType !== "STREAMING_WSP" ||
            !/^vpce-[0-9a-f]{8,17}$/.test(String(endpoint.VpcEndpointId))
          ) {
            throw new ApiError(
              "InvalidParameterValuesException",
              `Invalid access endpoint ${JSON.stringify(endpoint)}.`,
            );
          }
        }
        if ((config.InternetFallbackProtocols ?? []).some((p) => p !== "PCOIP")) {
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
    // Omitted fields are left as they are: the assumption the association relies on.
    Object.assign(directory.WorkspaceAccessProperties, copy(properties));
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
