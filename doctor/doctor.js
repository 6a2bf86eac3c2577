#!/usr/bin/env node
// @ts-check
// The connectivity doctor: run it from a client network to learn whether WorkSpaces streaming
// will go over PrivateLink from there, and if not, what to fix. Plain Node.js (20+), no packages:
//   npx workspaces-privatelink doctor --outputs outputs.json   (here: npm run doctor -- --outputs ...)
"use strict";
const { CHECKS, runChecks, summarize } = require("./checks");
const { UsageError, dnsServer, parseFlags, targetFrom } = require("./inputs");

const USAGE = `usage: workspaces-privatelink doctor (--outputs FILE | --hostname H --endpoint-ips IP,IP --region R)
              [--dns-server IP[:PORT]] [--timeout-ms N] [--json] [--only CHECK,...]

  --outputs FILE          the JSON of \`pulumi stack output --json\` (no AWS credentials needed)
  --hostname H            the private name clients are sent to (output privateLinkHostname)
  --endpoint-ips IP,IP    the endpoint's private addresses (output streamingEndpointIps)
  --region R              the stack's region (output region)
  --dns-server IP[:PORT]  ask this resolver (e.g. the on-premises one) instead of the system's
  --timeout-ms N          per probe, default 2000; the whole run takes at most N ms plus 1 s
  --json                  print {"checks": [{"name","status","detail","fix"}], "ok": boolean}
  --only CHECK,...        run only these of: ${CHECKS.join(", ")}
  --help                  this text

Exit status: 0 when no check run fails (warnings included), 1 when one fails, 2 on a usage error.`;

/**
 * @param {string[]} argv
 * @returns {{ help: true } | { help: false, target: import("./inputs").Target, dnsServer?: string, timeoutMs: number, json: boolean, only: string[] }}
 */
function parse(argv) {
  const flags = parseFlags(argv, {
    outputs: { type: "string" },
    hostname: { type: "string" },
    "endpoint-ips": { type: "string" },
    region: { type: "string" },
    "dns-server": { type: "string" },
    "timeout-ms": { type: "string" },
    json: { type: "boolean" },
    only: { type: "string" },
    help: { type: "boolean" },
  });
  if (flags.help) {
    return { help: true };
  }
  let timeoutMs = 2000;
  if (flags["timeout-ms"] !== undefined) {
    timeoutMs = Number(flags["timeout-ms"]);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
      throw new UsageError(
        `--timeout-ms ${JSON.stringify(flags["timeout-ms"])}: give whole milliseconds from 1 to 600000`,
      );
    }
  }
  let only = CHECKS;
  if (flags.only !== undefined) {
    only = flags.only
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    const unknown = only.filter((c) => !CHECKS.includes(c));
    if (only.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `--only ${JSON.stringify(flags.only)}: ${unknown.length ? `unknown check ${unknown.join(", ")}` : "names no check"}; the checks are ${CHECKS.join(", ")}`,
      );
    }
  }
  return {
    help: false,
    target: targetFrom(flags),
    dnsServer: flags["dns-server"] === undefined ? undefined : dnsServer(flags["dns-server"]),
    timeoutMs,
    json: flags.json === true,
    only,
  };
}

/** @param {import("./checks").Check[]} checks */
function formatText(checks) {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = [];
  for (const check of checks) {
    lines.push(`${check.name.padEnd(width)}  ${check.status.padEnd(4)}  ${check.detail}`);
    if (check.fix) {
      lines.push(`${" ".repeat(width)}        fix: ${check.fix}`);
    }
  }
  return lines.join("\n");
}

/**
 * Runs the doctor; returns the exit status.
 * @param {string[]} argv
 * @param {{ out: (text: string) => void, err: (text: string) => void }} io
 */
async function main(argv, io) {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`doctor: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const checks = await runChecks(options.target, options);
  const summary = summarize(options.target, checks);
  // A warning is worth a look, not a block: the run still succeeds.
  const ok = summary.status !== "FAIL";
  if (options.json) {
    io.out(`${JSON.stringify({ checks: [...checks, summary], ok }, null, 2)}\n`);
  } else {
    io.out(
      `WorkSpaces streaming over PrivateLink, from this network to ${options.target.hostname} (values from ${options.target.source})\n\n`,
    );
    io.out(`${formatText([...checks, summary])}\n`);
  }
  return ok ? 0 : 1;
}

module.exports = { USAGE, main, parse };

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (status) => {
      process.exitCode = status;
    },
    (error) => {
      process.stderr.write(`doctor: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
