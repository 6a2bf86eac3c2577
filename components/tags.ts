/**
 * Tags: the caller's (WorkspacesStreaming's `tags` argument) on every child that takes tags, each
 * with its own `Name`.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Tag keys to values; a value may be an Output. */
export type Tags = Readonly<Record<string, pulumi.Input<string>>>;

/** The caller's tags and the resource's `Name` (which wins: it says which resource this is). */
export function tagged(tags: Tags | undefined, name: string): Record<string, pulumi.Input<string>> {
  return { ...tags, Name: name };
}

/**
 * The tags that say which setup made an endpoint: what an association that refuses to take a
 * directory from that endpoint names its owner by.
 */
export function ownerTags(project: string, stack: string, component: string): Tags {
  return {
    "workspaces-privatelink:project": project,
    "workspaces-privatelink:stack": stack,
    "workspaces-privatelink:component": component,
  };
}
