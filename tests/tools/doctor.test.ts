/**
 * The connectivity doctor: its command line (no network), its QUIC reply reader (a table), its
 * PowerShell twin, and every verdict on real packets in network namespaces (tests/netns/doctorLab.ts).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { DNS_SERVER, DoctorLab, ENDPOINT_IPS, HOSTNAME, missingPrerequisite } from "../netns/doctorLab";
import { readReply, versionProbe, PROBE_VERSION, INITIAL_SIZE, tcpThenTls } from "../../doctor/probes";
import { powershellDoctor } from "../../doctor/ps1";
import { SILENT_FIX, TLS_VERDICTS } from "../../doctor/tlsVerdicts";
import { fromOutputsFile } from "../../doctor/inputs";
import { skipSuite } from "../standins/skips";

const ROOT = path.resolve(__dirname, "..", "..");

function doctor(...args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "doctor", "doctor.js"), ...args], { encoding: "utf8" });
}

describe("connectivity doctor", function () {
  this.timeout(60_000);

  describe("command line", () => {
    it("prints its usage for --help and exits 0", () => {
      const result = doctor("--help");
      assert.equal(result.status, 0);
      assert.match(
        result.stdout,
        /^usage: workspaces-privatelink doctor \(--outputs FILE \| --hostname H --endpoint-ips IP,IP --region R\)/,
      );
      assert.equal(result.stderr, "");
    });

    const usageCases: [string, string[], string][] = [
      ["an unknown option", ["--bogus"], "doctor: Unknown option '--bogus'"],
      ["a missing value", ["--outputs"], "doctor: Option '--outputs <value>' argument missing"],
      [
        "no target",
        [],
        "doctor: give --outputs FILE, or all of --hostname, --endpoint-ips and --region (missing: --hostname, --endpoint-ips, --region)",
      ],
      [
        "an unknown check",
        ["--hostname", "h", "--endpoint-ips", "10.0.0.1", "--region", "ap-northeast-1", "--only", "dns,ping"],
        'doctor: --only "dns,ping": unknown check ping; the checks are dns, tcp-443, tcp-4195, quic-443, quic-4195, signin',
      ],
      [
        "a bad timeout",
        ["--hostname", "h", "--endpoint-ips", "10.0.0.1", "--region", "ap-northeast-1", "--timeout-ms", "2s"],
        'doctor: --timeout-ms "2s": give whole milliseconds from 1 to 600000',
      ],
      [
        "a bad address list",
        ["--hostname", "h", "--endpoint-ips", "10.0.0.1,fe80::1", "--region", "ap-northeast-1"],
        'doctor: --endpoint-ips "10.0.0.1,fe80::1": give IPv4 addresses separated by commas, e.g. 10.0.16.200,10.0.32.200',
      ],
      [
        "a bad DNS server",
        [
          "--hostname",
          "h",
          "--endpoint-ips",
          "10.0.0.1",
          "--region",
          "ap-northeast-1",
          "--dns-server",
          "dns.local",
        ],
        'doctor: --dns-server "dns.local": give an IPv4 address, optionally with :PORT, e.g. 192.168.0.2 or 192.168.0.2:53',
      ],
      [
        "a missing outputs file",
        ["--outputs", "/nonexistent/outputs.json"],
        "doctor: --outputs /nonexistent/outputs.json: cannot read it (ENOENT); write it with: pulumi stack output --json > /nonexistent/outputs.json",
      ],
      [
        "an outputs file that is a folder",
        ["--outputs", os.tmpdir()],
        `doctor: --outputs ${os.tmpdir()}: is a directory; name the file pulumi stack output --json wrote, e.g. pulumi stack output --json > outputs.json, then --outputs outputs.json`,
      ],
      [
        "a negative timeout (a value that starts with a dash)",
        ["--hostname", "h", "--endpoint-ips", "10.0.0.1", "--region", "ap-northeast-1", "--timeout-ms", "-1"],
        'doctor: --timeout-ms "-1": give whole milliseconds from 1 to 600000',
      ],
      [
        "a misspelled option",
        ["--output", "outputs.json"],
        "doctor: Unknown option '--output' (did you mean --outputs?)",
      ],
    ];
    for (const [title, args, message] of usageCases) {
      it(`refuses ${title} in one line with the usage, exit 2, no stack trace`, () => {
        const result = doctor(...args);
        assert.equal(result.status, 2);
        assert.equal(result.stdout, "");
        const [first, second] = result.stderr.split("\n");
        assert.equal(first, message);
        assert.match(second, /^usage: workspaces-privatelink doctor /);
        assert.doesNotMatch(result.stderr, /\n\s+at /);
      });
    }

    it("names the output an older stack lacks", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
      try {
        const file = path.join(dir, "outputs.json");
        fs.writeFileSync(file, JSON.stringify({ region: "ap-northeast-1", privateLinkHostname: HOSTNAME }));
        const result = doctor("--outputs", file);
        assert.equal(result.status, 2);
        assert.equal(
          result.stderr.split("\n")[0],
          `doctor: --outputs ${file}: has no streamingEndpointIps output; deploy the stack with this version of workspaces-privatelink, or pass --hostname, --endpoint-ips and --region`,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("QUIC probe", () => {
    const dcid = Buffer.from("0102030405060708", "hex");
    const scid = Buffer.from("a1a2a3a4a5a6a7a8", "hex");

    it("sends a 1200-byte long-header packet with a version reserved for forcing negotiation", () => {
      const packet = versionProbe(dcid, scid);
      assert.equal(packet.length, INITIAL_SIZE);
      assert.equal(packet[0] & 0xc0, 0xc0);
      assert.equal(packet.readUInt32BE(1), PROBE_VERSION);
      assert.equal(PROBE_VERSION & 0x0f0f0f0f, 0x0a0a0a0a);
      assert.deepEqual(
        [packet[5], packet.subarray(6, 14), packet[14], packet.subarray(15, 23)],
        [8, dcid, 8, scid],
      );
    });

    const vn = (their: Buffer, ours: Buffer, versions: number[]) => {
      const out = Buffer.alloc(7 + their.length + ours.length + versions.length * 4);
      out[0] = 0x80;
      out.writeUInt32BE(0, 1);
      out[5] = their.length;
      their.copy(out, 6);
      out[6 + their.length] = ours.length;
      ours.copy(out, 7 + their.length);
      versions.forEach((v, i) => out.writeUInt32BE(v, 7 + their.length + ours.length + i * 4));
      return out;
    };
    const replies: [string, Buffer, { quic: boolean; detail: string }][] = [
      [
        "a Version Negotiation packet for our connection",
        vn(scid, dcid, [1, 0x6b3343cf]),
        { quic: true, detail: "QUIC version negotiation (server speaks 0x00000001, 0x6b3343cf)" },
      ],
      [
        "a Version Negotiation packet for another connection",
        vn(dcid, scid, [1]),
        { quic: false, detail: "answered a Version Negotiation packet for another connection" },
      ],
      [
        "another long-header packet",
        Buffer.from("c000000001000000", "hex"),
        { quic: true, detail: "answered with a QUIC long-header packet (version 0x1)" },
      ],
      [
        "plain text",
        Buffer.from("seen 192.168.50.10\n"),
        { quic: false, detail: "answered 19 bytes that are not a QUIC long-header packet" },
      ],
    ];
    for (const [title, reply, expected] of replies) {
      it(`reads ${title}`, () => {
        assert.deepEqual(readReply(reply, dcid, scid), expected);
      });
    }
  });

  describe("TLS probes", () => {
    it("parse the machine's trust store once, not once per handshake", async () => {
      // About 150 CA certificates take some 40 ms of CPU to parse. Parsed per connection, the
      // doctor's nine handshakes spent that inside their own timeouts at once, and a busy machine
      // saw a good endpoint as dropped (caught in CI: tcp-443 FAIL with only UDP dropped).
      // The module itself, not an import's read-only view of it, so the count sees tls.connect.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tls = require("tls") as typeof import("tls");
      const made = tls.createSecureContext;
      let contexts = 0;
      tls.createSecureContext = (options) => {
        contexts += 1;
        return made(options);
      };
      const silent = net.createServer(() => undefined); // accepts TCP, never answers TLS
      try {
        await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
        const port = (silent.address() as net.AddressInfo).port;
        const results = await Promise.all(
          [1, 2, 3, 4].map(() => tcpThenTls("127.0.0.1", port, "example.test", 300)),
        );
        assert.deepEqual(
          results.map((r) => [r.ok, r.tls]),
          Array(4).fill([true, { ok: false, reason: "no TLS answer within 300 ms" }]),
        );
        assert.ok(contexts <= 1, `${contexts} TLS contexts made for 4 handshakes`);
      } finally {
        tls.createSecureContext = made;
        silent.close();
      }
    });
  });

  describe("PowerShell twin", () => {
    it("fills in the stack's values, quoted for PowerShell, and says UDP is not probed", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
      try {
        const outputs = path.join(dir, "outputs.json");
        fs.writeFileSync(
          outputs,
          JSON.stringify({
            region: "ap-northeast-1",
            privateLinkHostname: HOSTNAME,
            streamingEndpointIps: ENDPOINT_IPS,
            dnsResolverIps: ["10.0.16.53", "10.0.32.53"],
            dnsForwardDomains: [HOSTNAME],
          }),
        );
        const script = path.join(dir, "doctor.ps1");
        const result = spawnSync(
          process.execPath,
          [
            path.join(ROOT, "doctor", "ps1.js"),
            "--outputs",
            outputs,
            "--out",
            script,
            "--dns-server",
            "192.168.0.2",
          ],
          { encoding: "utf8" },
        );
        assert.equal(result.status, 0, result.stderr);
        assert.equal(
          result.stdout,
          `wrote ${script}; on the Windows client run: powershell -ExecutionPolicy Bypass -File ${script}\n`,
        );
        const text = fs.readFileSync(script, "utf8");
        assert.equal(
          text,
          powershellDoctor(fromOutputsFile(outputs), { dnsServer: "192.168.0.2", timeoutMs: 2000 }),
        );
        for (const line of [
          `$Hostname = '${HOSTNAME}'`,
          "$EndpointIps = @('10.0.16.200', '10.0.32.200')",
          "$SigninHosts = @('ws-broker-service.ap-northeast-1.amazonaws.com', 'ws-client-service.ap-northeast-1.amazonaws.com', 'skylight-client-ds.ap-northeast-1.amazonaws.com', 'workspaces.ap-northeast-1.amazonaws.com', 'connectivity.amazonworkspaces.com')",
          "$DnsServer = '192.168.0.2'",
          "$TimeoutMs = 2000",
          `$ForwardFix = 'on this network''s DNS, forward ${HOSTNAME} to 10.0.16.53, 10.0.32.53 (conditional forwarders), or run this from inside the routed network'`,
        ]) {
          assert.ok(text.split("\n").includes(line), `missing line: ${line}`);
        }
        assert.match(text, /'UDP \(QUIC\) cannot be probed with built-in cmdlets; run the Node\.js doctor/);
        assert.match(text, /Resolve-DnsName @query -Type A/);
        assert.match(text, /\$client\.ConnectAsync\(\$Ip, \$Port\)/);
        assert.match(text, /AuthenticateAsClient\(\$Name\)/);
        // TCP then TLS with the private name as SNI, judged by .NET's validation callback with the
        // very verdicts the Node.js doctor uses (doctor/tlsVerdicts.js).
        assert.match(
          text,
          /\$ssl = New-Object System\.Net\.Security\.SslStream\(\$client\.GetStream\(\), \$false, \$judge\)/,
        );
        assert.match(text, /\$ssl\.AuthenticateAsClient\(\$Hostname\) # synchronous/);
        assert.match(
          text,
          /if \(\$errors -band \[System\.Net\.Security\.SslPolicyErrors\]::RemoteCertificateChainErrors\) \{ \$verdict = 'untrusted' \}\n\s+elseif \(\$errors -band \[System\.Net\.Security\.SslPolicyErrors\]::RemoteCertificateNameMismatch\) \{ \$verdict = 'other-name' \}\n\s+else \{ \$verdict = 'trusted' \}/,
        );
        const table = [
          ...text.matchAll(
            /^ {2}'([a-z-]+)' = @\{ Status = '(\w+)'; Detail = '((?:[^']|'')*)'; Fix = '((?:[^']|'')*)' \}$/gm,
          ),
        ];
        const unquote = (t: string) => t.replace(/''/g, "'");
        assert.deepEqual(
          Object.fromEntries(
            table.map(([, name, status, d, f]) => [name, { status, detail: unquote(d), fix: unquote(f) }]),
          ),
          TLS_VERDICTS,
          "the script's verdicts are the Node.js doctor's, word for word",
        );
        assert.match(
          text,
          /something on the path \(a firewall, a transparent proxy, a sandbox\) accepts TCP connections itself/,
        );
        assert.ok(
          text.includes(`$SilentFix = '${SILENT_FIX.replace(/'/g, "''")}'`),
          "the script's fix for a silent address is the Node.js doctor's, word for word",
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("PowerShell twin's command line", () => {
    const ps1 = (args: string[], cwd = ROOT) =>
      spawnSync(process.execPath, [path.join(ROOT, "doctor", "ps1.js"), ...args], { encoding: "utf8", cwd });
    const target = [
      "--hostname",
      HOSTNAME,
      "--endpoint-ips",
      ENDPOINT_IPS.join(","),
      "--region",
      "ap-northeast-1",
    ];

    it("prints the script without --out, and writes nothing into the working directory", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
      try {
        const result = ps1(target, dir);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(
          result.stdout,
          powershellDoctor(
            {
              hostname: HOSTNAME,
              endpointIps: ENDPOINT_IPS,
              region: "ap-northeast-1",
              resolverIps: [],
              forwardDomains: [],
              allowPcoipOverInternet: undefined,
              source: "the command line",
            },
            { timeoutMs: 2000 },
          ),
        );
        assert.deepEqual(fs.readdirSync(dir), []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("refuses a DNS server with a port in one line, exit 2: Resolve-DnsName asks port 53 only", () => {
      const result = ps1([...target, "--dns-server", "192.168.0.2:5353"]);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, "", "no script that would carry IP:PORT into Resolve-DnsName -Server");
      const [first, second] = result.stderr.split("\n");
      assert.equal(
        first,
        'doctor-ps1: --dns-server "192.168.0.2:5353": the PowerShell script asks with Resolve-DnsName, which takes no port (it asks port 53): give the address alone, 192.168.0.2, or run the Node.js doctor (npx workspaces-privatelink doctor), which takes IP:PORT',
      );
      assert.match(second, /^usage: workspaces-privatelink doctor-ps1 /);
      assert.equal(ps1([...target, "--dns-server", "192.168.0.2"]).status, 0);
    });

    const outCases: [string, (dir: string) => string, string][] = [
      [
        "a file in a directory that does not exist",
        (dir) => path.join(dir, "missing-dir", "x.ps1"),
        "its directory does not exist",
      ],
      ["a directory", (dir) => dir, "it is a directory"],
    ];
    for (const [title, out, why] of outCases) {
      it(`refuses --out naming ${title} in one line with the usage, exit 2, no stack trace`, () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
        try {
          const file = out(dir);
          const result = ps1([...target, "--out", file]);
          assert.equal(result.status, 2);
          const [first, second] = result.stderr.split("\n");
          assert.equal(
            first,
            `doctor-ps1: --out ${file}: ${why}; name a file in an existing directory, or leave --out out to print the script`,
          );
          assert.match(second, /^usage: workspaces-privatelink doctor-ps1 /);
          assert.doesNotMatch(result.stderr, /\n\s+at /);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }

    it("takes the flags its message suggests when the outputs file lacks the hostname", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
      try {
        const outputs = path.join(dir, "outputs.json");
        fs.writeFileSync(outputs, JSON.stringify({ region: "ap-northeast-1" }));
        const refused = ps1(["--outputs", outputs]);
        assert.equal(refused.status, 2);
        const suggested = /pass (--hostname), (--endpoint-ips) and (--region)$/m.exec(
          refused.stderr.split("\n")[0],
        );
        assert.ok(suggested, refused.stderr);
        const run = ps1(target);
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, new RegExp(`^\\$Hostname = '${HOSTNAME.replace(/\./g, "\\.")}'$`, "m"));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("on real packets (network namespaces)", () => {
    let lab: DoctorLab | undefined;
    const statuses = (run: ReturnType<DoctorLab["runDoctor"]>) =>
      Object.fromEntries(run.report.checks.map((c) => [c.name, c.status]));
    const detail = (run: ReturnType<DoctorLab["runDoctor"]>, name: string) =>
      run.report.checks.find((c) => c.name === name)!;
    const ALL_PASS = {
      dns: "PASS",
      "tcp-443": "PASS",
      "tcp-4195": "PASS",
      "quic-443": "PASS",
      "quic-4195": "PASS",
      signin: "PASS",
      summary: "PASS",
    };

    before(async function () {
      const missing = missingPrerequisite();
      if (missing) {
        skipSuite(this, missing);
      }
      lab = new DoctorLab();
      await lab.start();
    });
    after(() => lab?.close());
    afterEach(async function () {
      if (this.currentTest?.state === "failed" && lab?.lastRun) {
        // What each check said, not only its status: the assertion shows statuses alone.
        console.log(JSON.stringify(lab.lastRun.report.checks, null, 2));
      }
      if (lab) {
        lab.lastRun = undefined;
      }
      // Every case starts from the good network.
      lab?.allowAll();
      await lab?.setDns({ [HOSTNAME]: ENDPOINT_IPS });
    });

    it("passes everything on a good network, exit 0", () => {
      const run = lab!.runDoctor();
      assert.deepEqual(statuses(run), ALL_PASS);
      assert.equal(run.status, 0);
      assert.equal(run.report.ok, true);
      assert.equal(
        detail(run, "dns").detail,
        `${HOSTNAME} -> 10.0.16.200, 10.0.32.200, the endpoint's addresses (asked ${DNS_SERVER})`,
      );
      assert.match(
        detail(run, "quic-4195").detail,
        /: QUIC version negotiation \(server speaks [^)]*0x00000001[,)]/,
      );
      assert.equal(detail(run, "summary").detail, "streaming over PrivateLink will work from here");
      // Who answered TLS, with the private name as SNI: a certificate for that name from a CA the
      // client trusts (the lab's, through NODE_EXTRA_CA_CERTS), on 443 and on 4195.
      const name = HOSTNAME.replace(/\./g, "\\.");
      const trusted = (ip: string) =>
        `${ip.replace(/\./g, "\\.")} \\d+ ms \\(TLSv1\\.3; certificate CN=${name}, issuer CN=doctor lab CA, trusted here, for ${name}\\)`;
      for (const port of ["tcp-443", "tcp-4195"]) {
        assert.equal(detail(run, port).status, "PASS");
        assert.match(
          detail(run, port).detail,
          new RegExp(`^${trusted("10.0.16.200")}, ${trusted("10.0.32.200")}$`),
        );
      }
    });

    it("fails TCP 443 on a network that accepts every connection itself, saying so", async () => {
      await lab!.interceptTcp();
      try {
        const run = lab!.runDoctor(["--timeout-ms", "1000"]);
        assert.deepEqual(statuses(run), { ...ALL_PASS, "tcp-443": "FAIL", summary: "FAIL" });
        assert.equal(run.status, 1);
        assert.deepEqual(detail(run, "tcp-443"), {
          name: "tcp-443",
          status: "FAIL",
          detail:
            "TCP 443: 10.0.16.200 accepted the connection, but gave (no TLS answer within 1000 ms); 10.0.32.200 accepted the connection, but gave (no TLS answer within 1000 ms)",
          fix: "something on the path (a firewall, a transparent proxy, a sandbox) accepts TCP connections itself instead of the endpoint: let TCP 443 to the endpoint's addresses through untouched, and check that this network routes them to the endpoint's VPC",
        });
        assert.match(
          detail(run, "tcp-4195").detail,
          /^10\.0\.16\.200 \d+ ms \(no TLS answer within 1000 ms; what DCV speaks on 4195 is not documented: shown, not judged\), 10\.0\.32\.200 \d+ ms \(no TLS answer within 1000 ms; what DCV speaks on 4195 is not documented: shown, not judged\)$/,
        );
        assert.match(
          detail(run, "summary").detail,
          /^blocked by tcp-443\. DCV users of this directory get nothing from here/,
        );
      } finally {
        lab!.allowAll();
      }
    });

    it("fails behind a TLS-intercepting proxy that answers every address with its own certificate", async () => {
      await lab!.interceptTls();
      try {
        const run = lab!.runDoctor(["--timeout-ms", "1000", "--only", "dns,tcp-443,tcp-4195"]);
        assert.equal(run.status, 1);
        const untrusted = (ip: string) =>
          `${ip.replace(/\./g, "\\.")} \\d+ ms \\(TLSv1\\.3; something on the path answers TLS itself \\(a proxy or firewall\\); streaming cannot pass it: certificate CN=egress-interceptor, issuer CN=egress-interceptor, which no CA this machine trusts vouches for \\(DEPTH_ZERO_SELF_SIGNED_CERT\\)\\)`;
        for (const port of ["tcp-443", "tcp-4195"]) {
          const check = detail(run, port);
          assert.equal(check.status, "FAIL", port);
          assert.match(
            check.detail,
            new RegExp(`^${untrusted("10.0.16.200")}, ${untrusted("10.0.32.200")}$`),
          );
          assert.equal(
            check.fix,
            `exempt the endpoint's addresses (10.0.16.200, 10.0.32.200) and the streaming names (${HOSTNAME}) from TLS interception, and let TCP and UDP 443 and 4195 to them through untouched`,
          );
        }
        assert.match(
          detail(run, "summary").detail,
          /^blocked by tcp-443, tcp-4195\. DCV users of this directory get nothing from here/,
        );
        assert.equal(run.report.ok, false);
      } finally {
        lab!.allowAll();
      }
    });

    it("warns, and still succeeds, when a trusted certificate names something else", async () => {
      await lab!.startPlainUdpEndpoint("othername");
      try {
        const run = lab!.runDoctor(["--only", "dns,tcp-443,tcp-4195"]);
        assert.equal(run.status, 0, JSON.stringify(run.report, null, 1));
        assert.equal(run.report.ok, true);
        const check = detail(run, "tcp-443");
        assert.equal(check.status, "WARN");
        assert.match(
          check.detail,
          /^10\.0\.16\.200 \d+ ms \(TLSv1\.3; certificate CN=gateway\.corp\.example, issuer CN=doctor lab CA, trusted here, but for gateway\.corp\.example, not privatelink\.prod\.ap-northeast-1\.highlander\.aws\.a2z\.com: check that this is the endpoint and not a device on the path\)/,
        );
        assert.equal(
          check.fix,
          `if CN=doctor lab CA is your own CA (a TLS inspection proxy or firewall), exempt the endpoint's addresses (10.0.16.200, 10.0.32.200) and the streaming names (${HOSTNAME}) from interception`,
        );
        assert.deepEqual(
          [detail(run, "summary").status, detail(run, "summary").detail],
          [
            "WARN",
            "nothing blocks streaming over PrivateLink from here, but look at tcp-443, tcp-4195 before relying on it (checked: dns, tcp-443, tcp-4195)",
          ],
        );
      } finally {
        await lab!.startQuicEndpoint();
      }
    });

    it("fails DNS that answers a public address, naming the forwarding to set up", async () => {
      await lab!.setDns({ [HOSTNAME]: ["198.51.100.7"] });
      const run = lab!.runDoctor();
      assert.deepEqual(statuses(run), { ...ALL_PASS, dns: "FAIL", summary: "FAIL" });
      assert.equal(run.status, 1);
      assert.deepEqual(detail(run, "dns"), {
        name: "dns",
        status: "FAIL",
        detail: `${HOSTNAME} resolves to public address(es) 198.51.100.7 (asked ${DNS_SERVER}): that is the internet's answer, not the endpoint's (10.0.16.200, 10.0.32.200)`,
        fix: `on this network's DNS, forward ${HOSTNAME} to ${DNS_SERVER} (conditional forwarders to the Route 53 Resolver inbound endpoint; outputs dnsForwardDomains and dnsResolverIps), or run the doctor from inside the routed network`,
      });
      assert.equal(
        detail(run, "summary").detail,
        'blocked by dns. DCV users of this directory get nothing from here: with the endpoint set, DCV does not fall back to the internet ("No endpoints are reachable").',
      );
    });

    it("fails an NXDOMAIN", async () => {
      await lab!.setDns({});
      const run = lab!.runDoctor();
      assert.deepEqual(statuses(run), { ...ALL_PASS, dns: "FAIL", summary: "FAIL" });
      assert.equal(run.status, 1);
      assert.equal(
        detail(run, "dns").detail,
        `${HOSTNAME} does not resolve (NXDOMAIN) (asked ${DNS_SERVER}): this network's DNS does not reach the endpoint's private zone`,
      );
    });

    it("fails DNS that answers other private addresses (another endpoint, a stale record)", async () => {
      await lab!.setDns({ [HOSTNAME]: ["10.0.16.200", "10.0.99.5"] });
      const run = lab!.runDoctor();
      assert.deepEqual(statuses(run), { ...ALL_PASS, dns: "FAIL", summary: "FAIL" });
      assert.equal(
        detail(run, "dns").detail,
        `${HOSTNAME} resolves to 10.0.99.5, private but not this endpoint's addresses (10.0.16.200, 10.0.32.200) (asked ${DNS_SERVER}): another endpoint, or a stale record`,
      );
    });

    it("fails DNS that answers IPv6 only", async () => {
      await lab!.setDns({ [HOSTNAME]: ["fd00::200"] });
      const run = lab!.runDoctor();
      assert.deepEqual(statuses(run), { ...ALL_PASS, dns: "FAIL", summary: "FAIL" });
      assert.equal(
        detail(run, "dns").detail,
        `${HOSTNAME} has only IPv6 (AAAA) answers (fd00::200); streaming over PrivateLink is IPv4 only (asked ${DNS_SERVER})`,
      );
    });

    it("fails QUIC and passes TCP when UDP is dropped, saying the client falls back to TCP", () => {
      lab!.drop("-p", "udp", "-d", "10.0.0.0/16");
      const run = lab!.runDoctor(["--timeout-ms", "800"]);
      assert.deepEqual(statuses(run), {
        ...ALL_PASS,
        "quic-443": "FAIL",
        "quic-4195": "FAIL",
        summary: "FAIL",
      });
      assert.equal(run.status, 1);
      assert.equal(
        detail(run, "quic-443").detail,
        "QUIC: 10.0.16.200 no answer (UDP dropped); 10.0.32.200 no answer (UDP dropped)",
      );
      assert.match(
        detail(run, "quic-443").fix!,
        /the client falls back to TCP, which works but is slower: allow UDP 443$/,
      );
      assert.equal(
        detail(run, "summary").detail,
        "blocked by quic-443, quic-4195. DCV will stream over TCP instead of QUIC: it works, slower.",
      );
    });

    it("fails TCP 4195 when it is dropped", () => {
      lab!.drop("-p", "tcp", "--dport", "4195");
      const run = lab!.runDoctor(["--timeout-ms", "800"]);
      assert.deepEqual(statuses(run), { ...ALL_PASS, "tcp-4195": "FAIL", summary: "FAIL" });
      assert.equal(
        detail(run, "tcp-4195").detail,
        "TCP 4195: 10.0.16.200 no answer (dropped); 10.0.32.200 no answer (dropped)",
      );
    });

    it("fails sign-in when the sign-in hosts cannot be reached", () => {
      lab!.drop("-d", "203.0.113.10");
      const run = lab!.runDoctor(["--timeout-ms", "800"]);
      assert.deepEqual(statuses(run), { ...ALL_PASS, signin: "FAIL", summary: "FAIL" });
      assert.match(
        detail(run, "signin").detail,
        /^sign-in over HTTPS: ws-broker-service\.ap-northeast-1\.amazonaws\.com no TLS answer from 203\.0\.113\.10:443 \(dropped\); /,
      );
      assert.equal(
        detail(run, "summary").detail,
        "blocked by signin. The streaming path is open, but users cannot register or sign in from here.",
      );
    });

    it("fails QUIC against a server that answers UDP but not QUIC", async () => {
      await lab!.startPlainUdpEndpoint();
      try {
        const run = lab!.runDoctor();
        assert.deepEqual(statuses(run), {
          ...ALL_PASS,
          "quic-443": "FAIL",
          "quic-4195": "FAIL",
          summary: "FAIL",
        });
        assert.equal(
          detail(run, "quic-4195").detail,
          "QUIC: 10.0.16.200 answered 19 bytes that are not a QUIC long-header packet; 10.0.32.200 answered 19 bytes that are not a QUIC long-header packet",
        );
      } finally {
        await lab!.startQuicEndpoint();
      }
    });

    it("runs only the checks asked for", () => {
      const run = lab!.runDoctor(["--only", "dns,quic-443"]);
      assert.deepEqual(statuses(run), {
        dns: "PASS",
        "tcp-443": "SKIP",
        "tcp-4195": "SKIP",
        "quic-443": "PASS",
        "quic-4195": "SKIP",
        signin: "SKIP",
        summary: "PASS",
      });
      assert.equal(
        detail(run, "summary").detail,
        "streaming over PrivateLink will work from here (checked: dns, quic-443)",
      );
    });

    it("finishes within the timeout plus a second when everything is dropped", () => {
      lab!.drop("-s", "192.168.50.0/24");
      const run = lab!.runDoctor(["--timeout-ms", "1000"]);
      assert.deepEqual(Object.values(statuses(run)), [
        "FAIL",
        "FAIL",
        "FAIL",
        "FAIL",
        "FAIL",
        "FAIL",
        "FAIL",
      ]);
      assert.equal(
        detail(run, "dns").detail,
        `${HOSTNAME}: the DNS server did not answer (asked ${DNS_SERVER})`,
      );
      assert.ok(
        run.ms < 2000 + 1000,
        `took ${run.ms} ms (timeout 1000 ms + 1 s, with margin for process start)`,
      );
    });
  });
});
