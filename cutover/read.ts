/**
 * The reads a cut-over report makes, and nothing else: the WorkSpaces of each directory
 * (DescribeWorkspaces, 25 a page, AWS's page size) and the sign-ins in the stack's sign-in log over
 * the window (FilterLogEvents, asked for 2,500 a page: about the 1 MB at which AWS stops a page anyway).
 * The AWS SDK's default credential chain (with a profile when given) and standard retries.
 */
import type * as Logs from "@aws-sdk/client-cloudwatch-logs";
import type * as WS from "@aws-sdk/client-workspaces";
import type { WorkspaceListing } from "./classify";

/** What takes the log events as they are read: a SignInIndex. */
export interface SignInSink {
  add(message: string, timestamp: number): void;
}

/**
 * The events asked for per FilterLogEvents call. AWS returns at most 10,000 and at most 1 MB a call;
 * a sign-in event is about 480 bytes, so about 2,200 fit in 1 MB and asking 2,500 costs no call on
 * AWS. Asking no more keeps each page about 1 MB wherever it comes from (a stand-in without the
 * 1 MB stop served 4.6 MB pages, and the report peaked at 300 MB instead of about 220 MB).
 */
export const EVENTS_PER_PAGE = 2_500;

/**
 * A read that failed: what could not be read, why, and what would let it: credentials where none
 * were found, else the permission it needs. A plain Error with a name, not a subclass: the reader
 * also runs inside the association's serialized provider, where a class extending Error loses its
 * message.
 */
export interface ReadFailed extends Error {
  readonly name: "ReadFailed";
  readonly what: string;
  readonly permission: string;
}

export function readFailed(what: string, cause: Error, permission: string): ReadFailed {
  const message =
    cause.name === "CredentialsProviderError"
      ? `could not read ${what}: no AWS credentials were found (${cause.message}); give them as the AWS CLI takes them: --profile NAME or AWS_PROFILE, aws sso login, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an instance role`
      : `could not read ${what} (${cause.name}: ${cause.message}); it needs ${permission}`;
  return Object.assign(new Error(message, { cause }), { name: "ReadFailed" as const, what, permission });
}

/** Whether an error is a read that failed (a `readFailed`). */
export function isReadFailed(error: unknown): error is ReadFailed {
  return error instanceof Error && error.name === "ReadFailed";
}

export interface CutoverReader {
  /** Every WorkSpace of the directory, following NextToken. */
  workspaces(directoryId: string): Promise<WorkspaceListing[]>;
  /** Hands every sign-in logged in [from, to] (epoch ms) to `sink` (a SignInIndex), following nextToken. */
  signIns(logGroupName: string, from: number, to: number, sink: SignInSink): Promise<void>;
  /** The AWS calls made so far, by operation. */
  readonly calls: Record<string, number>;
  close(): void;
}

/**
 * Hands every sign-in logged in [from, to] (epoch ms) to `sink`, page by page, with the Logs SDK
 * and a client the caller has (the association loads and makes its own, with its credentials);
 * `counted` is told of every call.
 */
export async function readSignIns(
  L: typeof Logs,
  logs: Logs.CloudWatchLogsClient,
  region: string,
  logGroupName: string,
  from: number,
  to: number,
  sink: SignInSink,
  counted: () => void = () => {},
): Promise<void> {
  try {
    for (let token: string | undefined, first = true; first || token; first = false) {
      counted();
      const page = await logs.send(
        new L.FilterLogEventsCommand({
          logGroupName,
          startTime: from,
          endTime: to,
          limit: EVENTS_PER_PAGE,
          nextToken: token,
        }),
      );
      for (const event of page.events ?? []) {
        sink.add(String(event.message ?? ""), Number(event.timestamp ?? 0));
      }
      token = page.nextToken;
    }
  } catch (error) {
    const e = error as Error;
    const what =
      e.name === "ResourceNotFoundException"
        ? `the sign-in log ${logGroupName} in ${region}: it does not exist (yet)`
        : `the sign-in log ${logGroupName} in ${region}`;
    throw readFailed(what, e, "logs:FilterLogEvents on that log group");
  }
}

/**
 * The reads, signed with `profile` (else the AWS SDK's default chain).
 */
export function cutoverReader(region: string, profile?: string): CutoverReader {
  const W = require("@aws-sdk/client-workspaces") as typeof WS;
  const L = require("@aws-sdk/client-cloudwatch-logs") as typeof Logs;
  const sdk = {
    region,
    profile,
    retryMode: process.env.AWS_RETRY_MODE ?? "standard",
  };
  const ws = new W.WorkSpacesClient(sdk);
  const logs = new L.CloudWatchLogsClient(sdk);
  const calls: Record<string, number> = {};
  const count = (operation: string) => (calls[operation] = (calls[operation] ?? 0) + 1);
  return {
    calls,
    async workspaces(directoryId) {
      const found: WorkspaceListing[] = [];
      try {
        for (let token: string | undefined, first = true; first || token; first = false) {
          count("DescribeWorkspaces");
          const page = await ws.send(
            new W.DescribeWorkspacesCommand({ DirectoryId: directoryId, NextToken: token }),
          );
          for (const w of page.Workspaces ?? []) {
            found.push({
              workspaceId: String(w.WorkspaceId),
              userName: String(w.UserName ?? ""),
              protocols: w.WorkspaceProperties?.Protocols ?? [],
            });
          }
          token = page.NextToken;
        }
      } catch (error) {
        throw readFailed(
          `the WorkSpaces of directory ${directoryId} in ${region}`,
          error as Error,
          "workspaces:DescribeWorkspaces",
        );
      }
      return found;
    },
    async signIns(logGroupName, from, to, sink) {
      await readSignIns(L, logs, region, logGroupName, from, to, sink, () => count("FilterLogEvents"));
    },
    close() {
      ws.destroy();
      logs.destroy();
    },
  };
}

/**
 * Serialized by value into the association's provider (Pulumi's closure serializer copies a
 * module so marked), never required by its path: installed under node_modules the library's
 * modules are not exported by those paths, and the state keeps the code it was made with.
 */
export const deploymentOnlyModule = true;
