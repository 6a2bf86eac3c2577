/**
 * The NAT boot script's packet rules, proven on real Linux networking: three network namespaces
 * made by the test (client -> NAT -> a stand-in internet), joined by veth pairs, addressed from
 * the documentation ranges. The stand-in internet has no route back to the client network, so an
 * answer can only arrive if the NAT masqueraded the flow.
 */
import { strict as assert } from "assert";
import { missingForNamespaces, skipSuite } from "../standins/skips";
import { RUN_TAG } from "../netns/tag";
import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(ROOT, "components", "nat-boot.sh");
const PEER = path.join(__dirname, "..", "netns", "peer.js");
const tag = RUN_TAG;
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

function probe(...args: string[]): Record<string, string> {
  return JSON.parse(inNs(ns.client, process.execPath, [PEER, "probe", INTERNET, ...args]));
}

/** What a fresh boot of an instance leaves: no rules, everything accepted, forwarding as `forwarding` says. */
function freshBoot(forwarding: 0 | 1): void {
  inNs(ns.nat, "iptables", ["-P", "FORWARD", "ACCEPT"]);
  inNs(ns.nat, "iptables", ["-F", "FORWARD"]);
  inNs(ns.nat, "iptables", ["-t", "nat", "-F", "POSTROUTING"]);
  inNs(ns.nat, "sysctl", ["-q", "-w", `net.ipv4.ip_forward=${forwarding}`]);
}

function forwarding(): string {
  return inNs(ns.nat, "sysctl", ["-n", "net.ipv4.ip_forward"]).trim();
}

function ruleSet(): string[] {
  return (
    inNs(ns.nat, "iptables", ["-S", "FORWARD"]) + inNs(ns.nat, "iptables", ["-t", "nat", "-S", "POSTROUTING"])
  )
    .trim()
    .split("\n");
}

/**
 * The script's whole boot sequence (`main`) in the NAT namespace, with the three steps that need
 * Amazon Linux (rpm, dnf, systemctl) replaced by `stubs`; console lines go to `console`.
 */
function bootArgs(stubs: string): string[] {
  return [
    "netns",
    "exec",
    ns.nat,
    "bash",
    "-c",
    `NAT_BOOT_LIBRARY_ONLY=1 source "${SCRIPT}"\n${stubs}\nmain`,
  ];
}

function bootEnv(console: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NAT_ALLOWED_SOURCES: "192.0.2.0/25", NAT_BOOT_CONSOLE: console, ...extra };
}

/** The correct rule set for sources 192.0.2.0/25 (what the first tests prove lets 443 out and nothing else). */
function correctRules(): string[] {
  return [
    "-P FORWARD DROP",
    "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A FORWARD -s 192.0.2.0/25 -p tcp -m tcp --dport 443 -m conntrack --ctstate NEW -j ACCEPT",
    "-A FORWARD -s 192.0.2.0/25 -p udp -m udp --dport 443 -m conntrack --ctstate NEW -j ACCEPT",
    "-P POSTROUTING ACCEPT",
    `-A POSTROUTING -o ${link.natOut} -j MASQUERADE`,
  ];
}

const INSTALLED = "have_packages() { return 0; }\npersist_rules() { :; }";

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
    const missing = missingForNamespaces([
      ["ip", "iproute2"],
      ["iptables", "iptables"],
    ]);
    if (missing) {
      skipSuite(this, missing);
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
    // The NAT's way out: the boot script masquerades behind the default route's interface.
    inNs(ns.nat, "ip", ["route", "add", "default", "via", INTERNET, "dev", link.natOut]);

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
    assert.deepEqual(first.trim().split("\n"), correctRules());
  });

  describe("the boot sequence", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "nat-boot-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("on a fresh boot puts the rules in place, then forwards, and says OK on the console", () => {
      freshBoot(0);
      const console = path.join(dir, "console-ok");
      execFileSync("ip", bootArgs(INSTALLED), { env: bootEnv(console), stdio: "ignore" });
      assert.deepEqual(ruleSet(), correctRules());
      assert.equal(forwarding(), "1");
      assert.equal(
        fs.readFileSync(console, "utf8"),
        `nat-boot: OK: forwarding TCP/UDP 443 from 192.0.2.0/25 out through ${link.natOut}\n`,
      );
      assert.deepEqual(probe("tcp:443", "udp:443", "tcp:80"), {
        "tcp:443": `seen ${NAT_OUTSIDE}`,
        "udp:443": `seen ${NAT_OUTSIDE}`,
        "tcp:80": "blocked",
      });
    });

    it("stopped in the middle of its first boot forwards nothing, and the next boot ends in the same rule set", async () => {
      // Worst case before the script runs: everything accepted and forwarding on.
      freshBoot(1);
      const marker = path.join(dir, "installing");
      const slowInstall = `have_packages() { return 1; }\ninstall_packages() { touch "${marker}"; sleep 30; }`;
      const boot = spawn("ip", bootArgs(slowInstall), {
        env: bootEnv(path.join(dir, "console-stopped")),
        stdio: "ignore",
        detached: true, // its own process group, so stopping kills the whole boot
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        boot.on("exit", (_code, signal) => resolve(signal)),
      );
      for (let waited = 0; !fs.existsSync(marker); waited += 20) {
        assert.ok(waited < 10_000, "the boot script never reached the package install");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The instance is stopped: every process of the boot dies at once.
      process.kill(-boot.pid!, "SIGKILL");
      assert.equal(await exited, "SIGKILL");
      assert.equal(forwarding(), "0", "an interrupted boot leaves forwarding off");
      assert.deepEqual(probe("tcp:443", "udp:443"), { "tcp:443": "blocked", "udp:443": "blocked" });

      // The next start: a fresh boot (forwarding off, no saved rules yet), and the script again.
      freshBoot(0);
      execFileSync("ip", bootArgs(INSTALLED), {
        env: bootEnv(path.join(dir, "console-next")),
        stdio: "ignore",
      });
      assert.deepEqual(ruleSet(), correctRules());
      assert.equal(forwarding(), "1");
      assert.deepEqual(probe("tcp:443", "udp:443", "tcp:4195"), {
        "tcp:443": `seen ${NAT_OUTSIDE}`,
        "udp:443": `seen ${NAT_OUTSIDE}`,
        "tcp:4195": "blocked",
      });
    });

    it("fails closed when the package cannot be installed, and says so on the console", () => {
      freshBoot(1);
      const console = path.join(dir, "console-failed");
      const result = spawnSync(
        "ip",
        bootArgs("have_packages() { return 1; }\ninstall_packages() { return 1; }\npersist_rules() { :; }"),
        {
          env: bootEnv(console, { NAT_BOOT_INSTALL_ATTEMPTS: "2", NAT_BOOT_RETRY_DELAY: "0" }),
          stdio: "ignore",
        },
      );
      assert.equal(result.status, 1);
      assert.equal(forwarding(), "0");
      assert.deepEqual(probe("tcp:443", "udp:443"), { "tcp:443": "blocked", "udp:443": "blocked" });
      assert.equal(
        fs.readFileSync(console, "utf8"),
        "nat-boot: installing iptables-services failed (attempt 1 of 2); retrying in 0 s\n" +
          "nat-boot: FAILED: could not install iptables-services after 2 attempts; forwarding stays OFF (fail closed). Reboot the instance to try again.\n",
      );
    });
  });
});
