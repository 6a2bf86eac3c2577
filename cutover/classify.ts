/**
 * Who a cut-over cuts off: each WorkSpace's sign-ins (WorkSpaces' `WorkSpaces Access` events, as
 * the stack's sign-in log holds them), grouped by client address, and its verdict. Pure: the
 * reads are in read.ts, the command line in cli.ts, and the program uses the same at preview.
 *
 * The event, as EventBridge delivers it to CloudWatch Logs (the whole event is the log message):
 *   { "detail-type": "WorkSpaces Access", "source": "aws.workspaces", "time": "...",
 *     "detail": { "clientIpAddress": "203.0.113.5", "actionType": "successfulLogin",
 *                 "workspacesClientProductName": "...", "loginTime": "...", "clientPlatform": "Windows",
 *                 "directoryId": "domain/d-...", "workspaceId": "ws-..." } }
 * `directoryId` comes in several forms (AWS's own example writes `domain/d-...`), so events are
 * matched to WorkSpaces by `workspaceId`. `clientIpAddress` can be empty.
 */
import type { CutOverVerdict } from "../policy/facts";

/** What a cut-over does to a WorkSpace's user. */
export type Verdict = CutOverVerdict;

/** In the order reports count them. */
export const VERDICTS: readonly Verdict[] = [
  "private",
  "cut-off",
  "pcoip-internet",
  "pcoip-blocked",
  "unknown",
];

export type Counts = Record<Verdict, number>;

export const zeroCounts = (): Counts => ({
  private: 0,
  "cut-off": 0,
  "pcoip-internet": 0,
  "pcoip-blocked": 0,
  unknown: 0,
});

/** The sign-ins of one WorkSpace from one client address. */
export interface SignInGroup {
  /** The client's address as WorkSpaces saw it; null when the event had none. */
  readonly ip: string | null;
  /** The client platform of the latest sign-in from there. */
  readonly platform: string;
  /** The latest sign-in from there, ISO time. */
  readonly last: string;
  /** Whether the address is one the endpoint's clients come from; null without an address. */
  readonly routed: boolean | null;
}

export interface WorkspaceVerdict {
  readonly workspaceId: string;
  readonly userName: string;
  readonly protocol: "DCV" | "PCOIP";
  readonly verdict: Verdict;
  readonly signIns: readonly SignInGroup[];
}

export interface DirectoryVerdicts {
  readonly directoryId: string;
  readonly workspaces: readonly WorkspaceVerdict[];
}

export interface CutoverReport {
  readonly window: { readonly from: string; readonly to: string };
  readonly directories: readonly DirectoryVerdicts[];
  readonly counts: Counts;
}

/** A WorkSpace as DescribeWorkspaces lists it. */
export interface WorkspaceListing {
  readonly workspaceId: string;
  readonly userName: string;
  /** `WorkspaceProperties.Protocols`: `WSP` is DCV's name in the API. */
  readonly protocols: readonly string[];
}

/**
 * Whether an address is routed: inside the ranges the endpoint admits, or inside the public
 * egress of those networks (where their clients sign in from, since sign-in uses the internet).
 */
export function routedAddresses(cidrs: readonly string[]): (ip: string) => boolean {
  const blocks: [network: number, mask: number][] = [];
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split("/");
    const bits = Number(prefix ?? 32);
    const network = ipv4Number(address);
    if (network !== undefined && Number.isInteger(bits) && bits >= 0 && bits <= 32) {
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      blocks.push([(network & mask) >>> 0, mask]);
    }
  }
  return (ip) => {
    const n = ipv4Number(ip);
    return n !== undefined && blocks.some(([network, mask]) => (n & mask) >>> 0 === network);
  };
}

/**
 * A dotted-quad IPv4 address as a number, or undefined for anything else (leading zeros, an
 * IPv6 address, a name), as `net.isIPv4` judges. By hand: a sign-in report asks it of every
 * address of every sign-in, and `net.BlockList` took half the report's time doing so; and not
 * ground/cidr.ts's, since this module travels inside the association's serialized provider.
 */
export function ipv4Number(text: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) {
        return undefined;
      }
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) {
        return undefined; // a leading zero
      }
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) {
        return undefined;
      }
    } else {
      return undefined;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : undefined;
}

interface Seen {
  platform: string;
  /** ISO time (`toISOString`'s form), so that comparing the text compares the times. */
  last: string;
}

/**
 * A sign-in's time as `toISOString` writes it: the event's own text when it is in that form
 * already (AWS's example writes `loginTime` so), else what `Date.parse` reads in it, else the log
 * event's `timestamp`. Kept as text: parsing and formatting it again took a quarter of a report's
 * time, and texts of this form compare as their times do (years 0 to 9999; a time outside them
 * falls back to the timestamp).
 */
export function isoTime(value: unknown, timestamp: number): string {
  // Every field in its range; days 29 to 31 also against the month, since Date rolls
  // February 30 over into March.
  const day =
    typeof value === "string" &&
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/.test(value)
      ? +value.slice(8, 10)
      : 0;
  if (day > 0 && (day <= 28 || new Date(value as string).getUTCDate() === day)) {
    return value as string;
  }
  const at = Date.parse(String(value ?? ""));
  const text = Number.isNaN(at) ? "" : new Date(at).toISOString();
  return text.length === 24 ? text : new Date(timestamp).toISOString();
}

/**
 * Sign-ins by WorkSpace and client address, as events are read (page by page): only the latest
 * sign-in of each pair is kept, so memory grows with the pairs, not the events.
 */
export class SignInIndex {
  // Set in the constructor, not as field initializers: the index also runs inside the
  // association's serialized provider, whose copy of a class keeps its constructor and methods.
  declare private readonly byWorkspace: Map<string, Map<string, Seen>>;
  /** Events read, and those skipped (not a successful sign-in, or unreadable). */
  declare events: number;
  declare skipped: number;

  constructor() {
    this.byWorkspace = new Map();
    this.events = 0;
    this.skipped = 0;
  }

  /** Adds one log event: its message (the EventBridge event) and its timestamp (epoch ms). */
  add(message: string, timestamp: number): void {
    this.events++;
    let event: { "detail-type"?: unknown; time?: unknown; detail?: Record<string, unknown> };
    try {
      event = JSON.parse(message) as typeof event;
    } catch {
      this.skipped++;
      return;
    }
    const detail = event.detail;
    const workspaceId = detail?.workspaceId;
    if (
      typeof workspaceId !== "string" ||
      (event["detail-type"] !== undefined && event["detail-type"] !== "WorkSpaces Access") ||
      (detail?.actionType !== undefined && detail.actionType !== "successfulLogin")
    ) {
      this.skipped++;
      return;
    }
    const ip = typeof detail?.clientIpAddress === "string" ? detail.clientIpAddress.trim() : "";
    const when = isoTime(detail?.loginTime ?? event.time, timestamp);
    let addresses = this.byWorkspace.get(workspaceId);
    if (!addresses) {
      addresses = new Map();
      this.byWorkspace.set(workspaceId, addresses);
    }
    const seen = addresses.get(ip);
    if (!seen || when >= seen.last) {
      addresses.set(ip, { platform: String(detail?.clientPlatform ?? ""), last: when });
    }
  }

  /** The WorkSpace's sign-ins, one per address (the one without an address last), latest first. */
  signInsOf(workspaceId: string, routed: (ip: string) => boolean): SignInGroup[] {
    const addresses = this.byWorkspace.get(workspaceId);
    if (!addresses) {
      return [];
    }
    // Code-unit order, not the locale's. A function of its own would cost the serialized
    // provider another wrapper.
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...addresses.entries()]
      .sort(([a, x], [b, y]) =>
        (a === "") !== (b === "") ? (a === "" ? 1 : -1) : order(y.last, x.last) || order(a, b),
      )
      .map(([ip, seen]) => ({
        ip: ip === "" ? null : ip,
        platform: seen.platform,
        last: seen.last,
        routed: ip === "" ? null : routed(ip),
      }));
  }
}

/**
 * The verdict: PCoIP is unaffected when the directory lets PCoIP use the internet, blocked when
 * it does not; DCV is cut off when any sign-in came from outside the routed addresses, private
 * when every sign-in with an address came from inside, unknown without one.
 */
export function verdictOf(
  protocol: "DCV" | "PCOIP",
  signIns: readonly SignInGroup[],
  allowPcoipOverInternet: boolean,
): Verdict {
  if (protocol === "PCOIP") {
    return allowPcoipOverInternet ? "pcoip-internet" : "pcoip-blocked";
  }
  const withAddress = signIns.filter((s) => s.routed !== null);
  if (withAddress.length === 0) {
    return "unknown";
  }
  return withAddress.some((s) => s.routed === false) ? "cut-off" : "private";
}

/** The verdicts of one directory's WorkSpaces. */
export function judgeDirectory(
  directoryId: string,
  workspaces: readonly WorkspaceListing[],
  index: SignInIndex,
  routed: (ip: string) => boolean,
  allowPcoipOverInternet: boolean,
): DirectoryVerdicts {
  return {
    directoryId,
    workspaces: workspaces.map((w) => {
      // DCV when the protocols have WSP (DCV's name in the API), else PCoIP. Not a function of
      // its own: each costs the serialized provider a wrapper.
      const protocol = w.protocols.includes("WSP") ? "DCV" : "PCOIP";
      const signIns = index.signInsOf(w.workspaceId, routed);
      return {
        workspaceId: w.workspaceId,
        userName: w.userName,
        protocol,
        verdict: verdictOf(protocol, signIns, allowPcoipOverInternet),
        signIns,
      };
    }),
  };
}

/** The verdicts counted. */
export function countVerdicts(directories: readonly DirectoryVerdicts[]): Counts {
  const counts = zeroCounts();
  for (const d of directories) {
    for (const w of d.workspaces) {
      counts[w.verdict]++;
    }
  }
  return counts;
}

/** Whether a cut-over would cut anyone off: a DCV user from outside, or a PCoIP WorkSpace blocked. */
export function cutsOff(counts: Counts): boolean {
  return counts["cut-off"] > 0 || counts["pcoip-blocked"] > 0;
}

/** The examples a preview warning shows: the user and the first outside address of the first cut-off WorkSpaces. */
export function cutOffExamples(directory: DirectoryVerdicts, max = 5): string[] {
  return directory.workspaces
    .filter((w) => w.verdict === "cut-off")
    .slice(0, max)
    .map((w) => `${w.userName || w.workspaceId} (${w.signIns.find((s) => s.routed === false)?.ip})`);
}

/** The counts in words, for a report's last line and a preview warning. */
export function countsLine(counts: Counts): string {
  return VERDICTS.map((v) => `${counts[v]} ${v}`).join(", ");
}

/**
 * Serialized by value into the association's provider (Pulumi's closure serializer copies a
 * module so marked), never required by its path: installed under node_modules the library's
 * modules are not exported by those paths, and the state keeps the code it was made with.
 */
export const deploymentOnlyModule = true;
