/**
 * Reads what the policy pack needs to know of existing WorkSpaces directories before anything is
 * written: each one's type, endpoint encryption, Global Accelerator modes, IP groups, and how many
 * of its WorkSpaces stream with PCoIP or have Global Accelerator on. The program makes this read
 * during `pulumi preview` (never during the update itself) and hands each result to its
 * directory's association as the `directoryFacts` input, so `pulumi preview --policy-pack policy`
 * decides before the first write.
 *
 * Reads only, with the AWS SDK's default credential chain (and the stack's aws:profile, as
 * pulumi-aws uses it) and retry mode, in as few calls as the API allows: one
 * DescribeWorkspaceDirectories per 25 directories, and for each directory one DescribeWorkspaces
 * per page of 25 WorkSpaces. Without credentials, or on any error, it says why instead.
 */
import type * as WS from "@aws-sdk/client-workspaces";
import type { DirectoryFactsInput } from "../policy/facts";

/** DescribeWorkspaceDirectories takes at most this many IDs (the WorkSpaces API model's maxDirectoryIds). */
export const DIRECTORY_IDS_PER_CALL = 25;

/** A WorkSpace as the preview read lists it. */
export interface WorkspaceSummary {
  readonly workspaceId: string;
  readonly userName: string;
  /** `WorkspaceProperties.Protocols`: `WSP` is DCV's name in the API, `PCOIP` PCoIP. */
  readonly protocols: readonly string[];
}

/** What the read found of one directory: its facts (or why they are unknown) and its WorkSpaces. */
export interface DirectoryRead {
  readonly facts: DirectoryFactsInput;
  readonly workspaces: readonly WorkspaceSummary[];
  /** The endpoint it streams through now; undefined while it streams over the internet (or unread). */
  readonly streamingEndpointId?: string;
}

/** The source the facts name, so a policy finding says where they came from. */
const sourceOf = (region: string) => `read from WorkSpaces in ${region} during preview`;

/** Reads every directory of `directoryIds` (any number; in groups of 25) and their WorkSpaces. */
export async function readDirectories(
  directoryIds: readonly string[],
  region: string,
  profile?: string,
): Promise<Map<string, DirectoryRead>> {
  const source = sourceOf(region);
  const found = new Map<string, DirectoryRead>();
  const unknown = (why: string): DirectoryRead => ({
    facts: { source, unknown: why },
    workspaces: [],
  });
  try {
    // Loaded on use: only a preview of existing directories needs it.
    const W = require("@aws-sdk/client-workspaces") as typeof WS;
    const client = new W.WorkSpacesClient({ region, profile });
    try {
      const ids = [...new Set(directoryIds)];
      const directories = new Map<string, WS.WorkspaceDirectory>();
      for (let i = 0; i < ids.length; i += DIRECTORY_IDS_PER_CALL) {
        const described = await client.send(
          new W.DescribeWorkspaceDirectoriesCommand({
            DirectoryIds: ids.slice(i, i + DIRECTORY_IDS_PER_CALL),
          }),
        );
        for (const d of described.Directories ?? []) {
          directories.set(String(d.DirectoryId), d);
        }
      }
      for (const id of ids) {
        const directory = directories.get(id);
        if (!directory) {
          found.set(id, unknown(`directory ${id} is not registered with WorkSpaces in ${region}`));
          continue;
        }
        const workspaces: WorkspaceSummary[] = [];
        let pcoip = 0;
        let accelerated = 0;
        for (let token: string | undefined, first = true; first || token; first = false) {
          const page = await client.send(
            new W.DescribeWorkspacesCommand({ DirectoryId: id, NextToken: token }),
          );
          for (const w of page.Workspaces ?? []) {
            const protocols = w.WorkspaceProperties?.Protocols ?? [];
            pcoip += protocols.includes("PCOIP") ? 1 : 0;
            accelerated += w.WorkspaceProperties?.GlobalAccelerator?.Mode === "ENABLED_AUTO" ? 1 : 0;
            workspaces.push({
              workspaceId: String(w.WorkspaceId),
              userName: String(w.UserName ?? ""),
              protocols,
            });
          }
          token = page.NextToken;
        }
        const streamingEndpointId =
          directory.WorkspaceAccessProperties?.AccessEndpointConfig?.AccessEndpoints?.find(
            (e) => e.AccessEndpointType === "STREAMING_WSP",
          )?.VpcEndpointId;
        found.set(id, {
          facts: {
            source,
            ...(streamingEndpointId ? { streamingEndpointId } : {}),
            workspaceType: directory.WorkspaceType ?? "PERSONAL",
            endpointEncryptionMode: directory.EndpointEncryptionMode ?? "STANDARD_TLS",
            globalAcceleratorMode: directory.StreamingProperties?.GlobalAccelerator?.Mode ?? "DISABLED",
            ipGroupIds: directory.ipGroupIds ?? [],
            pcoipWorkspaceCount: pcoip,
            globalAcceleratorWorkspaceCount: accelerated,
          },
          workspaces,
          streamingEndpointId,
        });
      }
    } finally {
      client.destroy();
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    const signer = profile === undefined ? "" : ` with AWS profile ${profile}`;
    for (const id of directoryIds) {
      if (!found.has(id)) {
        found.set(id, unknown(`could not read directory ${id} in ${region}${signer} (${name}: ${message})`));
      }
    }
  }
  return found;
}

/** The facts of one directory (the read above, for one ID). */
export async function readDirectoryFacts(
  directoryId: string,
  region: string,
  profile?: string,
): Promise<DirectoryFactsInput> {
  return (await readDirectories([directoryId], region, profile)).get(directoryId)!.facts;
}
