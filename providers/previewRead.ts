/**
 * What an association reads during `pulumi preview`, in its `check` (where the engine runs it,
 * with the association's own credentials): the directory's facts the policy pack decides on,
 * whether another endpoint streams it (which its create would refuse), and, for a directory about
 * to start streaming through the endpoint, who that cuts off (the sign-in log over a window, judged
 * as `workspaces-privatelink cutover` judges it). The program asks for it with the `previewRead`
 * input while `pulumi.runtime.isDryRun()`; a program under mocks never reaches AWS.
 *
 * Reads only, one directory each. A read that fails is said in the facts and a warning, never a
 * failed preview.
 */
import {
  SignInIndex,
  countVerdicts,
  countsLine,
  cutOffExamples,
  judgeDirectory,
  routedAddresses,
} from "../cutover/classify";
import type * as Logs from "@aws-sdk/client-cloudwatch-logs";
import { readSignIns } from "../cutover/read";
import { type CutOverInput, type DirectoryFactsInput, TOOL } from "../policy/facts";
import { type Aws, dependency } from "./associationAws";
import type { PreviewRead } from "./associationTypes";

/** What the read adds to the association's inputs at preview: for the pack, and the preview's warnings. */
export interface PreviewFindings {
  readonly directoryFacts: DirectoryFactsInput;
  readonly cutOver?: CutOverInput;
  readonly warnings: string[];
}

/** What the association is about to do, as far as the read needs it. */
export interface Intent {
  readonly directoryId: string;
  /** Its endpoint; at a first preview not known yet (then it is no endpoint the directory has). */
  readonly vpcEndpointId: string;
  readonly allowPcoipOverInternet: boolean;
  readonly takeOver: boolean;
  readonly region: string;
  /** The endpoint this association set last (its state's), which it may write over. */
  readonly lastSet?: string;
}

const DAY_MS = 86_400_000;

/** What a preview says of a directory that streams through an endpoint the stack did not set. */
export function ownerWarning(directoryId: string, endpointId: string): string {
  return `directory ${directoryId} streams through ${endpointId} now, an endpoint this stack did not set: creating its association is refused before any write (so is an update, unless after a pulumi refresh this stack's state holds ${endpointId}), so that no one else's streaming is cut off. Remove the directory from this stack if another owns it, or set takeOver: true to take it over (it is given back on delete).`;
}

/** Who switching the directory would cut off: the sign-ins of the window, judged; or why that is unknown. */
async function cutOverOf(
  aws: Aws,
  intent: Intent,
  workspaces: readonly { workspaceId: string; userName: string; protocols: readonly string[] }[],
  signIns: NonNullable<PreviewRead["signIns"]>,
  now: number,
): Promise<{ input: CutOverInput; warning: string }> {
  const id = intent.directoryId;
  const source = `the sign-in log ${signIns.logGroupName}, the last ${signIns.days} days, read during preview`;
  const index = new SignInIndex();
  const L = dependency<typeof Logs>("@aws-sdk/client-cloudwatch-logs");
  const logs = new L.CloudWatchLogsClient(aws.sdk);
  try {
    await readSignIns(L, logs, intent.region, signIns.logGroupName, now - signIns.days * DAY_MS, now, index);
  } catch (error) {
    const why = (error as Error).message;
    return {
      input: { source, unknown: why },
      warning: `directory ${id} starts streaming through the endpoint, but who that cuts off is unknown: ${why}. Switch as the runbook does: set associate: false for it and run up (the path is built, nothing switches), wait for a week of sign-ins, run ${TOOL} cutover, then set associate: true once it cuts no one off.`,
    };
  } finally {
    logs.destroy();
  }
  const routed = routedAddresses(signIns.routedCidrs);
  const verdicts = judgeDirectory(id, workspaces, index, routed, intent.allowPcoipOverInternet);
  const counts = countVerdicts([verdicts]);
  const examples = cutOffExamples(verdicts);
  return {
    input: { source, counts },
    warning:
      `directory ${id} starts streaming through the endpoint: of its ${verdicts.workspaces.length} WorkSpaces, ${countsLine(counts)} (sign-ins of the last ${signIns.days} days)` +
      (examples.length > 0 ? `; cut off: ${examples.join(", ")}` : "") +
      `. ${TOOL} cutover lists them all.`,
  };
}

/** The read: the directory, its WorkSpaces, whose endpoint it streams through, and who a switch cuts off. */
export async function readForPreview(
  aws: Aws,
  intent: Intent,
  what: PreviewRead,
  now = Date.now(),
): Promise<PreviewFindings> {
  const id = intent.directoryId;
  const source = `read from WorkSpaces in ${intent.region} during preview`;
  try {
    const d = await aws.directory();
    if (!d) {
      const unknown = `directory ${id} is not registered with WorkSpaces in ${intent.region}`;
      return { directoryFacts: { source, unknown }, warnings: [] };
    }
    const all = await aws.workspaces();
    const workspaces = all.map((w) => ({
      workspaceId: String(w.WorkspaceId),
      userName: String(w.UserName ?? ""),
      protocols: w.WorkspaceProperties?.Protocols ?? [],
    }));
    const there = aws.endpointOf(d);
    const directoryFacts: DirectoryFactsInput = {
      source,
      ...(there ? { streamingEndpointId: there } : {}),
      workspaceType: d.WorkspaceType ?? "PERSONAL",
      endpointEncryptionMode: d.EndpointEncryptionMode ?? "STANDARD_TLS",
      globalAcceleratorMode: d.StreamingProperties?.GlobalAccelerator?.Mode ?? "DISABLED",
      ipGroupIds: d.ipGroupIds ?? [],
      pcoipWorkspaceCount: workspaces.filter((w) => w.protocols.includes("PCOIP")).length,
      globalAcceleratorWorkspaceCount: all.filter(
        (w) => w.WorkspaceProperties?.GlobalAccelerator?.Mode === "ENABLED_AUTO",
      ).length,
    };
    const warnings: string[] = [];
    if (
      there !== undefined &&
      there !== intent.vpcEndpointId &&
      there !== intent.lastSet &&
      !intent.takeOver
    ) {
      warnings.push(ownerWarning(id, there));
    }
    // Who a switch cuts off matters only to a directory that streams over the internet now.
    const cutOver =
      what.signIns && there === undefined
        ? await cutOverOf(aws, intent, workspaces, what.signIns, now)
        : undefined;
    if (cutOver) {
      warnings.push(cutOver.warning);
    }
    return { directoryFacts, ...(cutOver ? { cutOver: cutOver.input } : {}), warnings };
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    const signer = aws.sdk.profile === undefined ? "" : ` with AWS profile ${aws.sdk.profile}`;
    return {
      directoryFacts: {
        source,
        unknown: `could not read directory ${id} in ${intent.region}${signer} (${name}: ${message})`,
      },
      warnings: [],
    };
  }
}

/**
 * Serialized by value into the association's provider (Pulumi's closure serializer copies a
 * module so marked), never required by its path: installed under node_modules the library's
 * modules are not exported by those paths, and the state keeps the code it was made with.
 */
export const deploymentOnlyModule = true;
