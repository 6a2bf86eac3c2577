/**
 * Which VPC endpoints stream: those for the highlander service, and any endpoint an association
 * or a directory's accessEndpointConfig points at.
 */
import { PolicyResource } from "@pulumi/policy";
import { readServiceName } from "../facts";
import { label, tryRead } from "../values";
import { IdIndex, isKind, pointsAt } from "./resources";

const ACCESS_ENDPOINT_PATH = "workspaceAccessProperties.accessEndpointConfig";

/** Whether a resource's options ignore changes to this path (or to a parent of it). */
export function ignores(resource: PolicyResource, path: string): boolean {
  return (resource.opts.ignoreChanges ?? []).some((p) => path === p || path.startsWith(`${p}.`));
}

/** Whether an `aws.workspaces.Directory` declares an accessEndpointConfig (and does not ignore it). */
export function declaresEndpoint(directory: PolicyResource): boolean {
  if (ignores(directory, ACCESS_ENDPOINT_PATH)) {
    return false; // refreshed state may show the live setting; the resource does not own it
  }
  const config = tryRead(() => directory.props.workspaceAccessProperties?.accessEndpointConfig);
  return config !== undefined && config !== null;
}

/** The endpoints each association, and each directory that declares an accessEndpointConfig, points at. */
export function endpointReferences(
  ids: IdIndex,
  associations: readonly PolicyResource[],
  directories: readonly PolicyResource[],
): Map<PolicyResource, PolicyResource[]> {
  const isEndpoint = isKind("endpoint");
  const referenced = new Map<PolicyResource, PolicyResource[]>();
  for (const association of associations) {
    const value = () => [tryRead(() => association.props.vpcEndpointId)];
    referenced.set(association, pointsAt(ids, association, "vpcEndpointId", value, isEndpoint));
  }
  for (const directory of directories.filter(declaresEndpoint)) {
    const values = () => {
      const entries = tryRead(
        () => directory.props.workspaceAccessProperties?.accessEndpointConfig?.accessEndpoints,
      );
      return Array.isArray(entries)
        ? entries.map((e: { vpcEndpointId?: unknown }) => tryRead(() => e?.vpcEndpointId))
        : [];
    };
    referenced.set(directory, pointsAt(ids, directory, "workspaceAccessProperties", values, isEndpoint));
  }
  return referenced;
}

/**
 * The streaming endpoints, each with why it counts as one: highlander endpoints first, in stack
 * order, then the others in the order their referrers name them.
 */
export function streamingEndpoints(
  vpcEndpoints: readonly PolicyResource[],
  referenced: ReadonlyMap<PolicyResource, readonly PolicyResource[]>,
): Map<PolicyResource, string[]> {
  const endpoints = new Map<PolicyResource, string[]>();
  const because = (endpoint: PolicyResource, reason: string) =>
    endpoints.set(endpoint, [...(endpoints.get(endpoint) ?? []), reason]);
  for (const endpoint of vpcEndpoints) {
    const service = tryRead(() => endpoint.props.serviceName);
    if (typeof service === "string" && readServiceName(service).highlander) {
      because(endpoint, "it serves highlander");
    }
  }
  for (const [referrer, targets] of referenced) {
    targets.forEach((t) => because(t, `${label(referrer)} streams through it`));
  }
  return endpoints;
}
