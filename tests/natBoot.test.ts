/**
 * The NAT boot script's packet rules, proven on real Linux networking: three network namespaces
 * made by the test (client -> NAT -> a stand-in internet), joined by veth pairs, addressed from
 * the documentation ranges. The stand-in internet has no route back to the client network, so an
 * answer can only arrive if the NAT masqueraded the flow.
 */
import { strict as assert } from "assert";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const SCRIPT = path.join(ROOT, "components", "nat-boot.sh");
const PEER = path.join(__dirname, "netns", "peer.js");
const tag = String(process.pid % 100000);
const ns = { client: `wplc${tag}`, nat: `wpln${tag}`, internet: `wpli${tag}` };
const link = { client: `wc${tag}`, natIn: `wn${tag}`, natOut: `wo${tag}`, internet: `wi${tag}` };
const NAT_OUTSIDE = "198.51.100.1";
const INTERNET = "198.51.100.20";

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function inNs(namespace: string, command: string, args: string[]): string {
  return run("ip", ["netns", "exec", namespace, command, ...args]);
}

function missingPrerequisite(): string | undefined {
  if (process.platform !== "linux") {
    return "network namespaces need Linux";
  }
  if (process.getuid?.() !== 0) {
    return "creating network namespaces needs root";
  }
  for (const tool of ["ip", "iptables"]) {
    try {
      run("sh", ["-c", `command -v ${tool}`]);
    } catch {
      return `${tool} is not installed (Debian packages iproute2 and iptables; .ci/run installs them)`;
    }
  }
  return undefined;
}

function probe(...args: string[]): Record<string, string> {
  return JSON.parse(inNs(ns.client, process.execPath, [PEER, "probe", INTERNET, ...args]));
}

function applyBootScript(allowedSources: string): void {
  inNs(ns.nat, "bash", [
    "-c",
    `NAT_BOOT_LIBRARY_ONLY=1 source "${SCRIPT}" && enable_forwarding && configure_forwarding ${link.natOut} ${allowedSources}`,
  ]);
}

describe("NAT boot script packet rules (network namespaces)", function () {
  this.timeout(60_000);
  let server: ChildProcess | undefined;

  before(async function () {
    const missing = missingPrerequisite();
    if (missing) {
      if (process.env.CI === "true") {
        throw new Error(`the namespace test cannot run under CI: ${missing}`);
      }
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
    for (const name of Object.values(ns)) {
      run("ip", ["netns", "add", name]);
      inNs(name, "ip", ["link", "set", "lo", "up"]);
    }
    run("ip", [
      "link",
      "add",
      link.client,
      "netns",
      ns.client,
      "type",
      "veth",
      "peer",
      "name",
      link.natIn,
      "netns",
      ns.nat,
    ]);
    run("ip", [
      "link",
      "add",
      link.natOut,
      "netns",
      ns.nat,
      "type",
      "veth",
      "peer",
      "name",
      link.internet,
      "netns",
      ns.internet,
    ]);
    const address = (namespace: string, dev: string, cidr: string) => {
      inNs(namespace, "ip", ["addr", "add", cidr, "dev", dev]);
      inNs(namespace, "ip", ["link", "set", dev, "up"]);
    };
    address(ns.client, link.client, "192.0.2.10/24");
    inNs(ns.client, "ip", ["addr", "add", "192.0.2.200/24", "dev", link.client]);
    inNs(ns.client, "ip", ["route", "add", "default", "via", "192.0.2.1"]);
    address(ns.nat, link.natIn, "192.0.2.1/24");
    address(ns.nat, link.natOut, `${NAT_OUTSIDE}/24`);
    address(ns.internet, link.internet, `${INTERNET}/24`); // and no route back to 192.0.2.0/24

    server = spawn(
      "ip",
      ["netns", "exec", ns.internet, process.execPath, PEER, "serve", "80,443,4195", "443,4195"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      server!.on("exit", (code) => reject(new Error(`the stand-in internet exited with ${code}`)));
    });
  });

  after(() => {
    server?.kill();
    for (const name of Object.values(ns)) {
      try {
        run("ip", ["netns", "del", name]);
      } catch {
        // not created: the suite was skipped or failed early
      }
    }
  });

  it("control: plain forwarding with masquerade lets TCP 80 through, so a block below is the script's doing", () => {
    inNs(ns.nat, "sysctl", ["-q", "-w", "net.ipv4.ip_forward=1"]);
    inNs(ns.nat, "iptables", ["-t", "nat", "-A", "POSTROUTING", "-o", link.natOut, "-j", "MASQUERADE"]);
    assert.deepEqual(probe("tcp:80", "udp:4195"), {
      "tcp:80": `seen ${NAT_OUTSIDE}`,
      "udp:4195": `seen ${NAT_OUTSIDE}`,
    });
  });

  it("passes TCP and UDP 443 masqueraded, and drops TCP 80 and TCP/UDP 4195", () => {
    applyBootScript("192.0.2.0/25");
    assert.deepEqual(probe("tcp:443", "udp:443", "tcp:80", "tcp:4195", "udp:4195"), {
      "tcp:443": `seen ${NAT_OUTSIDE}`,
      "udp:443": `seen ${NAT_OUTSIDE}`,
      "tcp:80": "blocked",
      "tcp:4195": "blocked",
      "udp:4195": "blocked",
    });
  });

  it("drops 443 from a source outside the allowed blocks", () => {
    assert.deepEqual(probe("--bind", "192.0.2.200", "tcp:443", "udp:443"), {
      "tcp:443": "blocked",
      "udp:443": "blocked",
    });
  });

  it("gives the same rules when run again (a reboot or a re-run does not stack rules)", () => {
    const rules = () =>
      inNs(ns.nat, "iptables", ["-S", "FORWARD"]) +
      inNs(ns.nat, "iptables", ["-t", "nat", "-S", "POSTROUTING"]);
    const first = rules();
    applyBootScript("192.0.2.0/25");
    assert.equal(rules(), first);
    assert.deepEqual(first.trim().split("\n"), [
      "-P FORWARD DROP",
      "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
      "-A FORWARD -s 192.0.2.0/25 -p tcp -m tcp --dport 443 -m conntrack --ctstate NEW -j ACCEPT",
      "-A FORWARD -s 192.0.2.0/25 -p udp -m udp --dport 443 -m conntrack --ctstate NEW -j ACCEPT",
      "-P POSTROUTING ACCEPT",
      `-A POSTROUTING -o ${link.natOut} -j MASQUERADE`,
    ]);
  });
});
