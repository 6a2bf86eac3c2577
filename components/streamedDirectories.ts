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
import { namesOf } from "./tags";
import type { EndpointFacts } from "../policy/facts";
import type { CredentialsArgs } from "./workspacesStreamingArgs";
import { type PreviewRead, StreamingEndpointAssociation } from "../providers/streamingEndpointAssociation";

/** The name of the association of the stack's one directory, since its first release. */
export const FIRST_ASSOCIATION_NAME = "streaming";

export interface StreamedDirectory {
  /** The directory; for the lab's, the registration's output (so nothing waits on a guess). */
  readonly directoryId: pulumi.Input<string>;
  /** What its association is named by (its ID, or the key given); undefined for the lab's. */
  readonly key?: string;
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
  readonly endpointFacts?: pulumi.Input<EndpointFacts>;
  readonly region: string;
  /** The account every association must act in (the component's aws provider's). */
  readonly accountId: pulumi.Input<string>;
  /** How the associations sign their calls; undefined: the stack's `aws:profile`, or the default chain. */
  readonly credentials?: CredentialsArgs;
  /** The sign-in log, when the stack keeps one: a preview then says who a cut-over cuts off. */
  readonly signIns?: NonNullable<PreviewRead["signIns"]>;
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
  if (directory.key === undefined) {
    throw new Error("only the stack's first directory (the lab's) may have an ID AWS has not given yet");
  }
  return `${FIRST_ASSOCIATION_NAME}-${directory.key}`;
}

/**
 * The URNs an association had before, as aliases: the one named "streaming" (a stack moved from
 * `directory` to `directories` renames its first association), the stack's root as its parent
 * (a stack deployed before the WorkspacesStreaming component), and `formerNames` (a setup whose
 * name ends with the word its association's name starts with: 0.1.0 said that word twice).
 */
export function associationAliases(
  firstNames: readonly string[],
  byId: boolean,
  movedFromRoot: boolean,
  formerNames: readonly string[] = [],
): pulumi.Alias[] | undefined {
  const root = movedFromRoot ? { parent: pulumi.rootStackResource } : {};
  const aliases: pulumi.Alias[] = [
    ...(movedFromRoot ? [root] : []),
    ...(byId ? firstNames.map((name) => ({ name, ...root })) : []),
    ...formerNames.map((name) => ({ name, ...root })),
  ];
  return aliases.length > 0 ? aliases : undefined;
}

export function streamDirectories(args: StreamDirectoriesArgs): DirectoryStream[] {
  // During a preview each association reads its directory in its own check, with its own
  // credentials (what the pack decides on, whose endpoint it streams through, who a switch cuts off).
  const previewRead: PreviewRead | undefined = pulumi.runtime.isDryRun()
    ? args.signIns
      ? { signIns: args.signIns }
      : {}
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
    const [name, ...formerNames] = namesOf(
      args.namePrefix + associationName(directory, i === 0, args.firstName),
    );
    const association = new StreamingEndpointAssociation(
      name,
      {
        directoryId: directory.directoryId,
        vpcEndpointId: args.vpcEndpointId,
        allowPcoipOverInternet: directory.allowPcoipOverInternet,
        takeOver: directory.takeOver,
        ownDns: args.ownDns,
        region: args.region,
        accountId: args.accountId,
        profile: args.credentials?.profile,
        assumeRole: args.credentials?.assumeRole,
        // Read for the preview (what the pack decides on), never an input of `up`.
        endpointFacts:
          args.endpointFacts && pulumi.runtime.isDryRun()
            ? pulumi
                .output(args.endpointFacts)
                .apply((facts) => ({ source: `read from EC2 in ${args.region} during preview`, ...facts }))
            : undefined,
        previewRead,
      },
      {
        parent: args.parent,
        // The endpoint is an input, so the engine removes an association before it ever deletes
        // the endpoint (deleting an endpoint ends live sessions; removing the association does not).
        dependsOn: [...(directory.dependsOn ?? [])],
        aliases: associationAliases(
          namesOf(args.namePrefix + FIRST_ASSOCIATION_NAME),
          byId,
          args.movedFromRoot,
          formerNames,
        ),
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
