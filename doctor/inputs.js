// @ts-check
// What the doctor (and its PowerShell twin) is told about the stack: from the JSON of
// `pulumi stack output --json`, or from flags. Node.js standard library only.
"use strict";
const fs = require("fs");
const net = require("net");
const { parseArgs } = require("util");
const { closest } = require("./words");

/** A usage mistake: printed as one line with the usage, exit code 2, never a stack trace. */
class UsageError extends Error {}

/**
 * @typedef {object} Target
 * @property {string} hostname     the name the broker hands clients (privateLinkHostname)
 * @property {string[]} endpointIps the endpoint's private IPv4 addresses (streamingEndpointIps)
 * @property {string} region
 * @property {string[]} resolverIps the Route 53 Resolver inbound endpoint (dnsResolverIps), if any
 * @property {string[]} forwardDomains the names on-premises DNS must forward (dnsForwardDomains), if any
 * @property {boolean | undefined} allowPcoipOverInternet
 * @property {string} source        where the values came from, for the report
 */

/** @param {unknown} value @returns {value is string[]} */
function isStringList(value) {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/**
 * @param {string} list
 * @param {string} flag
 */
function ipList(list, flag) {
  const ips = list
    .split(",")
    .map((ip) => ip.trim())
    .filter(Boolean);
  const bad = ips.find((ip) => !net.isIPv4(ip));
  if (ips.length === 0 || bad !== undefined) {
    throw new UsageError(
      `${flag} ${JSON.stringify(list)}: give IPv4 addresses separated by commas, e.g. 10.0.16.200,10.0.32.200`,
    );
  }
  return ips;
}

/**
 * The stack's outputs, from the file `pulumi stack output --json` writes; a UsageError saying how
 * to write it when the file is missing, or is something else. The doctor and the cut-over report
 * read their outputs file through this.
 * @param {string} file
 * @returns {Record<string, unknown>}
 */
function readOutputsFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    throw new UsageError(
      code === "EISDIR"
        ? `--outputs ${file}: is a directory; name the file pulumi stack output --json wrote, e.g. pulumi stack output --json > outputs.json, then --outputs outputs.json`
        : `--outputs ${file}: cannot read it (${code}); write it with: pulumi stack output --json > ${file}`,
    );
  }
  const instead =
    "give the stack's outputs instead: pulumi stack output --json > outputs.json, then --outputs outputs.json";
  /** @type {unknown} */
  let outputs;
  try {
    outputs = JSON.parse(text);
  } catch {
    throw new UsageError(`--outputs ${file}: is not JSON; ${instead}`);
  }
  if (outputs === null || typeof outputs !== "object" || Array.isArray(outputs)) {
    throw new UsageError(`--outputs ${file}: is not an object of outputs; ${instead}`);
  }
  return setupOutputs(/** @type {Record<string, unknown>} */ (outputs), `--outputs ${file}`);
}

/**
 * A setup's outputs (the contract, docs/reference.md#outputs) in a stack's outputs: the stack's own
 * when it exports the contract at its top (this project's program does), else the one output
 * that holds them (a program that exports `stackOutputs(outputsOf(component))` under a name of its
 * own). A stack with several setups says which to pick. The tools read their files through this.
 * @param {Record<string, unknown>} outputs
 * @param {string} what the file, as the flag names it
 * @returns {Record<string, unknown>}
 */
function setupOutputs(outputs, what) {
  if ("privateLinkHostname" in outputs) {
    return outputs;
  }
  const setups = Object.entries(outputs).filter(
    ([, value]) =>
      value !== null && typeof value === "object" && !Array.isArray(value) && "privateLinkHostname" in value,
  );
  if (setups.length > 1) {
    const names = setups.map(([name]) => name);
    throw new UsageError(
      `${what}: holds the outputs of ${setups.length} setups (${names.join(", ")}); write one of them: pulumi stack output ${names[0]} --json > outputs.json`,
    );
  }
  return setups.length === 1 ? /** @type {Record<string, unknown>} */ (setups[0][1]) : outputs;
}

/**
 * The target from the stack's outputs file.
 * @param {string} file
 * @returns {Target}
 */
function fromOutputsFile(file) {
  const outputs = readOutputsFile(file);
  /** @param {string} name */
  const missing = (name) =>
    new UsageError(
      `--outputs ${file}: has no ${name} output; deploy the stack with this version of workspaces-privatelink, or pass --hostname, --endpoint-ips and --region`,
    );
  const { privateLinkHostname, streamingEndpointIps, region } = outputs;
  if (typeof privateLinkHostname !== "string") throw missing("privateLinkHostname");
  if (!isStringList(streamingEndpointIps) || streamingEndpointIps.length === 0)
    throw missing("streamingEndpointIps");
  if (typeof region !== "string") throw missing("region");
  return {
    hostname: privateLinkHostname,
    endpointIps: streamingEndpointIps,
    region,
    resolverIps: isStringList(outputs.dnsResolverIps) ? outputs.dnsResolverIps : [],
    forwardDomains: isStringList(outputs.dnsForwardDomains) ? outputs.dnsForwardDomains : [],
    allowPcoipOverInternet:
      typeof outputs.allowPcoipOverInternet === "boolean" ? outputs.allowPcoipOverInternet : undefined,
    source: file,
  };
}

/**
 * The target from `--outputs FILE`, or else from `--hostname`, `--endpoint-ips` and `--region`.
 * @param {{ outputs?: string, hostname?: string, "endpoint-ips"?: string, region?: string }} flags
 * @returns {Target}
 */
function targetFrom(flags) {
  if (flags.outputs !== undefined) {
    return fromOutputsFile(flags.outputs);
  }
  const absent = ["hostname", "endpoint-ips", "region"].filter(
    (f) => flags[/** @type {"hostname"} */ (f)] === undefined,
  );
  if (absent.length > 0) {
    throw new UsageError(
      `give --outputs FILE, or all of --hostname, --endpoint-ips and --region (missing: ${absent.map((f) => `--${f}`).join(", ")})`,
    );
  }
  const region = /** @type {string} */ (flags.region);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new UsageError(`--region ${JSON.stringify(region)}: is not an AWS region, e.g. ap-northeast-1`);
  }
  return {
    hostname: /** @type {string} */ (flags.hostname),
    endpointIps: ipList(/** @type {string} */ (flags["endpoint-ips"]), "--endpoint-ips"),
    region,
    resolverIps: [],
    forwardDomains: [],
    allowPcoipOverInternet: undefined,
    source: "the command line",
  };
}

/**
 * The arguments with an option's value that begins with a dash joined to it (`--timeout-ms -1`
 * becomes `--timeout-ms=-1`), so that it is judged as a value, not refused as an unknown option.
 * @param {readonly string[]} argv
 * @param {Record<string, { type: "string" | "boolean" }>} options
 */
function joinDashValues(argv, options) {
  /** @type {string[]} */
  const args = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : undefined;
    if (name && options[name]?.type === "string" && /^-\d/.test(argv[i + 1] ?? "")) {
      args.push(`${argv[i]}=${argv[++i]}`);
    } else {
      args.push(argv[i]);
    }
  }
  return args;
}

/**
 * util.parseArgs's error as one line: its first sentence, and for an unknown option the one most
 * likely meant (`--output`: did you mean --outputs?).
 * @param {unknown} error
 * @param {Record<string, unknown>} options
 */
function usageErrorOf(error, options) {
  const message = /** @type {Error} */ (error).message;
  // util.parseArgs says what is wrong, then how to pass a positional or a dash value: the first sentence matters here.
  const first = message.split("\n")[0].split(". To specify")[0].replace(/\.$/, "");
  const unknown = /^Unknown option '--([^']+)'/.exec(first);
  const guess = unknown ? closest(unknown[1], Object.keys(options)) : undefined;
  return new UsageError(guess ? `${first} (did you mean --${guess}?)` : first);
}

/**
 * The flags of a command line (strict, no positionals), or a UsageError of one line.
 * @template {Record<string, { type: "string" | "boolean", multiple?: boolean }>} O
 * @param {readonly string[]} argv
 * @param {O} options
 */
function parseFlags(argv, options) {
  try {
    return parseArgs({ args: joinDashValues(argv, options), options, strict: true, allowPositionals: false })
      .values;
  } catch (error) {
    throw usageErrorOf(error, options);
  }
}

/**
 * Checks `IP` or `IP:PORT` for --dns-server (`port: false`: the address alone, for a resolver
 * that asks port 53 only).
 * @param {string} server
 * @param {{ port?: boolean }} [options]
 */
function dnsServer(server, { port = true } = {}) {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(server);
  if (
    !match ||
    !net.isIPv4(match[1]) ||
    (match[2] !== undefined && (Number(match[2]) < 1 || Number(match[2]) > 65535))
  ) {
    throw new UsageError(
      `--dns-server ${JSON.stringify(server)}: give an IPv4 address, optionally with :PORT, e.g. 192.168.0.2 or 192.168.0.2:53`,
    );
  }
  if (!port && match[2] !== undefined) {
    throw new UsageError(
      `--dns-server ${JSON.stringify(server)}: the PowerShell script asks with Resolve-DnsName, which takes no port (it asks port 53): give the address alone, ${match[1]}, or run the Node.js doctor (npx workspaces-privatelink doctor), which takes IP:PORT`,
    );
  }
  return server;
}

module.exports = {
  UsageError,
  dnsServer,
  fromOutputsFile,
  parseFlags,
  readOutputsFile,
  setupOutputs,
  targetFrom,
};
