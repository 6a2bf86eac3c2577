/**
 * Which directory each association, WorkSpace or setting is about. A directory is known by its
 * resource, its ID, and the resources its ID comes from (the Directory Service directory behind
 * it): at a first preview the IDs are unknown, the links are not.
 */
import { PolicyResource } from "@pulumi/policy";
import { tryRead } from "../values";
import { TYPES, append } from "./resources";
import { declaresEndpoint } from "./endpoints";

/** Everything that names one directory, per owner (memoised: each owner's keys are read once). */
export type DirectoryKeys = (owner: PolicyResource) => Set<unknown>;

/** The keys of an owner: the resource, its `directoryId`, what that ID depends on; for an association, also the `aws.workspaces.Directory` it links to, with that one's keys. */
export function directoryKeys(): DirectoryKeys {
  const keysOf = new Map<PolicyResource, Set<unknown>>();
  return (owner) => {
    let keys = keysOf.get(owner);
    if (keys) {
      return keys;
    }
    const found = new Set<unknown>();
    keysOf.set(owner, found);
    const add = (r: PolicyResource) => {
      found.add(r);
      const value = tryRead(() => r.props.directoryId);
      if (typeof value === "string" && value !== "") {
        found.add(value);
      }
      (r.propertyDependencies.directoryId ?? []).forEach((d) => found.add(d));
    };
    add(owner);
    if (owner.type === TYPES.association) {
      // The aws.workspaces.Directory it sets (a link to it, or the same ID) shares every key.
      for (const d of owner.propertyDependencies.directoryId ?? []) {
        if (d.type === TYPES.directory) {
          add(d);
        }
      }
    }
    keys = found;
    return keys;
  };
}

export interface DirectoryLinks {
  /** The `aws.workspaces.Directory` an association sets, when the directory is in this stack. */
  readonly directoryOf: ReadonlyMap<PolicyResource, PolicyResource | undefined>;
  /** Directories that some association sets. */
  readonly associated: ReadonlySet<PolicyResource>;
  /** Every key of every directory that streams: an association's, or a directory's that streams. */
  readonly streamingKeys: ReadonlySet<unknown>;
  /** The WorkSpaces the stack launches in a directory of the stack. */
  workspacesOf(directory: PolicyResource): PolicyResource[];
}

/** Links associations and WorkSpaces to the directories of the stack. */
export function directoryLinks(
  keysOf: DirectoryKeys,
  associations: readonly PolicyResource[],
  directories: readonly PolicyResource[],
  workspaces: readonly PolicyResource[],
): DirectoryLinks {
  // Every key of every aws.workspaces.Directory, to find an owner's directory in one pass.
  const directoryByKey = new Map<unknown, PolicyResource>();
  for (const directory of directories) {
    keysOf(directory).forEach((k) => directoryByKey.has(k) || directoryByKey.set(k, directory));
  }
  const findDirectory = (owner: PolicyResource) => {
    for (const key of keysOf(owner)) {
      const found = directoryByKey.get(key);
      if (found) {
        return found;
      }
    }
    return undefined;
  };
  const directoryOf = new Map<PolicyResource, PolicyResource | undefined>();
  for (const association of associations) {
    directoryOf.set(association, findDirectory(association));
  }
  const associated = new Set([...directoryOf.values()].filter((d): d is PolicyResource => d !== undefined));
  const streamingKeys = new Set<unknown>();
  for (const owner of [
    ...associations,
    ...directories.filter((d) => associated.has(d) || declaresEndpoint(d)),
  ]) {
    keysOf(owner).forEach((k) => streamingKeys.add(k));
  }
  let workspacesByDirectory: Map<PolicyResource, PolicyResource[]> | undefined;
  return {
    directoryOf,
    associated,
    streamingKeys,
    workspacesOf(directory) {
      if (!workspacesByDirectory) {
        workspacesByDirectory = new Map();
        for (const workspace of workspaces) {
          const found = findDirectory(workspace);
          if (found) {
            append(workspacesByDirectory, found, workspace);
          }
        }
      }
      return workspacesByDirectory.get(directory) ?? [];
    },
  };
}

/** Whether a resource refers to a streaming directory (by link or by ID) in `directoryId` or `resourceId`. */
export function targetsStreamingDirectory(
  streamingKeys: ReadonlySet<unknown>,
  resource: PolicyResource,
): boolean {
  for (const property of ["directoryId", "resourceId"]) {
    if (streamingKeys.has(tryRead(() => resource.props[property]))) {
      return true;
    }
    if ((resource.propertyDependencies[property] ?? []).some((d) => streamingKeys.has(d))) {
      return true;
    }
  }
  return false;
}
