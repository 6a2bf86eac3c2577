// @ts-check
// The doctor's checks: what each probe result means for streaming over PrivateLink, and what to fix.
"use strict";
const net = require("net");
const {
  lookup,
  quicProbe,
  resolverFor,
  tcpThenTls,
  tlsHandshake,
  trustedSecureContext,
  withDeadline,
} = require("./probes");
const { SILENT_FIX, TLS_VERDICTS, fill } = require("./tlsVerdicts");

/** @typedef {"PASS" | "FAIL" | "SKIP" | "WARN"} Status */
/** @typedef {{ name: string, status: Status, detail: string, fix: string | null }} Check */
/** @typedef {import("./inputs").Target} Target */
/** @typedef {import("./probes").ProbeResult} ProbeResult */

/** The checks, in report order; `summary` follows them. */
const CHECKS = ["dns", "tcp-443", "tcp-4195", "quic-443", "quic-4195", "signin"];

/**
 * The region's WorkSpaces sign-in and registration hosts that need no account-specific name,
 * from AWS's "IP address and port requirements for WorkSpaces Personal". AWS's list may be
 * incomplete; the directory's `<alias>.awsapps.com` and the `drp-<code>` health-check hosts are
 * account- and region-specific and not probed.
 * @param {string} region
 */
function signinHosts(region) {
  return [
    `ws-broker-service.${region}.amazonaws.com`,
    `ws-client-service.${region}.amazonaws.com`,
    `skylight-client-ds.${region}.amazonaws.com`,
    `workspaces.${region}.amazonaws.com`,
    "connectivity.amazonworkspaces.com",
  ];
}

/** Address space that is not on the internet: RFC 1918 private and RFC 6598 shared. */
const nonPublic = new net.BlockList();
nonPublic.addSubnet("10.0.0.0", 8);
nonPublic.addSubnet("172.16.0.0", 12);
nonPublic.addSubnet("192.168.0.0", 16);
nonPublic.addSubnet("100.64.0.0", 10);

/** @param {string} ip */
function isPrivate(ip) {
  return nonPublic.check(ip, "ipv4");
}

/**
 * The fix for a name that does not resolve privately here: forward it to the VPC's resolver.
 * @param {Target} target
 */
function forwardingFix(target) {
  const domains = target.forwardDomains.length > 0 ? target.forwardDomains : [target.hostname];
  if (target.resolverIps.length > 0) {
    return `on this network's DNS, forward ${domains.join(", ")} to ${target.resolverIps.join(", ")} (conditional forwarders to the Route 53 Resolver inbound endpoint; outputs dnsForwardDomains and dnsResolverIps), or run the doctor from inside the routed network`;
  }
  return `forward ${domains.join(", ")} to a Route 53 Resolver inbound endpoint in the endpoint's VPC (set clientNetwork.dnsResolver: true and use the dnsResolverIps output), or run the doctor from inside the routed network`;
}

/**
 * Judges the DNS answer for the private hostname.
 * @param {Target} target
 * @param {Awaited<ReturnType<typeof lookup>>} answer
 * @param {string} asked
 * @returns {Check}
 */
function judgeDns(target, answer, asked) {
  const name = target.hostname;
  const endpoint = target.endpointIps.join(", ");
  if ("error" in answer) {
    return {
      name: "dns",
      status: "FAIL",
      detail: `${name}: ${answer.error} (asked ${asked})`,
      fix: "check that this network's DNS server answers, or pass --dns-server with the on-premises resolver's address",
    };
  }
  if (answer.a.length === 0) {
    if (answer.aaaa.length > 0) {
      return {
        name: "dns",
        status: "FAIL",
        detail: `${name} has only IPv6 (AAAA) answers (${answer.aaaa.join(", ")}); streaming over PrivateLink is IPv4 only (asked ${asked})`,
        fix: "the endpoint must publish IPv4 records (dnsRecordIpType ipv4, this stack's setting); check which records your DNS serves for the name",
      };
    }
    return {
      name: "dns",
      status: "FAIL",
      detail: `${name} ${answer.nxdomain ? "does not resolve (NXDOMAIN)" : "has no IPv4 address"} (asked ${asked}): this network's DNS does not reach the endpoint's private zone`,
      fix: forwardingFix(target),
    };
  }
  const publicIps = answer.a.filter((ip) => !isPrivate(ip));
  if (publicIps.length > 0) {
    return {
      name: "dns",
      status: "FAIL",
      detail: `${name} resolves to public address(es) ${publicIps.join(", ")} (asked ${asked}): that is the internet's answer, not the endpoint's (${endpoint})`,
      fix: forwardingFix(target),
    };
  }
  const others = answer.a.filter((ip) => !target.endpointIps.includes(ip));
  if (others.length > 0) {
    return {
      name: "dns",
      status: "FAIL",
      detail: `${name} resolves to ${others.join(", ")}, private but not this endpoint's addresses (${endpoint}) (asked ${asked}): another endpoint, or a stale record`,
      fix: "find where that answer comes from: a static record left from an older endpoint, or a forwarder pointing at another VPC's resolver; the names must resolve through this stack's endpoint VPC",
    };
  }
  return {
    name: "dns",
    status: "PASS",
    detail: `${name} -> ${[...answer.a].sort().join(", ")}, the endpoint's addresses (asked ${asked})`,
    fix: null,
  };
}

/**
 * @param {string} name
 * @param {string} what
 * @param {[string, ProbeResult][]} results
 * @param {string} fix
 * @returns {Check}
 */
function judgeProbes(name, what, results, fix) {
  const failed = results.filter(([, r]) => !r.ok);
  /** @param {[string, ProbeResult]} entry */
  const describe = ([ip, r]) => (r.ok ? `${ip} ${r.ms} ms` : `${ip} ${r.reason}`);
  if (failed.length === 0) {
    const detail = results.map(describe).join(", ");
    const first = /** @type {{ detail: string }} */ (results[0][1]).detail;
    return { name, status: "PASS", detail: what === "QUIC" ? `${detail}: ${first}` : detail, fix: null };
  }
  return { name, status: "FAIL", detail: `${what}: ${failed.map(describe).join("; ")}`, fix };
}

/** @typedef {ProbeResult & { tls?: import("./probes").TlsAnswer }} TcpResult */

/** The statuses, worst last. */
const SEVERITY = ["PASS", "WARN", "FAIL"];

/**
 * What answered TLS at one address, judged (tlsVerdicts.js): its status, words and fix.
 * @param {Target} target
 * @param {import("./probes").TlsAnswer} answer
 */
function tlsJudgement(target, answer) {
  if (!answer.ok) {
    return { status: /** @type {Status} */ ("FAIL"), detail: answer.reason, fix: "" };
  }
  const verdict = TLS_VERDICTS[answer.verdict];
  const values = {
    subject: answer.subject,
    issuer: answer.issuer,
    names: answer.names,
    why: answer.why,
    hostname: (target.forwardDomains.length > 0 ? target.forwardDomains : [target.hostname]).join(", "),
    addresses: target.endpointIps.join(", "),
  };
  return {
    status: /** @type {Status} */ (verdict.status),
    detail: `${answer.protocol}; ${fill(verdict.detail, values)}`,
    fix: fill(verdict.fix, values),
  };
}

/**
 * TCP 443 and 4195: the connection, and who answers TLS there (SNI = the streaming name), judged
 * against the CAs this machine trusts. On 443 an accepted connection that answers no handshake is
 * something on the path answering for the endpoint; on 4195 what DCV speaks is not documented, so
 * no TLS answer there is shown, not judged.
 * @param {Target} target
 * @param {443 | 4195} port
 * @param {[string, TcpResult][]} results
 * @param {string} fix
 * @returns {Check}
 */
function judgeTcp(target, port, results, fix) {
  const name = `tcp-${port}`;
  const failed = results.filter(([, r]) => !r.ok);
  if (failed.length > 0) {
    const reasons = failed.map(([ip, r]) => `${ip} ${/** @type {{ reason: string }} */ (r).reason}`);
    return { name, status: "FAIL", detail: `TCP ${port}: ${reasons.join("; ")}`, fix };
  }
  const silent = results.filter(([, r]) => r.tls && !r.tls.ok);
  if (port === 443 && silent.length > 0) {
    return {
      name,
      status: "FAIL",
      detail: `TCP ${port}: ${silent.map(([ip, r]) => `${ip} accepted the connection, but gave (${/** @type {{ reason: string }} */ (r.tls).reason})`).join("; ")}`,
      fix: fill(SILENT_FIX, { port: String(port) }),
    };
  }
  let status = /** @type {Status} */ ("PASS");
  /** @type {string[]} */
  const fixes = [];
  const shown = results.map(([ip, r]) => {
    if (!r.tls || !r.tls.ok) {
      const reason = r.tls ? r.tls.reason : "no TLS answer";
      return `${ip} ${r.ms} ms (${reason}; what DCV speaks on ${port} is not documented: shown, not judged)`;
    }
    const judged = tlsJudgement(target, r.tls);
    if (SEVERITY.indexOf(judged.status) > SEVERITY.indexOf(status)) {
      status = judged.status;
    }
    if (judged.fix && !fixes.includes(judged.fix)) {
      fixes.push(judged.fix);
    }
    return `${ip} ${r.ms} ms (${judged.detail})`;
  });
  return { name, status, detail: shown.join(", "), fix: status === "PASS" ? null : fixes.join("; ") };
}

/**
 * Runs the chosen checks, all probes at once, each bounded by `timeoutMs`.
 * @param {Target} target
 * @param {{ dnsServer?: string, timeoutMs: number, only: string[] }} options
 * @returns {Promise<Check[]>}
 */
async function runChecks(target, options) {
  const { timeoutMs, only } = options;
  trustedSecureContext(); // its CPU is spent before any probe's clock starts
  const resolver = resolverFor(options.dnsServer, timeoutMs);
  const asked =
    options.dnsServer ?? `this machine's resolver (${resolver.getServers().join(", ") || "none"})`;
  const wanted = (/** @type {string} */ name) => only.includes(name);
  /** @param {(ip: string, port: number, timeoutMs: number) => Promise<ProbeResult>} probe @param {number} port */
  const everyAddress = (probe, port) =>
    Promise.all(
      target.endpointIps.map(
        async (ip) => /** @type {[string, ProbeResult]} */ ([ip, await probe(ip, port, timeoutMs)]),
      ),
    );
  /** @param {number} port */
  const tcpFix = (port) =>
    `let TCP ${port} from this network reach the endpoint: a route to the endpoint's VPC (streamingRouteTableIds), this network's range in streamingEndpoint.allowedCidrs, and no firewall dropping it`;
  /** @param {number} port */
  const quicFix = (port) =>
    `UDP ${port} is blocked somewhere between here and the endpoint (firewall, network ACL, or the range missing from streamingEndpoint.allowedCidrs); the client falls back to TCP, which works but is slower: allow UDP ${port}`;

  /** @type {Map<string, Promise<Check>>} */
  const running = new Map();
  if (wanted("dns")) {
    /** @type {Awaited<ReturnType<typeof lookup>>} */
    const noAnswer = { error: "the DNS server did not answer" };
    const answer = withDeadline(lookup(resolver, target.hostname), timeoutMs, noAnswer);
    running.set(
      "dns",
      answer.then((a) => judgeDns(target, a, asked)),
    );
  }
  for (const port of [443, 4195]) {
    if (wanted(`tcp-${port}`)) {
      const tcp = (/** @type {string} */ ip, /** @type {number} */ p, /** @type {number} */ ms) =>
        tcpThenTls(ip, p, target.hostname, ms);
      const results = /** @type {Promise<[string, TcpResult][]>} */ (everyAddress(tcp, port));
      running.set(
        `tcp-${port}`,
        results.then((r) => judgeTcp(target, /** @type {443 | 4195} */ (port), r, tcpFix(port))),
      );
    }
    if (wanted(`quic-${port}`)) {
      const results = everyAddress(quicProbe, port);
      running.set(
        `quic-${port}`,
        results.then((r) => judgeProbes(`quic-${port}`, "QUIC", r, quicFix(port))),
      );
    }
  }
  if (wanted("signin")) {
    const results = Promise.all(
      signinHosts(target.region).map(
        async (host) =>
          /** @type {[string, ProbeResult]} */ ([host, await tlsHandshake(resolver, host, timeoutMs)]),
      ),
    );
    const fix =
      "sign-in and registration always need the internet, even with PrivateLink: let this network reach these hosts on TCP and UDP 443 (through the proxy, if you use one)";
    running.set(
      "signin",
      results.then((r) => judgeProbes("signin", "sign-in over HTTPS", r, fix)),
    );
  }
  const checks = [];
  for (const name of CHECKS) {
    const check = running.get(name);
    checks.push(
      check
        ? await check
        : { name, status: /** @type {Status} */ ("SKIP"), detail: "not asked for (--only)", fix: null },
    );
  }
  resolver.cancel(); // queries that lost their race to the timeout end now, not later
  return checks;
}

/**
 * The one-line verdict.
 * @param {Target} target
 * @param {Check[]} checks
 * @returns {Check}
 */
function summarize(target, checks) {
  const failed = checks.filter((c) => c.status === "FAIL").map((c) => c.name);
  const skipped = checks.filter((c) => c.status === "SKIP").map((c) => c.name);
  const pcoip = target.allowPcoipOverInternet ? " PCoIP WorkSpaces still stream over the internet." : "";
  const partly =
    skipped.length > 0
      ? ` (checked: ${checks
          .filter((c) => c.status !== "SKIP")
          .map((c) => c.name)
          .join(", ")})`
      : "";
  const warned = checks.filter((c) => c.status === "WARN").map((c) => c.name);
  if (failed.length === 0 && warned.length > 0) {
    return {
      name: "summary",
      status: "WARN",
      detail: `nothing blocks streaming over PrivateLink from here, but look at ${warned.join(", ")} before relying on it${partly}`,
      fix: null,
    };
  }
  if (failed.length === 0) {
    return {
      name: "summary",
      status: "PASS",
      detail: `streaming over PrivateLink will work from here${partly}`,
      fix: null,
    };
  }
  const path = failed.filter((n) => n === "dns" || n.startsWith("tcp-"));
  const quic = failed.filter((n) => n.startsWith("quic-"));
  let consequence;
  if (path.length > 0) {
    consequence = `DCV users of this directory get nothing from here: with the endpoint set, DCV does not fall back to the internet ("No endpoints are reachable").${pcoip}`;
  } else if (quic.length > 0) {
    consequence = "DCV will stream over TCP instead of QUIC: it works, slower.";
  } else {
    consequence = "The streaming path is open, but users cannot register or sign in from here.";
  }
  if (path.length === 0 && quic.length > 0 && failed.includes("signin")) {
    consequence += " Users cannot register or sign in from here either.";
  }
  return {
    name: "summary",
    status: "FAIL",
    detail: `blocked by ${failed.join(", ")}. ${consequence}${partly}`,
    fix: null,
  };
}

module.exports = { CHECKS, isPrivate, judgeDns, runChecks, signinHosts, summarize };
