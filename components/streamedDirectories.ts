/**
 * The directories a stack streams through its one endpoint: a StreamingEndpointAssociation for
 * each directory whose switch is on, all with the same endpoint, and none for a directory that is
 * built for but not switched over yet. Switching one off deletes its association only: streaming
 * goes back to the internet for new sessions, and the endpoint, which every directory's live
 * sessions run through, is never touched.
 *
 * A function, not a ComponentResource: the associations stay at the stack's root, so the one of a
 * stack deployed before several directories existed keeps its URN.
 */
import * as pulumi from "@pulumi/pulumi";
import { readDirectories } from "../providers/directoryFacts";
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
  /** What its association waits for (the WorkSpaces the stack launches there, so its counts include them). */
  readonly dependsOn?: readonly pulumi.Resource[];
}

export interface StreamDirectoriesArgs {
  /** In order; the first is the stack's first directory (its `directoryId` and `streamingAssociation` outputs). */
  readonly directories: readonly StreamedDirectory[];
  /**
   * How the first directory's association is named: `"kept"` (the `directory` key's: "streaming",
   * as before) or `"by-id"` (the first of `directories`: by its ID like the others, with
   * "streaming" as an alias, so a stack moved from `directory` to `directories` replaces nothing).
   */
  readonly firstName: "kept" | "by-id";
  readonly vpcEndpointId: pulumi.Input<string>;
  readonly region: string;
  /** The stack's `aws:profile`, for the preview read. */
  readonly profile?: string;
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

export function streamDirectories(args: StreamDirectoriesArgs): DirectoryStream[] {
  // The preview read of every existing directory that streams, in one batch (25 per call).
  const toRead = args.directories
    .filter((d) => d.associate && d.knownId !== undefined)
    .map((d) => d.knownId!);
  const read =
    pulumi.runtime.isDryRun() && toRead.length > 0
      ? readDirectories(toRead, args.region, args.profile)
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
    const association = new StreamingEndpointAssociation(
      associationName(directory, i === 0, args.firstName),
      {
        directoryId: directory.directoryId,
        vpcEndpointId: args.vpcEndpointId,
        allowPcoipOverInternet: directory.allowPcoipOverInternet,
        region: args.region,
        directoryFacts:
          read && directory.knownId !== undefined
            ? pulumi.output(read.then((m) => m.get(directory.knownId!)!.facts))
            : undefined,
      },
      {
        // The endpoint is an input, so the engine removes an association before it ever deletes
        // the endpoint (deleting an endpoint ends live sessions; removing the association does not).
        dependsOn: [...(directory.dependsOn ?? [])],
        aliases: byId ? [{ name: FIRST_ASSOCIATION_NAME }] : undefined,
      },
    );
    return { ...stream, association };
  });
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
