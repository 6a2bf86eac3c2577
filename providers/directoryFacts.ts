/**
 * Reads what the policy pack needs to know of an existing WorkSpaces directory before anything is
 * written: its type, endpoint encryption, Global Accelerator modes, IP groups, and how many of its
 * WorkSpaces stream with PCoIP or have Global Accelerator on. The program makes this read during
 * `pulumi preview` (never during the update itself) and hands the result to the association as its
 * `directoryFacts` input, so `pulumi preview --policy-pack policy` decides before the first write.
 *
 * Reads only, with the AWS SDK's default credential chain (and the stack's aws:profile, as
 * pulumi-aws uses it) and retry mode: one DescribeWorkspaceDirectories and one DescribeWorkspaces
 * per page of 25, the reads the association's own preflight makes. Without credentials, or on any error, it says why instead.
 */
import type * as WS from "@aws-sdk/client-workspaces";
import type { DirectoryFactsInput } from "../policy/facts";

export async function readDirectoryFacts(
  directoryId: string,
  region: string,
  profile?: string,
): Promise<DirectoryFactsInput> {
  const source = `read from WorkSpaces in ${region} during preview`;
  try {
    // Loaded on use: only a preview of an existing directory needs it.
    const W = require("@aws-sdk/client-workspaces") as typeof WS;
    const client = new W.WorkSpacesClient({ region, profile });
    try {
      const described = await client.send(
        new W.DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directoryId] }),
      );
      const directory = described.Directories?.find((d) => d.DirectoryId === directoryId);
      if (!directory) {
        return { source, unknown: `directory ${directoryId} is not registered with WorkSpaces in ${region}` };
      }
      let pcoip = 0;
      let accelerated = 0;
      for (let token: string | undefined, first = true; first || token; first = false) {
        const page = await client.send(
          new W.DescribeWorkspacesCommand({ DirectoryId: directoryId, NextToken: token }),
        );
        for (const workspace of page.Workspaces ?? []) {
          pcoip += workspace.WorkspaceProperties?.Protocols?.includes("PCOIP") ? 1 : 0;
          accelerated += workspace.WorkspaceProperties?.GlobalAccelerator?.Mode === "ENABLED_AUTO" ? 1 : 0;
        }
        token = page.NextToken;
      }
      return {
        source,
        workspaceType: directory.WorkspaceType ?? "PERSONAL",
        endpointEncryptionMode: directory.EndpointEncryptionMode ?? "STANDARD_TLS",
        globalAcceleratorMode: directory.StreamingProperties?.GlobalAccelerator?.Mode ?? "DISABLED",
        ipGroupIds: directory.ipGroupIds ?? [],
        pcoipWorkspaceCount: pcoip,
        globalAcceleratorWorkspaceCount: accelerated,
      };
    } finally {
      client.destroy();
    }
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    const signer = profile === undefined ? "" : ` with AWS profile ${profile}`;
    return {
      source,
      unknown: `could not read directory ${directoryId} in ${region}${signer} (${name}: ${message})`,
    };
  }
}
