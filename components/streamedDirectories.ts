/**
 * The directories a stack streams through its one endpoint: a StreamingEndpointAssociation for
 * each directory whose switch is on, all with the same endpoint, and none for a directory that is
 * built for but not switched over yet. Switching one off deletes its association only: streaming
 * goes back to the internet for new sessions, and the endpoint, which every directory's live
 * sessions run through, is never touched.
 *
 * A function, not a ComponentResource: the associations are children of the WorkspacesStreaming
 * component itself, so the one of a stack deployed before several directories existed keeps its
 * name (and, with an alias, the URN it had at the stack's root).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  SignInIndex,
  countVerdicts,
  countsLine,
  cutOffExamples,
  judgeDirectory,
  routedAddresses,
} from "../cutover/classify";
import { cutoverReader } from "../cutover/read";
import { DAY_MS } from "../cutover/report";
import type { CutOverInput, EndpointFacts } from "../policy/facts";
import { DirectoryRead, readDirectories } from "../providers/directoryFacts";
import { StreamingEndpointAssociation } from "../providers/streamingEndpointAssociation";

/** The name of the association of the stack's one directory, since its first release. */
export const FIRST_ASSOCIATION_NAME = "streaming";

export interface StreamedDirectory {
  /** The directory; for the lab's, the registration's output (so nothing waits on a guess). */
  readonly directoryId: pulumi.Input<string>;
  /** Its ID when the stack is given it (an existing directory); undefined for the lab's. */
  readonly knownId?: string;
  /** Whether it streams through the endpoint now. */
  readonly associate: boolean;
  readonly allowPcoipOverInternet: boolean;
  /** Whether its association may take it over from an endpoint the stack did not set. */
  readonly takeOver: boolean;
  /** What its association waits for (the WorkSpaces the stack launches there, so its counts include them). */
  readonly dependsOn?: readonly pulumi.Resource[];
}

export interface StreamDirectoriesArgs {
  /** The component the associations belong to. */
  readonly parent: pulumi.Resource;
  /** What each association's name starts with: `""`, or the component's name and a dash. */
  readonly namePrefix: string;
  /**
   * Whether the associations were made at the stack's root before (this project's stack program
   * until the WorkspacesStreaming component): each gets its old URN as an alias.
   */
  readonly movedFromRoot: boolean;
  /** In order; the first is the stack's first directory (its `directoryId` and `streamingAssociation` outputs). */
  readonly directories: readonly StreamedDirectory[];
  /**
   * How the first directory's association is named: `"kept"` (the `directory` key's: "streaming",
   * as before) or `"by-id"` (the first of `directories`: by its ID like the others, with
   * "streaming" as an alias, so a stack moved from `directory` to `directories` replaces nothing).
   */
  readonly firstName: "kept" | "by-id";
  readonly vpcEndpointId: pulumi.Input<string>;
  /** Whether your own DNS answers the streaming name (an endpoint you have with private DNS off). */
  readonly ownDns?: boolean;
  /** What was found of an endpoint the stack does not make: the pack decides on it at preview. */
  readonly endpointFacts?: EndpointFacts;
  readonly region: string;
  /** The stack's `aws:profile`, for the preview read. */
  readonly profile?: string;
  /** The sign-in log, when the stack keeps one: a preview then says who a cut-over cuts off. */
  readonly signIns?: SignInsForPreview;
}

export interface SignInsForPreview {
  readonly logGroupName: string;
  /** The ranges the endpoint admits and the routed networks' public egress. */
  readonly routedCidrs: readonly string[];
  /** The window of sign-ins, in days (as npm run cutover's default). */
  readonly days: number;
}

/** What a preview found of one directory's cut-over: the pack's input, and the warning to log. */
export interface CutOverPreview {
  readonly input: CutOverInput;
  readonly warning: string;
}

/**
 * Who each directory that is about to start streaming through the endpoint (it streams over the
 * internet now) would cut off: one scan of the sign-in log over the window for them all, and the
 * WorkSpaces the directory read listed. A read that fails is a warning, never a failed preview.
 */
export async function previewCutOvers(
  directories: ReadonlyMap<string, DirectoryRead>,
  cutOvers: readonly { readonly id: string; readonly allowPcoipOverInternet: boolean }[],
  signIns: SignInsForPreview,
  region: string,
  profile?: string,
  now = Date.now(),
): Promise<Map<string, CutOverPreview>> {
  const found = new Map<string, CutOverPreview>();
  const switching = cutOvers.filter(({ id }) => {
    const read = directories.get(id);
    return read !== undefined && !("unknown" in read.facts) && read.streamingEndpointId === undefined;
  });
  if (switching.length === 0) {
    return found;
  }
  const source = `the sign-in log ${signIns.logGroupName}, the last ${signIns.days} days, read during preview`;
  const index = new SignInIndex();
  const reader = cutoverReader(region, profile);
  try {
    await reader.signIns(signIns.logGroupName, now - signIns.days * DAY_MS, now, index);
  } catch (error) {
    const why = (error as Error).message;
    for (const { id } of switching) {
      found.set(id, {
        input: { source, unknown: why },
        warning: `directory ${id} starts streaming through the endpoint, but who that cuts off is unknown: ${why}. npm run cutover lists them once it can read.`,
      });
    }
    return found;
  } finally {
    reader.close();
  }
  const routed = routedAddresses(signIns.routedCidrs);
  for (const { id, allowPcoipOverInternet } of switching) {
    const verdicts = judgeDirectory(
      id,
      directories.get(id)!.workspaces,
      index,
      routed,
      allowPcoipOverInternet,
    );
    const counts = countVerdicts([verdicts]);
    const examples = cutOffExamples(verdicts);
    found.set(id, {
      input: { source, counts },
      warning:
        `directory ${id} starts streaming through the endpoint: of its ${verdicts.workspaces.length} WorkSpaces, ${countsLine(counts)} (sign-ins of the last ${signIns.days} days)` +
        (examples.length > 0 ? `; cut off: ${examples.join(", ")}` : "") +
        ". npm run cutover lists them all.",
    });
  }
  return found;
}

/** One streamed directory as the stack has it. */
export interface DirectoryStream {
  readonly directoryId: pulumi.Output<string>;
  readonly allowPcoipOverInternet: boolean;
  /** Undefined while its switch is off. */
  readonly association?: StreamingEndpointAssociation;
}

/**
 * The association's name: by its directory's ID, so reordering the list renames nothing; the
 * stack's first directory keeps the name it always had.
 */
export function associationName(
  directory: StreamedDirectory,
  first: boolean,
  firstName: "kept" | "by-id",
): string {
  if (first && firstName === "kept") {
    return FIRST_ASSOCIATION_NAME;
  }
  if (directory.knownId === undefined) {
    throw new Error("only the stack's first directory (the lab's) may have an ID AWS has not given yet");
  }
  return `${FIRST_ASSOCIATION_NAME}-${directory.knownId}`;
}

/**
 * The URNs an association had before, as aliases: the one named "streaming" (a stack moved from
 * `directory` to `directories` renames its first association), and the stack's root as its parent
 * (a stack deployed before the WorkspacesStreaming component).
 */
export function associationAliases(
  firstName: string,
  byId: boolean,
  movedFromRoot: boolean,
): pulumi.Alias[] | undefined {
  const root = movedFromRoot ? { parent: pulumi.rootStackResource } : {};
  const aliases: pulumi.Alias[] = [
    ...(movedFromRoot ? [root] : []),
    ...(byId ? [{ name: firstName, ...root }] : []),
  ];
  return aliases.length > 0 ? aliases : undefined;
}

export function streamDirectories(args: StreamDirectoriesArgs): DirectoryStream[] {
  // The preview read of every existing directory that streams, in one batch (25 per call).
  const toRead = args.directories
    .filter((d) => d.associate && d.knownId !== undefined)
    .map((d) => d.knownId!);
  const read =
    pulumi.runtime.isDryRun() && toRead.length > 0
      ? readDirectories(toRead, args.region, args.profile)
      : undefined;
  const signIns = args.signIns;
  const cutOvers =
    read && signIns
      ? read.then((directories) =>
          previewCutOvers(
            directories,
            args.directories
              .filter((d) => d.associate && d.knownId !== undefined)
              .map((d) => ({ id: d.knownId!, allowPcoipOverInternet: d.allowPcoipOverInternet })),
            signIns,
            args.region,
            args.profile,
          ),
        )
      : undefined;

  return args.directories.map((directory, i) => {
    const stream = {
      directoryId: pulumi.output(directory.directoryId),
      allowPcoipOverInternet: directory.allowPcoipOverInternet,
    };
    if (!directory.associate) {
      return stream;
    }
    const byId = i === 0 && args.firstName === "by-id";
    const name = args.namePrefix + associationName(directory, i === 0, args.firstName);
    const association = new StreamingEndpointAssociation(
      name,
      {
        directoryId: directory.directoryId,
        vpcEndpointId: args.vpcEndpointId,
        allowPcoipOverInternet: directory.allowPcoipOverInternet,
        takeOver: directory.takeOver,
        ownDns: args.ownDns,
        region: args.region,
        // Like the directory's facts: read for the preview (what the pack decides on), never an input of `up`.
        endpointFacts:
          args.endpointFacts && pulumi.runtime.isDryRun()
            ? { source: `read from EC2 in ${args.region} during preview`, ...args.endpointFacts }
            : undefined,
        directoryFacts:
          read && directory.knownId !== undefined
            ? pulumi.output(read.then((m) => m.get(directory.knownId!)!.facts))
            : undefined,
        cutOver:
          cutOvers && directory.knownId !== undefined
            ? pulumi.output(cutOvers.then((m) => m.get(directory.knownId!)?.input))
            : undefined,
      },
      {
        parent: args.parent,
        // The endpoint is an input, so the engine removes an association before it ever deletes
        // the endpoint (deleting an endpoint ends live sessions; removing the association does not).
        dependsOn: [...(directory.dependsOn ?? [])],
        aliases: associationAliases(args.namePrefix + FIRST_ASSOCIATION_NAME, byId, args.movedFromRoot),
      },
    );
    // Another endpoint streams the directory now: its association's create is refused (and an
    // update from there, unless a refresh put it in the state). Said on the resource at preview.
    if (read && directory.knownId !== undefined && !directory.takeOver) {
      const id = directory.knownId;
      void read.then((m) =>
        pulumi.output(args.vpcEndpointId).apply((ours) => {
          const there = m.get(id)?.streamingEndpointId;
          if (there !== undefined && there !== ours) {
            void pulumi.log.warn(ownerWarning(id, there), association);
          }
        }),
      );
    }
    // Logged here, on the resource, where `pulumi preview` shows it.
    void cutOvers?.then((m) => {
      const found = directory.knownId === undefined ? undefined : m.get(directory.knownId);
      if (found) {
        void pulumi.log.warn(found.warning, association);
      }
    });
    return { ...stream, association };
  });
}

/** What a preview says of a directory that streams through an endpoint the stack did not set. */
export function ownerWarning(directoryId: string, endpointId: string): string {
  return `directory ${directoryId} streams through ${endpointId} now, an endpoint this stack did not set: creating its association is refused before any write (so is an update, unless after a pulumi refresh this stack's state holds ${endpointId}), so that no one else's streaming is cut off. Remove the directory from this stack if another owns it, or set takeOver: true to take it over (it is given back on delete).`;
}

/** The `directoryIds` output: every streamed directory's ID, in order. */
export function directoryIdsOutput(streams: readonly DirectoryStream[]): pulumi.Output<string[]> {
  return pulumi.all(streams.map((s) => s.directoryId));
}

/** The facts an association observed, as the `streamingAssociation` output has them. */
export function associationFacts(association: StreamingEndpointAssociation) {
  return {
    directoryState: association.directoryState,
    workspaceType: association.workspaceType,
    endpointEncryptionMode: association.endpointEncryptionMode,
    globalAcceleratorMode: association.globalAcceleratorMode,
    ipGroupIds: association.ipGroupIds,
    vpcEndpointState: association.vpcEndpointState,
    vpcEndpointServiceName: association.vpcEndpointServiceName,
    vpcEndpointType: association.vpcEndpointType,
    vpcEndpointIpAddressType: association.vpcEndpointIpAddressType,
    vpcEndpointDnsRecordIpType: association.vpcEndpointDnsRecordIpType,
    vpcEndpointPrivateDnsEnabled: association.vpcEndpointPrivateDnsEnabled,
    pcoipWorkspaceCount: association.pcoipWorkspaceCount,
    globalAcceleratorWorkspaceCount: association.globalAcceleratorWorkspaceCount,
    warnings: association.warnings,
  };
}

/**
 * The `streamingAssociations` output: directory ID -> whether it streams through the endpoint,
 * its PCoIP setting, and, where an association exists, what it observed.
 */
export function streamingAssociationsOutput(
  streams: readonly DirectoryStream[],
): pulumi.Output<Record<string, Record<string, unknown>>> {
  return pulumi
    .all(
      streams.map((s) =>
        pulumi.all([
          s.directoryId,
          pulumi.output({
            associated: s.association !== undefined,
            allowPcoipOverInternet: s.association
              ? s.association.allowPcoipOverInternet
              : s.allowPcoipOverInternet,
            ...(s.association ? associationFacts(s.association) : {}),
          }),
        ]),
      ),
    )
    .apply((entries) => Object.fromEntries(entries) as Record<string, Record<string, unknown>>);
}
