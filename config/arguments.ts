/**
 * The stack configuration as the WorkspacesStreaming component's arguments: the same names, every
 * value resolved (the configuration owns the stack's defaults and words). `index.ts` passes the
 * result to the component, whose argument types check it; this module imports none of them, so
 * the configuration stays below the components.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, PROJECT } from "./problems";
import type { StackConfig } from "./types";

/** The component's arguments for this stack (`naming` and what AWS says are index.ts's to add). */
export function stackArguments(config: StackConfig) {
  const [first, ...rest] = config.streamedDirectories;
  const directory =
    config.directory === undefined
      ? undefined
      : config.directory.mode === "lab"
        ? { ...config.directory, associate: first.associate }
        : { ...config.directory, associate: first.associate, takeOver: first.takeOver };
  const directories = (directory ? rest : config.streamedDirectories).map((d) => ({
    directoryId: d.directoryId!,
    associate: d.associate,
    allowPcoipOverInternet: d.allowPcoipOverInternet,
    takeOver: d.takeOver,
  }));
  const common = {
    region: config.region,
    directories,
    allowPcoipOverInternet: config.allowPcoipOverInternet,
    clientNetwork: config.clientNetwork,
    signInLog: config.signInLog,
    monitoring: config.monitoring,
  };
  if (config.network === "existing") {
    const e = config.streamingEndpoint;
    return {
      ...common,
      network: config.network,
      directory: directory?.mode === "existing" ? directory : undefined,
      streamingEndpoint: "vpcEndpointId" in e ? { vpcEndpointId: e.vpcEndpointId, ownDns: e.ownDns } : e,
    };
  }
  return {
    ...common,
    network: config.network,
    directory,
    internetAccess: config.internetAccess,
    sourceVpc: config.sourceVpc,
    workspacesVpc: config.workspacesVpc,
    streamingEndpoint: config.streamingEndpoint,
    client: config.client,
    workspaces: config.workspaces,
  };
}

/**
 * A problem the component's preflight found (an argument's path, as code writes it), said as the
 * stack configuration names it (`workspaces-privatelink:streamingEndpoint.subnetIds[0]`), without a
 * stack trace; anything else is thrown as it is.
 */
export function inConfigWords(error: unknown): never {
  const problems = (error as { problems?: unknown } | undefined)?.problems;
  if (Array.isArray(problems) && problems.every((p) => typeof (p as { path?: unknown }).path === "string")) {
    const named = (problems as { path: string; message: string }[]).map((p) => ({
      key: p.path === "region" ? "aws:region" : `${PROJECT}:${p.path}`,
      message: p.message,
    }));
    throw new pulumi.RunError(new ConfigError(named).message);
  }
  throw error;
}
