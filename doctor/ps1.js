#!/usr/bin/env node
// @ts-check
// Writes the doctor as a PowerShell script with the stack's values filled in, for a Windows
// client without Node.js (the walkthrough's test client). It runs the same DNS, TCP and sign-in
// checks with built-in cmdlets and .NET classes; UDP (QUIC) cannot be probed there.
//   node doctor/ps1.js --outputs outputs.json [--out FILE] [--dns-server IP] [--timeout-ms N]
// Without --out it prints the script (nothing is written into the working directory).
"use strict";
const fs = require("fs");
const { signinHosts } = require("./checks");
const { SILENT_FIX, TLS_VERDICTS } = require("./tlsVerdicts");
const { UsageError, dnsServer, parseFlags, targetFrom } = require("./inputs");

const USAGE = `usage: workspaces-privatelink doctor-ps1 (--outputs FILE | --hostname H --endpoint-ips IP,IP --region R)
                  [--out FILE] [--dns-server IP] [--timeout-ms N]

  --outputs FILE        the JSON of \`pulumi stack output --json\`
  --hostname H          the private name clients are sent to (output privateLinkHostname)
  --endpoint-ips IP,IP  the endpoint's private addresses (output streamingEndpointIps)
  --region R            the stack's region (output region)
  --out FILE            write the script there; without it, the script is printed
  --dns-server IP       ask this resolver instead of the system's (port 53: Resolve-DnsName takes no port)
  --timeout-ms N        per probe, default 2000
  --help                this text

Then on the Windows client: powershell -ExecutionPolicy Bypass -File workspaces-doctor.ps1`;

/** A PowerShell single-quoted string literal. @param {string} text */
function quote(text) {
  return `'${text.replace(/'/g, "''")}'`;
}

/** @param {string[]} list */
function array(list) {
  return `@(${list.map(quote).join(", ")})`;
}

/** The TLS verdicts (tlsVerdicts.js) as a PowerShell hashtable: the same words as the Node.js doctor. */
function verdictTable() {
  const entries = Object.entries(TLS_VERDICTS).map(
    ([name, v]) =>
      `  ${quote(name)} = @{ Status = ${quote(v.status)}; Detail = ${quote(v.detail)}; Fix = ${quote(v.fix)} }`,
  );
  return `@{\n${entries.join("\n")}\n}`;
}

/**
 * The script's checks and report, after the stack's values (powershellDoctor writes those): the
 * same checks as the Node.js doctor, in PowerShell, with no value of the stack's in them.
 */
const POWERSHELL_CHECKS = `$Results = New-Object System.Collections.ArrayList

function Add-Check([string] $Name, [string] $Status, [string] $Detail, [string] $Fix) {
  [void] $Results.Add([pscustomobject] @{ Name = $Name; Status = $Status; Detail = $Detail; Fix = $Fix })
}

function Test-Private([string] $Ip) {
  $b = ([System.Net.IPAddress]::Parse($Ip)).GetAddressBytes()
  return ($b[0] -eq 10) -or ($b[0] -eq 172 -and $b[1] -ge 16 -and $b[1] -le 31) -or
    ($b[0] -eq 192 -and $b[1] -eq 168) -or ($b[0] -eq 100 -and $b[1] -ge 64 -and $b[1] -le 127)
}

function Resolve-A([string] $Name) {
  $query = @{ Name = $Name; DnsOnly = $true; QuickTimeout = $true; ErrorAction = 'Stop' }
  if ($DnsServer) { $query.Server = $DnsServer }
  $a = @(Resolve-DnsName @query -Type A | Where-Object { $_.Type -eq 'A' } | ForEach-Object { $_.IPAddress })
  $aaaa = @()
  if ($a.Count -eq 0) {
    try { $aaaa = @(Resolve-DnsName @query -Type AAAA | Where-Object { $_.Type -eq 'AAAA' } | ForEach-Object { $_.IPAddress }) } catch { }
  }
  return @{ A = $a; AAAA = $aaaa }
}

function Format-Verdict([string] $Text, [hashtable] $Values) {
  foreach ($key in $Values.Keys) { $Text = $Text.Replace('{' + $key + '}', [string] $Values[$key]) }
  return $Text
}

function Test-Tcp([string] $Ip, [int] $Port) {
  # A TCP connection, then a TLS handshake with the private name as SNI, and whether the machine's
  # trust store vouches for the certificate, for that name (.NET's validation callback says how it
  # failed; the handshake goes on either way, so that who answered can be shown).
  $client = New-Object System.Net.Sockets.TcpClient
  $connected = $false
  try {
    $task = $client.ConnectAsync($Ip, $Port)
    if (-not $task.Wait($TimeoutMs)) { return @{ Ok = $false; Tls = $false; Detail = 'no answer (dropped)' } }
    $connected = $true
    $client.ReceiveTimeout = $TimeoutMs
    $client.SendTimeout = $TimeoutMs
    $script:PolicyErrors = [System.Net.Security.SslPolicyErrors]::None
    $judge = [System.Net.Security.RemoteCertificateValidationCallback] { param($s, $c, $ch, $e) $script:PolicyErrors = $e; $true }
    $ssl = New-Object System.Net.Security.SslStream($client.GetStream(), $false, $judge)
    $ssl.AuthenticateAsClient($Hostname) # synchronous: the callback runs on this thread
    $certificate = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2($ssl.RemoteCertificate)
    $errors = $script:PolicyErrors
    if ($errors -band [System.Net.Security.SslPolicyErrors]::RemoteCertificateChainErrors) { $verdict = 'untrusted' }
    elseif ($errors -band [System.Net.Security.SslPolicyErrors]::RemoteCertificateNameMismatch) { $verdict = 'other-name' }
    else { $verdict = 'trusted' }
    $san = $certificate.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.17' } | Select-Object -First 1
    $names = if ($san) { $san.Format($false) -replace 'DNS Name=|IP Address=', '' } else { $certificate.GetNameInfo('SimpleName', $false) }
    $values = @{ subject = $certificate.Subject; issuer = $certificate.Issuer; names = $names; why = [string] $errors; hostname = $StreamingNames; addresses = ($EndpointIps -join ', ') }
    $v = $TlsVerdicts[$verdict]
    return @{ Ok = $true; Tls = $true; Status = $v.Status; Detail = "$($ssl.SslProtocol); $(Format-Verdict $v.Detail $values)"; Fix = (Format-Verdict $v.Fix $values) }
  } catch {
    if ($connected) { return @{ Ok = $true; Tls = $false; Detail = "accepted the connection, but gave no TLS handshake within $TimeoutMs ms" } }
    return @{ Ok = $false; Tls = $false; Detail = 'refused or unreachable' }
  } finally {
    $client.Dispose()
  }
}

function Test-Tls([string] $Name) {
  try { $ip = (Resolve-A $Name).A | Select-Object -First 1 } catch { return 'does not resolve' }
  if (-not $ip) { return 'has no IPv4 address' }
  $client = New-Object System.Net.Sockets.TcpClient
  try {
    $task = $client.ConnectAsync($ip, 443)
    if (-not $task.Wait($TimeoutMs)) { return "no answer from $($ip):443 (dropped)" }
    $ssl = New-Object System.Net.Security.SslStream($client.GetStream(), $false)
    $ssl.ReadTimeout = $TimeoutMs
    $ssl.WriteTimeout = $TimeoutMs
    $ssl.AuthenticateAsClient($Name)
    return 'ok'
  } catch {
    return "$($ip):443 TLS failed: $($_.Exception.InnerException.Message)"
  } finally {
    $client.Dispose()
  }
}

# 1. dns: the private name resolves to IPv4 addresses, all private, all the endpoint's.
try {
  $answer = Resolve-A $Hostname
  $public = @($answer.A | Where-Object { -not (Test-Private $_) })
  $others = @($answer.A | Where-Object { $EndpointIps -notcontains $_ })
  if ($answer.A.Count -eq 0 -and $answer.AAAA.Count -gt 0) {
    Add-Check 'dns' 'FAIL' "$Hostname has only IPv6 (AAAA) answers; streaming over PrivateLink is IPv4 only" 'the endpoint must publish IPv4 records (dnsRecordIpType ipv4)'
  } elseif ($answer.A.Count -eq 0) {
    Add-Check 'dns' 'FAIL' "$Hostname has no IPv4 address" $ForwardFix
  } elseif ($public.Count -gt 0) {
    Add-Check 'dns' 'FAIL' "$Hostname resolves to public address(es) $($public -join ', '): the internet's answer, not the endpoint's ($($EndpointIps -join ', '))" $ForwardFix
  } elseif ($others.Count -gt 0) {
    Add-Check 'dns' 'FAIL' "$Hostname resolves to $($others -join ', '), private but not this endpoint's addresses ($($EndpointIps -join ', ')): another endpoint, or a stale record" 'find where that answer comes from (a stale static record, or a forwarder to another VPC)'
  } else {
    Add-Check 'dns' 'PASS' "$Hostname -> $($answer.A -join ', '), the endpoint's addresses" ''
  }
} catch {
  Add-Check 'dns' 'FAIL' "$Hostname does not resolve: $($_.Exception.Message)" $ForwardFix
}

# 2. tcp-443, tcp-4195: a TCP connection to every endpoint address, and who answers TLS there,
# judged. On 443 an accepted connection without a TLS answer is something on the path answering for
# the endpoint; on 4195 no TLS answer is shown only (what DCV speaks there is not documented).
$Severity = @('PASS', 'WARN', 'FAIL')
foreach ($port in 443, 4195) {
  $failed = @()
  $silent = @()
  $seen = @()
  $status = 'PASS'
  $fixes = @()
  foreach ($ip in $EndpointIps) {
    $outcome = Test-Tcp $ip $port
    if (-not $outcome.Ok) { $failed += "$ip $($outcome.Detail)"; continue }
    if (-not $outcome.Tls) {
      if ($port -eq 443) { $silent += "$ip $($outcome.Detail)" }
      $seen += "$ip (no TLS answer: what DCV speaks on $port is not documented, so this is shown, not judged)"
      continue
    }
    $seen += "$ip ($($outcome.Detail))"
    if ($Severity.IndexOf($outcome.Status) -gt $Severity.IndexOf($status)) { $status = $outcome.Status }
    if ($outcome.Fix -and $fixes -notcontains $outcome.Fix) { $fixes += $outcome.Fix }
  }
  if ($failed.Count -gt 0) {
    Add-Check "tcp-$port" 'FAIL' "TCP $($port): $($failed -join '; ')" "let TCP $port from this network reach the endpoint (route, streamingEndpoint.allowedCidrs, firewalls)"
  } elseif ($silent.Count -gt 0) {
    Add-Check "tcp-$port" 'FAIL' "TCP $($port): $($silent -join '; ')" (Format-Verdict $SilentFix @{ port = $port })
  } else {
    Add-Check "tcp-$port" $status ($seen -join ', ') ($fixes -join '; ')
  }
}

# 3. quic-443, quic-4195: not here.
foreach ($port in 443, 4195) {
  Add-Check "quic-$port" 'SKIP' 'UDP (QUIC) cannot be probed with built-in cmdlets; run the Node.js doctor (npx workspaces-privatelink doctor) for it. Without UDP the client falls back to TCP, slower.' ''
}

# 4. signin: DNS, TCP 443 and a TLS handshake to the sign-in hosts (no credentials).
$failed = @()
foreach ($name in $SigninHosts) {
  $outcome = Test-Tls $name
  if ($outcome -ne 'ok') { $failed += "$name $outcome" }
}
if ($failed.Count -eq 0) {
  Add-Check 'signin' 'PASS' "$($SigninHosts.Count) sign-in hosts answer TLS on 443" ''
} else {
  Add-Check 'signin' 'FAIL' "sign-in over HTTPS: $($failed -join '; ')" 'sign-in always needs the internet, even with PrivateLink: allow TCP and UDP 443 to these hosts'
}

$blocking = @($Results | Where-Object { $_.Status -eq 'FAIL' } | ForEach-Object { $_.Name })
$warned = @($Results | Where-Object { $_.Status -eq 'WARN' } | ForEach-Object { $_.Name })
if ($blocking.Count -eq 0 -and $warned.Count -gt 0) {
  Add-Check 'summary' 'WARN' "nothing blocks streaming over PrivateLink from here over TCP (QUIC not probed), but look at $($warned -join ', ') before relying on it" ''
} elseif ($blocking.Count -eq 0) {
  Add-Check 'summary' 'PASS' 'streaming over PrivateLink will work from here over TCP (QUIC not probed)' ''
} else {
  Add-Check 'summary' 'FAIL' "blocked by $($blocking -join ', ')" ''
}
foreach ($check in $Results) {
  Write-Output ('{0,-9}  {1,-4}  {2}' -f $check.Name, $check.Status, $check.Detail)
  if ($check.Fix) { Write-Output ('           fix: {0}' -f $check.Fix) }
}
if ($blocking.Count -eq 0) { exit 0 } else { exit 1 }
`;

/**
 * The script for one stack.
 * @param {import("./inputs").Target} target
 * @param {{ dnsServer?: string, timeoutMs: number }} options
 */
function powershellDoctor(target, options) {
  const domains = target.forwardDomains.length > 0 ? target.forwardDomains : [target.hostname];
  const forwardFix =
    target.resolverIps.length > 0
      ? `on this network's DNS, forward ${domains.join(", ")} to ${target.resolverIps.join(", ")} (conditional forwarders), or run this from inside the routed network`
      : `forward ${domains.join(", ")} to a Route 53 Resolver inbound endpoint in the endpoint's VPC, or run this from inside the routed network`;
  return `# WorkSpaces streaming over PrivateLink: connectivity doctor for Windows, written by
# workspaces-privatelink (workspaces-privatelink doctor-ps1) from ${target.source}. Built-in cmdlets and .NET only.
# Run: powershell -ExecutionPolicy Bypass -File workspaces-doctor.ps1
# Exit status: 0 when no check fails (warnings included), 1 when one fails.
$ErrorActionPreference = 'Stop'
$Hostname = ${quote(target.hostname)}
$EndpointIps = ${array(target.endpointIps)}
$SigninHosts = ${array(signinHosts(target.region))}
$DnsServer = ${options.dnsServer ? quote(options.dnsServer) : "$null"}
$TimeoutMs = ${options.timeoutMs}
$ForwardFix = ${quote(forwardFix)}
$StreamingNames = ${quote(domains.join(", "))}
# Who answered TLS, judged as the Node.js doctor judges it (doctor/tlsVerdicts.js).
$TlsVerdicts = ${verdictTable()}
$SilentFix = ${quote(SILENT_FIX)}
${POWERSHELL_CHECKS}`;
}

/** @param {string[]} argv @param {{ out: (t: string) => void, err: (t: string) => void }} io */
function main(argv, io) {
  try {
    const values = parseFlags(argv, {
      outputs: { type: "string" },
      hostname: { type: "string" },
      "endpoint-ips": { type: "string" },
      region: { type: "string" },
      out: { type: "string" },
      "dns-server": { type: "string" },
      "timeout-ms": { type: "string" },
      help: { type: "boolean" },
    });
    if (values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const timeoutMs = values["timeout-ms"] === undefined ? 2000 : Number(values["timeout-ms"]);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
      throw new UsageError(
        `--timeout-ms ${JSON.stringify(values["timeout-ms"])}: give whole milliseconds from 1 to 600000`,
      );
    }
    const target = targetFrom(values);
    const server =
      values["dns-server"] === undefined ? undefined : dnsServer(values["dns-server"], { port: false });
    const script = powershellDoctor(target, { dnsServer: server, timeoutMs });
    if (values.out === undefined) {
      io.out(script);
      return 0;
    }
    try {
      fs.writeFileSync(values.out, script);
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      const why =
        code === "ENOENT"
          ? "its directory does not exist"
          : code === "EISDIR"
            ? "it is a directory"
            : code === "EACCES" || code === "EPERM"
              ? "no permission to write it"
              : `cannot write it (${code})`;
      throw new UsageError(
        `--out ${values.out}: ${why}; name a file in an existing directory, or leave --out out to print the script`,
      );
    }
    io.out(
      `wrote ${values.out}; on the Windows client run: powershell -ExecutionPolicy Bypass -File ${values.out}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`doctor-ps1: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

module.exports = { main, powershellDoctor };

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
