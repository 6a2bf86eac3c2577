// @ts-check
// The doctor's network probes: DNS, TCP connect, a QUIC version-negotiation probe and a TLS
// handshake. Node.js standard library only, so the doctor runs with plain `node` anywhere.
"use strict";
const { randomBytes } = require("crypto");
const dgram = require("dgram");
const dns = require("dns");
const fs = require("fs");
const net = require("net");
const tls = require("tls");

/**
 * A version no QUIC server supports: RFC 9000 reserves versions of the form 0x?a?a?a?a for
 * forcing version negotiation (section 15), so a real QUIC server must answer with a Version
 * Negotiation packet.
 */
const PROBE_VERSION = 0x1a2a3a4a;
/** A client's first datagram must be at least 1200 bytes (RFC 9000 section 14.1); servers ignore smaller ones. */
const INITIAL_SIZE = 1200;

/**
 * @typedef {{ ok: true, ms: number, detail: string } | { ok: false, ms: number, reason: string }} ProbeResult
 */

/**
 * `promise`, or `fallback` once `ms` have passed; the timer never keeps the process alive.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {T} fallback
 * @returns {Promise<T>}
 */
function withDeadline(promise, ms, fallback) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, deadline])).finally(() => clearTimeout(timer));
}

/** @param {bigint} start */
function elapsed(start) {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e6);
}

/**
 * A DNS resolver asking `server` (`IP` or `IP:PORT`), or the system's resolvers when undefined.
 * @param {string | undefined} server
 * @param {number} timeoutMs
 */
function resolverFor(server, timeoutMs) {
  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
  if (server) {
    resolver.setServers([server]);
  }
  return resolver;
}

/**
 * A and AAAA records of `name`. NXDOMAIN and "no records" are answers, not errors.
 * @param {dns.promises.Resolver} resolver
 * @param {string} name
 * @returns {Promise<{ a: string[], aaaa: string[], nxdomain: boolean } | { error: string }>}
 */
async function lookup(resolver, name) {
  /** @param {Promise<string[]>} query */
  const answer = (query) =>
    query.then(
      (records) => ({ records, code: "" }),
      (/** @type {NodeJS.ErrnoException} */ error) => ({
        records: /** @type {string[]} */ ([]),
        code: String(error.code),
      }),
    );
  const [a, aaaa] = await Promise.all([answer(resolver.resolve4(name)), answer(resolver.resolve6(name))]);
  const failed = [a, aaaa].find((r) => r.code && r.code !== "ENOTFOUND" && r.code !== "ENODATA");
  if (failed && a.records.length === 0) {
    return {
      error: failed.code === "ETIMEOUT" ? "the DNS server did not answer" : `DNS error ${failed.code}`,
    };
  }
  return { a: a.records, aaaa: aaaa.records, nxdomain: a.code === "ENOTFOUND" };
}

/**
 * A TLS answer: the certificate, and whether this machine trusts it for the name asked (`verdict`,
 * judged in checks.js with tlsVerdicts.js); or why no handshake completed.
 * @typedef {{ ok: true, protocol: string, subject: string, issuer: string, verdict: "trusted" | "other-name" | "untrusted", why: string, names: string } | { ok: false, reason: string }} TlsAnswer
 */

/** Where Linux systems keep their trust store as one PEM bundle (Debian and Ubuntu, Red Hat, SUSE, Alpine). */
const SYSTEM_BUNDLES = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/ssl/cert.pem",
];

/** The certificates of a PEM file, none when it cannot be read. @param {string | undefined} file */
function pemCertificates(file) {
  if (!file) {
    return [];
  }
  try {
    return (
      fs.readFileSync(file, "utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ??
      []
    );
  } catch {
    return [];
  }
}

/**
 * The CAs this machine trusts: Node.js's own roots, NODE_EXTRA_CA_CERTS, and the system's trust
 * store (Node.js 22.15 and later read it themselves; before that, the system's PEM bundle where a
 * Linux system keeps one). Read once, into trustedSecureContext.
 * @returns {string[]}
 */
function trustedCertificates() {
  const read = /** @type {undefined | ((which: string) => string[])} */ (
    /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (tls)).getCACertificates
  );
  if (typeof read === "function") {
    let system = /** @type {string[]} */ ([]);
    try {
      system = read("system");
    } catch {
      // no system store on this platform
    }
    return [...new Set([...read("default"), ...system])];
  }
  const bundle = SYSTEM_BUNDLES.find((file) => fs.existsSync(file));
  return [
    ...new Set([
      ...tls.rootCertificates,
      ...pemCertificates(process.env.NODE_EXTRA_CA_CERTS),
      ...pemCertificates(bundle),
    ]),
  ];
}

/** @type {tls.SecureContext | undefined} */
let trustedContext;

/**
 * One TLS context holding the CAs this machine trusts, made once. Parsing about 150 CA
 * certificates takes some 40 ms of CPU; made per connection, the doctor's nine handshakes spent
 * that on the event loop at once, inside their own timeouts, and a busy machine made a good
 * endpoint look dropped.
 * @returns {tls.SecureContext}
 */
function trustedSecureContext() {
  trustedContext ??= tls.createSecureContext({ ca: trustedCertificates() });
  return trustedContext;
}

/**
 * Whether the certificate a handshake got is one this machine trusts, and for the name asked.
 * @param {tls.TLSSocket} secure
 * @param {string} servername
 * @param {tls.PeerCertificate} certificate
 * @returns {{ verdict: "trusted" | "other-name" | "untrusted", why: string, names: string }}
 */
function judgeCertificate(secure, servername, certificate) {
  const names =
    certificate.subjectaltname?.replace(/DNS:|IP Address:/g, "") ||
    String(/** @type {Record<string, unknown>} */ (certificate.subject ?? {}).CN ?? "(no name)");
  // Node.js folds the name check into `authorized`; a chain that verifies but names another host
  // says ERR_TLS_CERT_ALTNAME_INVALID.
  const error = String(secure.authorizationError ?? "");
  if (!secure.authorized && error !== "ERR_TLS_CERT_ALTNAME_INVALID") {
    return { verdict: "untrusted", why: error || "not verified", names };
  }
  const mismatch = tls.checkServerIdentity(servername, certificate);
  return mismatch
    ? { verdict: "other-name", why: mismatch.message, names }
    : { verdict: "trusted", why: "", names };
}

/** `CN=..., O=...` of a certificate's subject or issuer. @param {Record<string, unknown> | undefined} name */
function distinguishedName(name) {
  if (!name || typeof name !== "object") {
    return "(none)";
  }
  const parts = ["CN", "O"]
    .filter((k) => typeof name[k] === "string")
    .map((k) => `${k}=${/** @type {string} */ (name[k])}`);
  return parts.length > 0 ? parts.join(", ") : "(empty)";
}

/**
 * Opens a TCP connection to `host:port`, then completes a TLS handshake on it with `servername`
 * as SNI, all within `timeoutMs`, and reports who answered: the certificate's subject and issuer,
 * and whether a CA this machine trusts issued it for that name. A network that accepts every TCP
 * connection itself passes the connect but answers no handshake; a proxy that intercepts TLS
 * answers with a certificate of its own.
 * @param {string} host
 * @param {number} port
 * @param {string} servername
 * @param {number} timeoutMs
 * @returns {Promise<ProbeResult & { tls?: TlsAnswer }>}
 */
function tcpThenTls(host, port, servername, timeoutMs) {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    /** @type {tls.TLSSocket | undefined} */
    let secure;
    /** @type {ProbeResult | undefined} */
    let connected;
    const done = (/** @type {ProbeResult & { tls?: TlsAnswer }} */ result) => {
      clearTimeout(timer);
      secure?.destroy();
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        done(
          connected
            ? { ...connected, tls: { ok: false, reason: `no TLS answer within ${timeoutMs} ms` } }
            : { ok: false, ms: elapsed(start), reason: "no answer (dropped)" },
        ),
      timeoutMs,
    );
    socket.once("error", (/** @type {NodeJS.ErrnoException} */ error) =>
      done({
        ok: false,
        ms: elapsed(start),
        reason: error.code === "ECONNREFUSED" ? "refused (nothing listens there)" : `error ${error.code}`,
      }),
    );
    socket.once("connect", () => {
      connected = { ok: true, ms: elapsed(start), detail: "connected" };
      const answered = /** @type {ProbeResult} */ (connected);
      socket.removeAllListeners("error");
      // Verified by hand below (rejectUnauthorized would hide who answered): against the CAs
      // this machine trusts, and for the name asked.
      secure = tls.connect({
        socket,
        servername,
        rejectUnauthorized: false,
        secureContext: trustedSecureContext(),
      });
      secure.once("secureConnect", () => {
        const socket = /** @type {tls.TLSSocket} */ (secure);
        const certificate = socket.getPeerCertificate();
        done({
          ...answered,
          tls: {
            ok: true,
            protocol: String(socket.getProtocol()),
            subject: distinguishedName(/** @type {Record<string, unknown>} */ (certificate?.subject)),
            issuer: distinguishedName(/** @type {Record<string, unknown>} */ (certificate?.issuer)),
            ...judgeCertificate(socket, servername, certificate),
          },
        });
      });
      secure.once("error", (/** @type {NodeJS.ErrnoException} */ error) =>
        done({
          ...answered,
          tls: { ok: false, reason: `no TLS handshake (${error.code ?? error.message})` },
        }),
      );
    });
  });
}

/**
 * A client Initial-sized QUIC long-header packet with a version no server supports.
 * @param {Buffer} dcid
 * @param {Buffer} scid
 */
function versionProbe(dcid, scid) {
  const packet = Buffer.alloc(INITIAL_SIZE);
  let at = 0;
  packet[at++] = 0xc0 | (randomBytes(1)[0] & 0x0f); // long header, fixed bit, type Initial
  packet.writeUInt32BE(PROBE_VERSION, at);
  at += 4;
  packet[at++] = dcid.length;
  at += dcid.copy(packet, at);
  packet[at++] = scid.length;
  at += scid.copy(packet, at);
  randomBytes(INITIAL_SIZE - at).copy(packet, at); // stands for the encrypted payload
  return packet;
}

/**
 * What a reply to the probe says: a Version Negotiation packet addressed to us, another QUIC
 * long-header packet, or something that is not QUIC.
 * @param {Buffer} reply
 * @param {Buffer} dcid
 * @param {Buffer} scid
 * @returns {{ quic: boolean, detail: string }}
 */
function readReply(reply, dcid, scid) {
  if (reply.length < 7 || (reply[0] & 0x80) === 0) {
    return { quic: false, detail: `answered ${reply.length} bytes that are not a QUIC long-header packet` };
  }
  const version = reply.readUInt32BE(1);
  if (version !== 0) {
    return {
      quic: true,
      detail: `answered with a QUIC long-header packet (version 0x${version.toString(16)})`,
    };
  }
  // Version Negotiation: the connection IDs swapped, then the versions the server supports.
  let at = 5;
  const theirDcid = reply.subarray(at + 1, at + 1 + reply[at]);
  at += 1 + reply[at];
  const theirScid = reply.subarray(at + 1, at + 1 + reply[at]);
  at += 1 + reply[at];
  if (!theirDcid.equals(scid) || !theirScid.equals(dcid)) {
    return { quic: false, detail: "answered a Version Negotiation packet for another connection" };
  }
  const versions = [];
  for (; at + 4 <= reply.length; at += 4) {
    versions.push(`0x${reply.readUInt32BE(at).toString(16).padStart(8, "0")}`);
  }
  return {
    quic: true,
    detail: `QUIC version negotiation (server speaks ${versions.join(", ") || "no version"})`,
  };
}

/**
 * Sends a QUIC probe to `host:port` over UDP and waits for an answer.
 * @param {string} host
 * @param {number} port
 * @param {number} timeoutMs
 * @returns {Promise<ProbeResult>}
 */
function quicProbe(host, port, timeoutMs) {
  const start = process.hrtime.bigint();
  const dcid = randomBytes(8);
  const scid = randomBytes(8);
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? "udp6" : "udp4");
    const done = (/** @type {ProbeResult} */ result) => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(
      () => done({ ok: false, ms: elapsed(start), reason: "no answer (UDP dropped)" }),
      timeoutMs,
    );
    socket.on("message", (message) => {
      const reply = readReply(message, dcid, scid);
      done(
        reply.quic
          ? { ok: true, ms: elapsed(start), detail: reply.detail }
          : { ok: false, ms: elapsed(start), reason: reply.detail },
      );
    });
    // On a connected socket an ICMP port unreachable comes back as ECONNREFUSED.
    socket.on("error", (/** @type {NodeJS.ErrnoException} */ error) =>
      done({
        ok: false,
        ms: elapsed(start),
        reason:
          error.code === "ECONNREFUSED"
            ? "refused (ICMP port unreachable: nothing listens on UDP there)"
            : `error ${error.code}`,
      }),
    );
    socket.connect(port, host, () => socket.send(versionProbe(dcid, scid)));
  });
}

/**
 * Resolves `hostname`, connects to it on TCP 443 and completes a TLS handshake that verifies its
 * certificate for that name, all within `timeoutMs`. No request is sent, no credential used.
 * @param {dns.promises.Resolver} resolver
 * @param {string} hostname
 * @param {number} timeoutMs
 * @returns {Promise<ProbeResult>}
 */
async function tlsHandshake(resolver, hostname, timeoutMs) {
  const start = process.hrtime.bigint();
  /** @type {Awaited<ReturnType<typeof lookup>>} */
  const noAnswer = { error: "the DNS server did not answer" };
  const answer = await withDeadline(lookup(resolver, hostname), timeoutMs, noAnswer);
  if ("error" in answer) {
    return { ok: false, ms: elapsed(start), reason: answer.error };
  }
  if (answer.a.length === 0) {
    return {
      ok: false,
      ms: elapsed(start),
      reason: answer.nxdomain ? "does not resolve (NXDOMAIN)" : "has no IPv4 address",
    };
  }
  const left = Math.max(1, timeoutMs - elapsed(start));
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: answer.a[0],
      port: 443,
      servername: hostname,
      ALPNProtocols: ["http/1.1"],
      secureContext: trustedSecureContext(), // the CAs the client's own machine would trust
    });
    const done = (/** @type {ProbeResult} */ result) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        done({ ok: false, ms: elapsed(start), reason: `no TLS answer from ${answer.a[0]}:443 (dropped)` }),
      left,
    );
    socket.once("secureConnect", () =>
      done({ ok: true, ms: elapsed(start), detail: `${answer.a[0]} TLS ${socket.getProtocol()}` }),
    );
    socket.once("error", (/** @type {NodeJS.ErrnoException} */ error) =>
      done({ ok: false, ms: elapsed(start), reason: `${answer.a[0]}:443 ${error.code ?? error.message}` }),
    );
  });
}

module.exports = {
  withDeadline,
  PROBE_VERSION,
  INITIAL_SIZE,
  lookup,
  quicProbe,
  readReply,
  resolverFor,
  tcpThenTls,
  tlsHandshake,
  trustedSecureContext,
  versionProbe,
};
