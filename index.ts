/**
 * WorkSpaces Personal streaming over AWS PrivateLink: this project's stack program, and wiring
 * only. Reads the validated stack configuration, turns it into the WorkspacesStreaming component's
 * arguments, asks AWS what the configuration cannot know (the region's streaming service, the
 * client's instance type, an existing network: problems named by their configuration keys), builds
 * the one component and exports the outputs other stacks read. An async program: Pulumi awaits
 * it, and nothing is registered before the configuration and AWS's answers are known to be good.
 */
import * as pulumi from "@pulumi/pulumi";
import { inConfigWords, loadStackConfig, stackArguments } from "./config";
import { checkSetupInAws } from "./components/preflight";
import { WorkspacesStreaming } from "./components/workspacesStreaming";
import type { WorkspacesStreamingArgs } from "./components/workspacesStreamingArgs";
import { outputsOf, stackOutputs } from "./outputs";

export = async () => {
  const config = loadStackConfig();
  config.warnings.forEach((warning) => pulumi.log.warn(warning));
  // "unprefixed": the names (and, through aliases, the URNs) every stack deployed before the
  // component existed has, so that an `up` after this refactor replaces nothing.
  const args: WorkspacesStreamingArgs = { ...stackArguments(config), naming: "unprefixed" };
  const inAws = await checkSetupInAws(args).catch(inConfigWords);
  const streaming = new WorkspacesStreaming("workspaces-privatelink", { ...args, inAws });

  // The contract other projects read (outputs.ts says what each means); outputs that do not
  // apply to this stack (no resolver, no client...) are left out.
  return stackOutputs(outputsOf(streaming));
};
