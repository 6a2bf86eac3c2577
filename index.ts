/**
 * WorkSpaces Personal streaming over AWS PrivateLink: this project's stack program, and wiring
 * only. Reads the validated stack configuration, asks AWS what the configuration cannot know (the
 * region's streaming service, the client's instance type, an existing network), builds the one WorkspacesStreaming
 * component and exports the outputs other stacks read. An async program: Pulumi awaits it, and
 * nothing is registered before the configuration and the service are known to be good.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkStackConfigInAws, loadStackConfig } from "./config";
import { WorkspacesStreaming } from "./components/workspacesStreaming";
import { outputsOf, stackOutputs } from "./outputs";

export = async () => {
  const config = loadStackConfig();
  // The region's streaming service, and the client's instance type (a lab) or everything an
  // existing network names: found once, here.
  const inAws = await checkStackConfigInAws(config);
  config.warnings.forEach((warning) => pulumi.log.warn(warning));

  // "unprefixed": the names (and, through aliases, the URNs) every stack deployed before the
  // component existed has, so that an `up` after this refactor replaces nothing.
  const streaming = new WorkspacesStreaming("workspaces-privatelink", {
    ...config,
    ...inAws,
    naming: "unprefixed",
  });

  // The contract other projects read (outputs.ts says what each means); outputs that do not
  // apply to this stack (no resolver, no client...) are left out.
  return stackOutputs(outputsOf(streaming));
};
