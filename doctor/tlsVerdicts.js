// @ts-check
// Who answered TLS on the endpoint's addresses, judged: the one description both doctors use (the
// Node.js doctor fills it in directly; ps1.js writes it into the PowerShell script), so the two
// cannot drift apart.
//
// What the streaming endpoint presents on 443 (and 4195) is not documented. The WorkSpaces client
// verifies TLS to privatelink.prod.<region>.highlander.aws.a2z.com, so a certificate for that name
// from a CA the machine trusts is what a working path shows (expected: a public CA; unconfirmed).
// A certificate no trusted CA issued is something on the path answering TLS itself: a proxy or a
// firewall that intercepts, which DCV streaming cannot pass. A trusted certificate for another name
// is worth a look, not a failure: which names AWS puts on it is not confirmed either.
"use strict";

/**
 * A verdict: its check status, what it says, and the fix. `{subject}`, `{issuer}`, `{names}`,
 * `{why}`, `{hostname}` and `{addresses}` are filled in by whichever doctor judges.
 * @typedef {{ status: "PASS" | "WARN" | "FAIL", detail: string, fix: string }} TlsVerdict
 */

/** @type {Readonly<Record<"trusted" | "other-name" | "untrusted", TlsVerdict>>} */
const TLS_VERDICTS = {
  trusted: {
    status: "PASS",
    detail: "certificate {subject}, issuer {issuer}, trusted here, for {hostname}",
    fix: "",
  },
  "other-name": {
    status: "WARN",
    detail:
      "certificate {subject}, issuer {issuer}, trusted here, but for {names}, not {hostname}: check that this is the endpoint and not a device on the path",
    fix: "if {issuer} is your own CA (a TLS inspection proxy or firewall), exempt the endpoint's addresses ({addresses}) and the streaming names ({hostname}) from interception",
  },
  untrusted: {
    status: "FAIL",
    detail:
      "something on the path answers TLS itself (a proxy or firewall); streaming cannot pass it: certificate {subject}, issuer {issuer}, which no CA this machine trusts vouches for ({why})",
    fix: "exempt the endpoint's addresses ({addresses}) and the streaming names ({hostname}) from TLS interception, and let TCP and UDP 443 and 4195 to them through untouched",
  },
};

/**
 * The fix when an address accepts the connection but answers no TLS handshake on `{port}` (443:
 * the streaming gateway always answers there), for both doctors.
 */
const SILENT_FIX =
  "something on the path (a firewall, a transparent proxy, a sandbox) accepts TCP connections itself instead of the endpoint: let TCP {port} to the endpoint's addresses through untouched, and check that this network routes them to the endpoint's VPC";

/**
 * A verdict's text with its placeholders filled in.
 * @param {string} template
 * @param {Record<string, string>} values
 */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
}

module.exports = { SILENT_FIX, TLS_VERDICTS, fill };
