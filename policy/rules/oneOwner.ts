import { PolicyResource } from "@pulumi/policy";
import { label, streamingPolicy, tryRead } from "../streaming";

/**
 * Rule 8. Cross-resource: two resources writing the same directory setting fight on every update;
 * and an association must not take a directory from an endpoint another stack (or a person) set,
 * which the program read during preview, unless it says takeOver.
 */
export const oneOwner = streamingPolicy({
  name: "workspaces-streaming-one-owner",
  description:
    "A directory's streaming endpoint must have one owner: either aws.workspaces.Directory's accessEndpointConfig or one StreamingEndpointAssociation, which takes over a directory another endpoint streams only when told to.",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    // Owners are judged on what they declare: a directory that ignores accessEndpointConfig does
    // not own it, whatever a refresh reads back into its outputs.
    const owners: PolicyResource[] = [
      ...t.associations,
      ...t.directories.filter((d) => t.declaresEndpoint(d)),
    ];
    const directoryName = (owner: PolicyResource) => {
      const id = tryRead(() => owner.props.directoryId);
      return typeof id === "string" && id !== "" ? `directory ${id}` : "the same directory";
    };
    // Owners that share any key (a resource, an ID, a resource an ID comes from) set one directory.
    const byKey = new Map<unknown, PolicyResource[]>();
    for (const owner of owners) {
      for (const key of t.directoryKeys(owner)) {
        byKey.set(key, [...(byKey.get(key) ?? []), owner]);
      }
    }
    for (const association of t.associations) {
      const there = (
        tryRead(() => association.props.directoryFacts) as { streamingEndpointId?: unknown } | undefined
      )?.streamingEndpointId;
      if (typeof there !== "string" || tryRead(() => association.props.takeOver) === true) {
        continue;
      }
      // Its own endpoint (unknown while the stack is about to make it: then it is not that one),
      // or the one it set last (an update; after a refresh, what was there).
      const mine = [
        tryRead(() => association.props.vpcEndpointId),
        tryRead(() => association.props.previousVpcEndpointId),
      ];
      if (!mine.includes(there)) {
        reportViolation(
          `${label(association)} would take ${directoryName(association)} from ${there}, the endpoint it streams through now, which this stack did not set: every DCV user of that endpoint's network would be cut off. Remove the directory from this stack if another stack owns it, or set takeOver: true to take it over (deleting the association gives it back).`,
          association.urn,
        );
      }
    }
    const reported = new Set<string>();
    for (const sharing of byKey.values()) {
      for (let i = 0; i < sharing.length; i++) {
        for (let j = i + 1; j < sharing.length; j++) {
          const [a, b] = [sharing[i], sharing[j]];
          const pair = `${a.urn} ${b.urn}`;
          if (a === b || reported.has(pair)) {
            continue;
          }
          reported.add(pair);
          const directory = t.directories.includes(a) ? a : t.directories.includes(b) ? b : undefined;
          const association = directory === a ? b : a;
          if (directory && t.associations.includes(association)) {
            reportViolation(
              `${label(directory)} sets workspaceAccessProperties.accessEndpointConfig and ${label(association)} sets the same directory's streaming endpoint; remove accessEndpointConfig from the directory and add ignoreChanges: ["workspaceAccessProperties.accessEndpointConfig"], or drop the association.`,
              association.urn,
            );
          } else if (!directory) {
            reportViolation(
              `${label(a)} and ${label(b)} both set the streaming endpoint of ${directoryName(a)}; keep one association per directory.`,
              b.urn,
            );
          } else {
            reportViolation(
              `${label(a)} and ${label(b)} both declare accessEndpointConfig for ${directoryName(a)}; keep one.`,
              b.urn,
            );
          }
        }
      }
    }
  },
});
