/**
 * Tags: the caller's (WorkspacesStreaming's `tags` argument) on every child that takes tags, each
 * with its own `Name`.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Tag keys to values; a value may be an Output. */
export type Tags = Readonly<Record<string, pulumi.Input<string>>>;

/** The caller's tags and the resource's `Name` (which wins: it says which resource this is). */
export function tagged(tags: Tags | undefined, name: string): Record<string, pulumi.Input<string>> {
  return { ...tags, Name: withoutRepeats(name) };
}

/**
 * A name with a word said twice in a row said once: "vdi-streaming-streaming" reads
 * "vdi-streaming". Names and Name tags both go through it: a setup named "streaming" names its
 * endpoint "streaming", not "streaming-streaming".
 */
export function withoutRepeats(name: string): string {
  // Words of letters only: digits repeat for good reason ("10-0-0-0").
  return name
    .split("-")
    .filter((word, i, words) => i === 0 || word !== words[i - 1] || !/^[a-z]{2,}$/i.test(word))
    .join("-");
}

/**
 * A child's name as `withoutRepeats` says it, then, where that differs, the name as 0.1.0 gave it
 * (a word said twice), for an alias: the component's children and its associations alike.
 */
export function namesOf(name: string): [string, ...string[]] {
  const said = withoutRepeats(name);
  return said === name ? [said] : [said, name];
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
