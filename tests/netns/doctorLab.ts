/**
 * A small client network for the connectivity doctor, made of Linux network namespaces: a client,
 * a router between everything (where the tests drop packets with iptables), an "endpoint" serving
 * TCP and QUIC on 443 and 4195 (Caddy, whose HTTP/3 is quic-go: a real QUIC stack answers the
 * probe), a DNS server (dnsmasq) and a stand-in for the sign-in hosts (TLS on 443 with the lab's
 * own CA). Used by tests/tools/doctor.test.ts and tests/bench/doctor.ts; needs root.
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { signinHosts } from "../../doctor/checks";
import { Missing, missingForNamespaces } from "../standins/skips";
import { RUN_TAG } from "./tag";

const ROOT = path.resolve(__dirname, "..", "..");
const DOCTOR = path.join(ROOT, "doctor", "doctor.js");
const PEER = path.join(__dirname, "peer.js");

export const REGION = "ap-northeast-1";
export const HOSTNAME = `privatelink.prod.${REGION}.highlander.aws.a2z.com`;
export const ENDPOINT_IPS = ["10.0.16.200", "10.0.32.200"];
export const DNS_SERVER = "192.168.53.53";
/** Where the router's intercepting listener accepts connections (interceptTcp). */
const INTERCEPT_PORT = 9443;
const SIGNIN_IP = "203.0.113.10";

export interface DoctorRun {
  readonly status: number | null;
  readonly ms: number;
  readonly report: {
    checks: { name: string; status: string; detail: string; fix: string | null }[];
    ok: boolean;
  };
  readonly stderr: string;
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Why the lab cannot be built here, or undefined when it can. */
export function missingPrerequisite(): Missing | undefined {
  return missingForNamespaces([
    ["ip", "iproute2"],
    ["iptables", "iptables"],
    ["caddy", "caddy"],
    ["dnsmasq", "dnsmasq-base"],
    ["openssl", "openssl"],
  ]);
}

export class DoctorLab {
  private readonly tag = RUN_TAG;
  private readonly ns = {
    client: `wdc${this.tag}`,
    router: `wdr${this.tag}`,
    endpoint: `wde${this.tag}`,
    dns: `wdd${this.tag}`,
    signin: `wds${this.tag}`,
  };
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-lab-"));
  private readonly processes = new Map<string, ChildProcess>();
  /** Servers stopped and not yet exited, by key. */
  private readonly exiting = new Map<string, Promise<void>>();
  /** The doctor's last run, for the report of a failed case. */
  lastRun: DoctorRun | undefined;
  /** The stack outputs file the doctor reads. */
  readonly outputsFile = path.join(this.dir, "outputs.json");
  /** The lab CA the sign-in stand-in's certificate chains to (NODE_EXTRA_CA_CERTS for the doctor). */
  readonly caFile = path.join(this.dir, "ca.pem");

  private inNs(namespace: string, command: string, args: string[]): string {
    return run("ip", ["netns", "exec", namespace, command, ...args]);
  }

  /** Builds the namespaces, links and routes, the certificates, and starts every server. */
  async start(): Promise<void> {
    for (const name of Object.values(this.ns)) {
      run("ip", ["netns", "add", name]);
      this.inNs(name, "ip", ["link", "set", "lo", "up"]);
    }
    this.inNs(this.ns.router, "sysctl", ["-q", "-w", "net.ipv4.ip_forward=1"]);
    const leaf = (namespace: string, short: string, addresses: string[], gateways: string[]) => {
      const [inside, outside] = [`${short}${this.tag}`, `r${short}${this.tag}`];
      run("ip", [
        "link",
        "add",
        inside,
        "netns",
        namespace,
        "type",
        "veth",
        "peer",
        "name",
        outside,
        "netns",
        this.ns.router,
      ]);
      for (const address of addresses) {
        this.inNs(namespace, "ip", ["addr", "add", address, "dev", inside]);
      }
      for (const gateway of gateways) {
        this.inNs(this.ns.router, "ip", ["addr", "add", gateway, "dev", outside]);
      }
      this.inNs(namespace, "ip", ["link", "set", inside, "up"]);
      this.inNs(this.ns.router, "ip", ["link", "set", outside, "up"]);
      this.inNs(namespace, "ip", ["route", "add", "default", "via", gateways[0].split("/")[0]]);
    };
    leaf(this.ns.client, "c", ["192.168.50.10/24"], ["192.168.50.1/24"]);
    leaf(
      this.ns.endpoint,
      "e",
      ENDPOINT_IPS.map((ip) => `${ip}/24`),
      ["10.0.16.1/24", "10.0.32.1/24"],
    );
    leaf(this.ns.dns, "d", [`${DNS_SERVER}/24`], ["192.168.53.1/24"]);
    leaf(this.ns.signin, "s", [`${SIGNIN_IP}/24`], ["203.0.113.1/24"]);

    this.makeCertificates();
    fs.writeFileSync(
      this.outputsFile,
      JSON.stringify({
        region: REGION,
        privateLinkHostname: HOSTNAME,
        streamingEndpointIps: ENDPOINT_IPS,
        dnsResolverIps: [DNS_SERVER],
        dnsForwardDomains: [HOSTNAME],
        allowPcoipOverInternet: false,
      }),
    );
    await this.startQuicEndpoint();
    await this.serve("signin", this.ns.signin, [
      PEER,
      "tls",
      path.join(this.dir, "signin.key"),
      path.join(this.dir, "signin.pem"),
      "443",
    ]);
    await this.setDns({ [HOSTNAME]: ENDPOINT_IPS });
  }

  private makeCertificates(): void {
    const file = (name: string) => path.join(this.dir, name);
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    run("openssl", [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      file("ca.key"),
      "-out",
      this.caFile,
      "-days",
      "1",
      "-subj",
      "/CN=doctor lab CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign",
    ]);
    /** A certificate the lab CA issues for these names (`DNS:...`, `IP:...`): `<name>.pem`, `<name>.key`. */
    const issue = (name: string, subject: string, alternativeNames: string[]) => {
      run("openssl", [
        "req",
        ...ec,
        "-keyout",
        file(`${name}.key`),
        "-out",
        file(`${name}.csr`),
        "-subj",
        subject,
      ]);
      fs.writeFileSync(file(`${name}.cnf`), `subjectAltName=${alternativeNames.join(",")}\n`);
      run("openssl", [
        "x509",
        "-req",
        "-in",
        file(`${name}.csr`),
        "-CA",
        this.caFile,
        "-CAkey",
        file("ca.key"),
        "-CAcreateserial",
        "-out",
        file(`${name}.pem`),
        "-days",
        "1",
        "-extfile",
        file(`${name}.cnf`),
      ]);
    };
    issue(
      "signin",
      "/CN=signin stand-in",
      signinHosts(REGION).map((h) => `DNS:${h}`),
    );
    // What a working path shows: a certificate for the streaming name from a CA the client trusts.
    issue("endpoint", `/CN=${HOSTNAME}`, [`DNS:${HOSTNAME}`, ...ENDPOINT_IPS.map((ip) => `IP:${ip}`)]);
    // Trusted, but for a name that is not the streaming name.
    issue("othername", "/CN=gateway.corp.example", ["DNS:gateway.corp.example"]);
    // A TLS-intercepting proxy's own certificate: self-signed, no CA the client trusts behind it.
    run("openssl", [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      file("interceptor.key"),
      "-out",
      file("interceptor.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=egress-interceptor",
    ]);
  }

  /** Starts `args` with node in `namespace` and waits for it to print "ready". */
  private async serve(key: string, namespace: string, args: string[]): Promise<void> {
    await this.restart(key);
    const child = spawn("ip", ["netns", "exec", namespace, process.execPath, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    this.processes.set(key, child);
    return new Promise((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      child.once("exit", (code) => reject(new Error(`${key} exited with ${code}`)));
    });
  }

  private stop(key: string): void {
    const child = this.processes.get(key);
    if (child) {
      if (child.exitCode === null && child.signalCode === null) {
        this.exiting.set(key, new Promise((resolve) => child.once("exit", () => resolve())));
      }
      child.kill("SIGKILL");
      this.processes.delete(key);
    }
  }

  /**
   * Stops the server of `key` and waits until it has exited, so that its ports are free: a
   * replacement started while the old one still holds them fails to bind (and a check for the
   * port would find the old one listening).
   */
  private async restart(key: string): Promise<void> {
    this.stop(key);
    await this.exiting.get(key);
    this.exiting.delete(key);
  }

  /** Waits until `namespace` has TCP and UDP listeners on 443 and 4195 (or throws after 15 s). */
  private async waitForListeners(namespace: string): Promise<void> {
    for (const started = Date.now(); ;) {
      const listening = this.inNs(namespace, "ss", ["-Hlntu"]);
      if (
        [":443 ", ":4195 "].every((port) => listening.split("\n").filter((l) => l.includes(port)).length >= 2)
      ) {
        return;
      }
      if (Date.now() - started > 15_000) {
        throw new Error(`the endpoint never listened on TCP and UDP 443 and 4195:\n${listening}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * The endpoint as AWS runs it: TCP and QUIC (HTTP/3) on 443 and 4195, from Caddy. Bound to each
   * address (`bind`), so that every answer leaves from the address it was sent to, as it does
   * from the endpoint's separate network interfaces.
   */
  async startQuicEndpoint(): Promise<void> {
    await this.restart("endpoint");
    // By address and by the private name, so that a handshake with SNI = the name is answered too.
    const sites = [...ENDPOINT_IPS, HOSTNAME]
      .flatMap((h) => [`https://${h}:443`, `https://${h}:4195`])
      .join(", ");
    const caddyfile = path.join(this.dir, "Caddyfile");
    fs.writeFileSync(
      caddyfile,
      `{\n\tadmin off\n\tauto_https disable_redirects\n\tskip_install_trust\n\tlocal_certs\n\tstorage file_system ${path.join(this.dir, "caddy")}\n\tservers {\n\t\tprotocols h1 h2 h3\n\t}\n}\n${sites} {\n\tbind ${ENDPOINT_IPS.join(" ")}\n\ttls ${path.join(this.dir, "endpoint.pem")} ${path.join(this.dir, "endpoint.key")}\n\trespond "ok"\n}\n`,
    );
    const child = spawn(
      "ip",
      ["netns", "exec", this.ns.endpoint, "caddy", "run", "--config", caddyfile, "--adapter", "caddyfile"],
      {
        stdio: "ignore",
        env: {
          ...process.env,
          HOME: this.dir,
          XDG_DATA_HOME: path.join(this.dir, "data"),
          XDG_CONFIG_HOME: path.join(this.dir, "config"),
        },
      },
    );
    this.processes.set("endpoint", child);
    await this.waitForListeners(this.ns.endpoint);
  }

  /**
   * An endpoint that answers TLS on TCP 443 and 4195 (with the endpoint's certificate, or the one
   * named: "othername", trusted but for another name), and UDP with something that is not QUIC.
   */
  async startPlainUdpEndpoint(certificate: "endpoint" | "othername" = "endpoint"): Promise<void> {
    await this.restart("endpoint");
    await this.serve("endpoint", this.ns.endpoint, [
      PEER,
      "serve",
      "443,4195",
      "443,4195",
      ENDPOINT_IPS.join(","),
      path.join(this.dir, `${certificate}.key`),
      path.join(this.dir, `${certificate}.pem`),
    ]);
  }

  /**
   * Restarts the DNS server with these answers (name -> addresses; IPv6 addresses become AAAA
   * records) besides the sign-in hosts. Every other name is NXDOMAIN; nothing is forwarded.
   */
  async setDns(records: Record<string, string[]>): Promise<void> {
    const hosts = path.join(this.dir, "hosts");
    const lines = signinHosts(REGION).map((h) => `${SIGNIN_IP} ${h}`);
    for (const [name, addresses] of Object.entries(records)) {
      lines.push(...addresses.map((address) => `${address} ${name}`));
    }
    fs.writeFileSync(hosts, `${lines.join("\n")}\n`);
    await this.restart("dns");
    const child = spawn(
      "ip",
      [
        "netns",
        "exec",
        this.ns.dns,
        "dnsmasq",
        "--keep-in-foreground",
        "--no-resolv",
        "--no-hosts",
        `--addn-hosts=${hosts}`,
        "--local=/#/",
        `--listen-address=${DNS_SERVER}`,
        "--bind-interfaces",
        "--user=root",
        "--pid-file=",
        "--log-facility=-",
      ],
      { stdio: "ignore" },
    );
    this.processes.set("dns", child);
    for (
      const started = Date.now();
      !this.inNs(this.ns.dns, "ss", ["-Hlnu"]).includes(`${DNS_SERVER}:53 `);
    ) {
      if (Date.now() - started > 10_000) {
        throw new Error("dnsmasq never listened");
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Drops forwarded packets matching `rule` (iptables match arguments) in the router. */
  drop(...rule: string[]): void {
    this.inNs(this.ns.router, "iptables", ["-A", "FORWARD", ...rule, "-j", "DROP"]);
  }

  /**
   * Makes the router answer every TCP connection to the endpoint's network itself, as an
   * intercepting firewall or transparent proxy does: a listener that accepts and never speaks.
   */
  async interceptTcp(): Promise<void> {
    await this.serve("interceptor", this.ns.router, [PEER, "silent", String(INTERCEPT_PORT)]);
    this.redirectToInterceptor();
  }

  /**
   * Makes the router answer every TCP connection to the endpoint's network itself and complete
   * TLS with a certificate of its own (self-signed, CN=egress-interceptor), as a TLS-intercepting
   * proxy does: nothing needs to run at the endpoint's addresses.
   */
  async interceptTls(): Promise<void> {
    await this.serve("interceptor", this.ns.router, [
      PEER,
      "tls",
      path.join(this.dir, "interceptor.key"),
      path.join(this.dir, "interceptor.pem"),
      String(INTERCEPT_PORT),
    ]);
    this.redirectToInterceptor();
  }

  /** Sends every TCP connection to the endpoint's network to the router's own listener. */
  private redirectToInterceptor(): void {
    this.inNs(this.ns.router, "iptables", [
      "-t",
      "nat",
      "-A",
      "PREROUTING",
      "-p",
      "tcp",
      "-d",
      "10.0.0.0/16",
      "-j",
      "REDIRECT",
      "--to-ports",
      String(INTERCEPT_PORT),
    ]);
  }

  /** Forwards everything again, untouched. */
  allowAll(): void {
    this.inNs(this.ns.router, "iptables", ["-F", "FORWARD"]);
    this.inNs(this.ns.router, "iptables", ["-t", "nat", "-F", "PREROUTING"]);
    this.stop("interceptor");
  }

  /** Runs the doctor in the client namespace with `--json`, as a network team would. */
  runDoctor(args: string[] = []): DoctorRun {
    const start = process.hrtime.bigint();
    const result = spawnSync(
      "ip",
      [
        "netns",
        "exec",
        this.ns.client,
        process.execPath,
        DOCTOR,
        "--outputs",
        this.outputsFile,
        "--dns-server",
        DNS_SERVER,
        "--json",
        ...args,
      ],
      { encoding: "utf8", env: { ...process.env, NODE_EXTRA_CA_CERTS: this.caFile }, timeout: 60_000 },
    );
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    let report: DoctorRun["report"];
    try {
      report = JSON.parse(result.stdout);
    } catch {
      throw new Error(
        `the doctor printed no JSON (status ${result.status}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    this.lastRun = { status: result.status, ms, report, stderr: result.stderr };
    return this.lastRun;
  }

  /** Stops every server and removes the namespaces and files. */
  close(): void {
    for (const key of [...this.processes.keys()]) {
      this.stop(key);
    }
    for (const name of Object.values(this.ns)) {
      spawnSync("ip", ["netns", "del", name]);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
