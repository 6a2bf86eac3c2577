/**
 * What is known of the directory an association streams, and from where: what the association
 * observed, what the program read from AWS during preview, or what this stack declares.
 */
import { PolicyResource } from "@pulumi/policy";
import { DirectoryFacts } from "../facts";
import { label, tryRead } from "../values";

/** What is known of a streamed directory, and how. */
export type Facts =
  { readonly known: DirectoryFacts; readonly source: string } | { readonly unknown: string };

/** The observed outputs of an association, as `DirectoryFacts` names them. */
export const FACT_NAMES: readonly (keyof DirectoryFacts)[] = [
  "workspaceType",
  "endpointEncryptionMode",
  "globalAcceleratorMode",
  "ipGroupIds",
  "pcoipWorkspaceCount",
  "globalAcceleratorWorkspaceCount",
];

/**
 * The facts of an association's directory, from the first source that has them all:
 * 1. what the association observed (after its first create or update, or a refresh);
 * 2. what the program read from AWS during this preview (its `directoryFacts` input);
 * 3. for a directory this stack registers (`directory`), what the stack declares, unless the
 *    stack launches WorkSpaces there whose protocol only their bundles know.
 */
export function readFacts(
  association: PolicyResource,
  directory: PolicyResource | undefined,
  workspacesIn: (directory: PolicyResource) => readonly PolicyResource[],
): Facts {
  const observed: Partial<Record<keyof DirectoryFacts, unknown>> = {};
  for (const name of FACT_NAMES) {
    observed[name] = tryRead(() => association.props[name]);
  }
  if (FACT_NAMES.every((n) => observed[n] !== undefined)) {
    return { known: observed as unknown as DirectoryFacts, source: "observed by the association" };
  }
  const input = tryRead(() => association.props.directoryFacts) as
    (Partial<DirectoryFacts> & { source?: string; unknown?: string }) | undefined;
  if (input && typeof input === "object") {
    if (typeof input.unknown === "string") {
      return { unknown: input.unknown };
    }
    if (FACT_NAMES.every((n) => input[n] !== undefined)) {
      return { known: input as DirectoryFacts, source: String(input.source) };
    }
  }
  if (directory) {
    const workspaces = workspacesIn(directory);
    if (workspaces.length > 0) {
      return {
        unknown: `the stack launches ${workspaces.length} WorkSpace(s) in ${label(directory)} whose protocol (PCoIP or DCV) comes from their bundles, known only after deployment`,
      };
    }
    const ipGroupIds = tryRead(() => directory.props.ipGroupIds);
    return {
      known: {
        workspaceType: String(tryRead(() => directory.props.workspaceType) ?? "PERSONAL"),
        // A directory registered fresh has standard TLS and no Global Accelerator; a resource
        // of this stack that sets either is judged on its own by the rules.
        endpointEncryptionMode: "STANDARD_TLS",
        globalAcceleratorMode: "DISABLED",
        ipGroupIds: Array.isArray(ipGroupIds) ? (ipGroupIds as string[]) : [],
        pcoipWorkspaceCount: 0,
        globalAcceleratorWorkspaceCount: 0,
      },
      source: `declared by this stack (${label(directory)})`,
    };
  }
  return {
    unknown: `directory ${String(tryRead(() => association.props.directoryId) ?? "(unknown yet)")} is not managed by this stack, and its settings are known only to AWS (pulumi preview with credentials reads them)`,
  };
}
