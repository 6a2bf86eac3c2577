/**
 * The cut-over report: for each directory, its WorkSpaces and their verdicts over a window of
 * sign-ins, read through a CutoverReader; and the report as text (one table per directory and a
 * line of counts) or JSON.
 */
import Table from "cli-table3";
import {
  CutoverReport,
  SignInIndex,
  countVerdicts,
  countsLine,
  judgeDirectory,
  routedAddresses,
} from "./classify";
import type { CutoverReader } from "./read";

/** What the report needs of a stack (its outputs). */
export interface StackView {
  readonly region: string;
  readonly directoryIds: readonly string[];
  readonly logGroupName: string;
  /** The ranges the endpoint admits and the public egress its clients sign in from. */
  readonly routedCidrs: readonly string[];
  /** Each directory's PCoIP setting. */
  readonly allowPcoipOverInternet: (directoryId: string) => boolean;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The window of sign-ins a report looks at unless told otherwise (npm run cutover --days), and the preview's. */
export const CUTOVER_DAYS = 14;

/** Reads and judges: every directory's WorkSpaces, then the window's sign-ins once. */
export async function cutoverReport(
  stack: StackView,
  reader: CutoverReader,
  window: { readonly from: number; readonly to: number },
  onlyDirectory?: string,
): Promise<CutoverReport & { readonly events: number }> {
  const ids = onlyDirectory === undefined ? stack.directoryIds : [onlyDirectory];
  const listings = [];
  for (const id of ids) {
    listings.push({ id, workspaces: await reader.workspaces(id) });
  }
  const index = new SignInIndex();
  await reader.signIns(stack.logGroupName, window.from, window.to, index);
  const routed = routedAddresses(stack.routedCidrs);
  const directories = listings.map(({ id, workspaces }) =>
    judgeDirectory(id, workspaces, index, routed, stack.allowPcoipOverInternet(id)),
  );
  return {
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    directories,
    counts: countVerdicts(directories),
    events: index.events,
  };
}

const PLAIN = {
  chars: {
    top: "",
    "top-mid": "",
    "top-left": "",
    "top-right": "",
    bottom: "",
    "bottom-mid": "",
    "bottom-left": "",
    "bottom-right": "",
    left: "",
    "left-mid": "",
    mid: "",
    "mid-mid": "",
    right: "",
    "right-mid": "",
    middle: "  ",
  },
  style: { head: [], border: [], compact: true, "padding-left": 0, "padding-right": 0 },
};

/** The report as people read it: a table per directory, then the counts. */
export function formatReport(
  report: CutoverReport,
  stack: Pick<StackView, "allowPcoipOverInternet">,
): string {
  const out = [`Sign-ins from ${report.window.from} to ${report.window.to}`];
  for (const directory of report.directories) {
    const pcoip = stack.allowPcoipOverInternet(directory.directoryId) ? "may use the internet" : "blocked";
    out.push("", `directory ${directory.directoryId} (PCoIP ${pcoip})`);
    if (directory.workspaces.length === 0) {
      out.push("(no WorkSpaces)");
      continue;
    }
    const table = new Table({ ...PLAIN, head: ["WORKSPACE", "USER", "PROTOCOL", "VERDICT", "SIGN-INS"] });
    for (const w of directory.workspaces) {
      const signIns =
        w.signIns
          .map((s) =>
            `${s.ip ?? "(no address)"} ${s.routed === null ? "" : s.routed ? "routed " : "outside "}${s.platform} ${s.last}`.replace(
              /  +/g,
              " ",
            ),
          )
          .join("; ") || "(none in the window)";
      table.push([w.workspaceId, w.userName, w.protocol, w.verdict, signIns]);
    }
    out.push(
      ...table
        .toString()
        .split("\n")
        .map((line) => line.trimEnd()),
    );
  }
  out.push("", `${countsLine(report.counts)}`);
  return out.join("\n");
}
