/**
 * `workspaces-privatelink cutover` against moto (tests/standins/cutoverLab.ts): Directory Service directories
 * registered with WorkSpaces, WorkSpaces created with their protocols, and a sign-in log holding
 * events in AWS's format. Every verdict, several pages of WorkSpaces and of events, the forms of
 * directoryId, empty addresses, the window's edges, --directory, usage mistakes and an AWS error.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, stackFromOutputs } from "../../cutover/cli";
import { EVENTS_PER_PAGE, cutoverReader } from "../../cutover/read";
import { cutoverReport } from "../../cutover/report";
import { BlockList, isIPv4 } from "net";
import { type CutoverReport, SignInIndex, isoTime, routedAddresses } from "../../cutover/classify";
import { CutoverLab, REGION, SignIn } from "../standins/cutoverLab";
import { runCommand } from "../standins/project";
import { withEnv } from "../standins/aws";

const ROOT = path.resolve(__dirname, "..", "..");
const DAY = 24 * 60 * 60 * 1000;
const LOG = "/aws/events/workspaces-privatelink/test/sign-ins";

async function run(args: string[], now: number): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const status = await main(args, { out: (t) => (out += t), err: (t) => (err += t) }, now);
  return { status, out, err };
}

describe("routed addresses, as the report judges each sign-in's", () => {
  // By hand for speed (issue 33: net.BlockList took half the classification); held to Node's own
  // judgement of the same addresses and ranges.
  it("says what net.isIPv4 and net.BlockList say, over awkward addresses and ranges", () => {
    const cidrs = ["10.0.0.0/8", "192.168.4.0/22", "203.0.113.7/32", "172.16.0.0/12", "0.0.0.0/0"];
    const addresses = [
      "10.1.2.3",
      "10.255.255.255",
      "11.0.0.0",
      "9.255.255.255",
      "192.168.7.255",
      "192.168.8.0",
      "203.0.113.7",
      "203.0.113.8",
      "172.31.255.1",
      "172.32.0.1",
      "010.1.2.3",
      "10.1.2",
      "10.1.2.3.4",
      "10.1.2.256",
      "10..2.3",
      ".10.1.2",
      "10.1.2.",
      "::1",
      "::ffff:10.1.2.3",
      "",
      " 10.1.2.3",
      "a.b.c.d",
      "0.0.0.0",
      "255.255.255.255",
    ];
    for (const ranges of [cidrs.slice(0, 4), cidrs.slice(4), ["10.1.2.3/33", "10.0.0.0/8"]]) {
      const list = new BlockList();
      for (const cidr of ranges) {
        const [address, prefix] = cidr.split("/");
        if (isIPv4(address) && Number(prefix) <= 32) {
          list.addSubnet(address, Number(prefix), "ipv4");
        }
      }
      const routed = routedAddresses(ranges);
      assert.deepEqual(
        addresses.map((ip) => `${ip}: ${routed(ip)}`),
        addresses.map((ip) => `${ip}: ${isIPv4(ip) && list.check(ip, "ipv4")}`),
        ranges.join(", "),
      );
    }
  });
});

describe("sign-in times, as the report keeps each sign-in's", () => {
  // Kept as the event's text when it is toISOString's form already (issue 33: parsing and
  // formatting each time again took a quarter of the report); held to what Date.parse and
  // toISOString make of the same text.
  const TIMESTAMP = Date.UTC(2026, 11, 1, 8, 0, 0, 5);
  const texts = [
    "2026-12-01T07:59:58.123Z",
    "2024-02-29T23:59:59.999Z", // a leap day
    "2026-02-29T10:00:00.000Z", // not a leap year: Date rolls it into March
    "2026-02-30T10:00:00.000Z",
    "2026-04-31T10:00:00.000Z",
    "2026-12-31T10:00:00.000Z",
    "2000-02-29T00:00:00.000Z", // 2000 is a leap year, 1900 is not
    "1900-02-29T00:00:00.000Z",
    "0000-02-29T00:00:00.000Z",
    "2026-12-01T24:00:00.000Z", // the end of the day: the next day's midnight
    "2026-12-01T23:59:60.000Z", // a leap second: not a time to Date
    "2026-13-01T00:00:00.000Z",
    "2026-00-10T00:00:00.000Z",
    "2026-12-00T00:00:00.000Z",
    "2026-12-01T07:59:58Z", // EventBridge's `time`: no milliseconds
    "2026-12-01T07:59:58.1Z",
    "2026-12-01T16:59:58.123+09:00",
    "2026-12-01 07:59:58.123Z",
    "2026-12-01t07:59:58.123z",
    "+010000-01-01T00:00:00.000Z", // beyond year 9999: the timestamp instead
    "-000001-01-01T00:00:00.000Z",
    "Tue, 01 Dec 2026 07:59:58 GMT",
    "",
    "yesterday",
  ];
  const values: unknown[] = [...texts, undefined, null, 1764575998123, {}];
  const expected = (value: unknown) => {
    const at = Date.parse(String(value ?? ""));
    const text = Number.isNaN(at) ? "" : new Date(at).toISOString();
    return /^\d{4}-/.test(text) ? text : new Date(TIMESTAMP).toISOString();
  };

  it("is what Date.parse and toISOString make of the text, or the log event's timestamp", () => {
    assert.deepEqual(
      values.map((v) => `${String(v)}: ${isoTime(v, TIMESTAMP)}`),
      values.map((v) => `${String(v)}: ${expected(v)}`),
    );
    assert.equal(isoTime("2026-02-30T10:00:00.000Z", TIMESTAMP), "2026-03-02T10:00:00.000Z");
  });

  it("orders a WorkSpace's sign-ins by time, latest first, whatever form each time came in", () => {
    const index = new SignInIndex();
    const event = (ip: string, loginTime: unknown) =>
      JSON.stringify({
        "detail-type": "WorkSpaces Access",
        detail: { workspaceId: "ws-1", actionType: "successfulLogin", clientIpAddress: ip, loginTime },
      });
    index.add(event("10.0.0.1", "2026-12-01T10:00:00.000Z"), TIMESTAMP);
    index.add(event("10.0.0.2", "2026-12-01T19:00:00+09:00"), TIMESTAMP); // 10:00:00 UTC
    index.add(event("10.0.0.3", "2026-12-01T09:59:59Z"), TIMESTAMP);
    index.add(event("10.0.0.4", "2026-11-31T00:00:00.000Z"), TIMESTAMP); // December 1st
    index.add(event("10.0.0.5", "yesterday"), TIMESTAMP); // not a time: the log event's
    index.add(event("10.0.0.1", "2026-11-30T00:00:00.000Z"), TIMESTAMP); // older: not kept
    index.add(event("10.0.0.3", "2026-12-01T10:00:00.001Z"), TIMESTAMP); // newer: kept
    assert.deepEqual(
      index.signInsOf("ws-1", () => true).map((s) => `${s.ip} ${s.last}`),
      [
        "10.0.0.3 2026-12-01T10:00:00.001Z",
        "10.0.0.1 2026-12-01T10:00:00.000Z",
        "10.0.0.2 2026-12-01T10:00:00.000Z",
        "10.0.0.5 2026-12-01T08:00:00.005Z",
        "10.0.0.4 2026-12-01T00:00:00.000Z",
      ],
    );
  });
});

describe("the cut-over report (workspaces-privatelink cutover)", function () {
  this.timeout(180_000);
  let lab: CutoverLab;
  let dir: string;
  let outputs: string;
  const now = Date.now();
  const ws: Record<string, string> = {};
  let A: string;
  let B: string;
  const FILLERS = 30;

  before(async function () {
    lab = await CutoverLab.startOrSkip(this);
    A = await lab.directory("corp.example.com");
    B = await lab.directory("pilot.example.com");
    const named = [
      ["alice", "WSP"],
      ["bob", "WSP"],
      ["carol", "WSP"],
      ["dave", "WSP"],
      ["erin", "PCOIP"],
      ["frank", "WSP"],
      ["gina", "WSP"],
      ["hank", "WSP"],
    ] as const;
    const users = [
      ...named.map(([userName, protocol]) => ({ userName, protocol })),
      ...Array.from({ length: FILLERS }, (_, i) => ({ userName: `user${i}`, protocol: "WSP" as const })),
    ];
    const idsA = await lab.workspaces(A, users);
    users.forEach((u, i) => (ws[u.userName] = idsA[i]));
    [ws.ivan] = await lab.workspaces(B, [{ userName: "ivan", protocol: "PCOIP" }]);

    const at = (daysAgo: number) => now - daysAgo * DAY;
    const signIns: SignIn[] = [
      { workspaceId: ws.alice, ip: "10.0.5.7", at: at(1), directoryId: `domain/${A}` },
      { workspaceId: ws.alice, ip: "10.0.5.7", at: at(3), directoryId: A },
      { workspaceId: ws.bob, ip: "10.0.5.8", at: at(2), platform: "Windows" },
      { workspaceId: ws.bob, ip: "203.0.113.5", at: at(1), platform: "macOS" },
      { workspaceId: ws.bob, ip: "203.0.113.5", at: at(4), platform: "Windows" },
      { workspaceId: ws.dave, ip: "", at: at(1) },
      { workspaceId: ws.frank, ip: "198.51.100.7", at: at(1) },
      // Just outside the 7-day window: not counted. Just inside: counted.
      { workspaceId: ws.gina, ip: "203.0.113.9", at: now - 7 * DAY - 60_000 },
      { workspaceId: ws.gina, ip: "10.0.9.9", at: at(2) },
      { workspaceId: ws.hank, ip: "203.0.113.10", at: now - 7 * DAY + 60_000 },
      { workspaceId: ws.ivan, ip: "203.0.113.11", at: at(1), directoryId: `domain/${B}` },
    ];
    // Enough sign-ins of the other users for several pages of FilterLogEvents (2,500 a page).
    for (let i = 0; i < 12_000; i++) {
      signIns.push({
        workspaceId: ws[`user${i % FILLERS}`],
        ip: `10.0.${i % 200}.${(i % 250) + 1}`,
        at: at(6) + i * 1000,
      });
    }
    await lab.signInLog(LOG, signIns);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cutover-"));
    outputs = path.join(dir, "outputs.json");
    fs.writeFileSync(
      outputs,
      JSON.stringify({
        region: REGION,
        directoryIds: [A, B],
        directoryId: A,
        signInLogGroupName: LOG,
        streamingClientCidrs: ["10.0.0.0/16"],
        signInEgressCidrs: ["198.51.100.0/24"],
        streamingAssociations: {
          [A]: { associated: false, allowPcoipOverInternet: false },
          [B]: { associated: false, allowPcoipOverInternet: true },
        },
      }),
    );
  });

  after(async () => {
    await lab?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const iso = (ms: number) => new Date(ms).toISOString();

  it("gives every WorkSpace its verdict and its sign-ins by address, paging WorkSpaces and events, exit 1", async () => {
    lab.pager.calls.DescribeWorkspaces = 0;
    const result = await run(["--outputs", outputs, "--days", "7", "--json"], now);
    assert.equal(result.status, 1, result.err);
    const report = JSON.parse(result.out) as CutoverReport;
    assert.deepEqual(report.window, { from: iso(now - 7 * DAY), to: iso(now) });
    assert.deepEqual(
      report.directories.map((d) => [d.directoryId, d.workspaces.length]),
      [
        [A, 8 + FILLERS],
        [B, 1],
      ],
    );
    const byUser = Object.fromEntries(
      report.directories.flatMap((d) => d.workspaces).map((w) => [w.userName, w]),
    );
    assert.deepEqual(
      Object.fromEntries(
        ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivan"].map((u) => [
          u,
          byUser[u].verdict,
        ]),
      ),
      {
        alice: "private",
        bob: "cut-off",
        carol: "unknown",
        dave: "unknown",
        erin: "pcoip-blocked",
        frank: "private",
        gina: "private",
        hank: "cut-off",
        ivan: "pcoip-internet",
      },
    );
    assert.deepEqual(byUser.bob, {
      workspaceId: ws.bob,
      userName: "bob",
      protocol: "DCV",
      verdict: "cut-off",
      signIns: [
        { ip: "203.0.113.5", platform: "macOS", last: iso(now - 1 * DAY), routed: false },
        { ip: "10.0.5.8", platform: "Windows", last: iso(now - 2 * DAY), routed: true },
      ],
    });
    assert.deepEqual(byUser.alice.signIns, [
      { ip: "10.0.5.7", platform: "Windows", last: iso(now - 1 * DAY), routed: true },
    ]);
    assert.deepEqual(byUser.dave.signIns, [
      { ip: null, platform: "Windows", last: iso(now - 1 * DAY), routed: null },
    ]);
    assert.deepEqual(
      byUser.gina.signIns.map((s) => s.ip),
      ["10.0.9.9"],
      "the sign-in just outside the window is not counted",
    );
    assert.equal(byUser.erin.protocol, "PCOIP");
    assert.ok(
      Object.values(byUser)
        .filter((w) => w.userName.startsWith("user"))
        .every((w) => w.verdict === "private"),
    );
    assert.deepEqual(report.counts, {
      private: 3 + FILLERS,
      "cut-off": 2,
      "pcoip-internet": 1,
      "pcoip-blocked": 1,
      unknown: 2,
    });
    assert.equal(
      lab.pager.calls.DescribeWorkspaces,
      3,
      "two pages for 38 WorkSpaces, one for 1: AWS's page minimum",
    );
  });

  it("reads at the page minimum: 25 WorkSpaces and 2,500 events a call", async () => {
    const reader = cutoverReader(REGION);
    try {
      const stack = stackFromOutputs(outputs);
      const report = await cutoverReport(stack, reader, { from: now - 7 * DAY, to: now });
      assert.equal(report.events, 12_010, "every sign-in in the window, and none outside");
      // 12,010 events at 2,500 a page: 5 calls.
      assert.equal(EVENTS_PER_PAGE, 2_500);
      assert.deepEqual(reader.calls, { DescribeWorkspaces: 3, FilterLogEvents: 5 });
      // The shipped read-only policy grants exactly these calls, and no partition is named.
      const text = fs.readFileSync(path.join(ROOT, "cutover", "iam-policy.json"), "utf8");
      assert.doesNotMatch(text, /arn:aws[a-z-]*:/);
      const policy = JSON.parse(text) as { Statement: { Action: string[] }[] };
      assert.deepEqual(policy.Statement.flatMap((st) => st.Action).sort(), [
        "logs:FilterLogEvents",
        "workspaces:DescribeWorkspaces",
      ]);
    } finally {
      reader.close();
    }
  });

  it("reports one directory with --directory, exit 0 when nobody is cut off", async () => {
    const result = await run(["--outputs", outputs, "--days", "7", "--json", "--directory", B], now);
    assert.equal(result.status, 0, result.err);
    const report = JSON.parse(result.out) as CutoverReport;
    assert.deepEqual(
      report.directories.map((d) => d.directoryId),
      [B],
    );
    assert.deepEqual(report.counts, {
      private: 0,
      "cut-off": 0,
      "pcoip-internet": 1,
      "pcoip-blocked": 0,
      unknown: 0,
    });
  });

  it("prints a table per directory and a line of counts", async () => {
    const result = await run(["--outputs", outputs, "--days", "7"], now);
    assert.equal(result.status, 1);
    const lines = result.out.trimEnd().split("\n");
    assert.equal(lines[0], `Sign-ins from ${iso(now - 7 * DAY)} to ${iso(now)}`);
    assert.ok(lines.includes(`directory ${A} (PCoIP blocked)`));
    assert.ok(lines.includes(`directory ${B} (PCoIP may use the internet)`));
    assert.match(result.out, /^WORKSPACE +USER +PROTOCOL +VERDICT +SIGN-INS$/m);
    assert.match(
      result.out,
      new RegExp(
        `^${ws.bob} +bob +DCV +cut-off +203\\.0\\.113\\.5 outside macOS \\S+; 10\\.0\\.5\\.8 routed Windows \\S+$`,
        "m",
      ),
    );
    assert.equal(
      lines.at(-1),
      `${3 + FILLERS} private, 2 cut-off, 1 pcoip-internet, 1 pcoip-blocked, 2 unknown`,
    );
  });

  it("says what it could not read and the permission it needs, exit 2, when AWS refuses", async () => {
    const file = path.join(dir, "no-log.json");
    const outputsJson = JSON.parse(fs.readFileSync(outputs, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...outputsJson, signInLogGroupName: "/aws/events/not-there" }));
    const result = await run(["--outputs", file], now);
    assert.equal(result.status, 2);
    assert.equal(result.out, "");
    assert.match(
      result.err,
      /^cutover: could not read the sign-in log \/aws\/events\/not-there in ap-northeast-1: it does not exist \(yet\) \(ResourceNotFoundException: [^\n]*\); it needs logs:FilterLogEvents on that log group\n$/,
    );
  });

  it("says that no credentials were found, and how to give them, when there are none", async () => {
    const result = await withEnv(
      {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_CONFIG_FILE: "/nonexistent/config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
        AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
      },
      () => run(["--outputs", outputs], now),
    );
    assert.equal(result.status, 2);
    assert.match(
      result.err,
      new RegExp(
        `^cutover: could not read the WorkSpaces of directory ${A} in ap-northeast-1: no AWS credentials were found \\([^\\n]*\\); give them as the AWS CLI takes them: --profile NAME or AWS_PROFILE, aws sso login, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an instance role\\n$`,
      ),
    );
    assert.doesNotMatch(result.err, /it needs workspaces:/, "not a missing permission");
  });

  it("warns of an egress block larger than a /16, and counts it as routed", async () => {
    const result = await run(["--outputs", outputs, "--egress", "203.0.0.0/15", "--json"], now);
    assert.equal(
      result.err,
      "cutover: warning: egress: 203.0.0.0/15 is larger than a /16 (131,072 addresses); egress is usually a few NAT or proxy addresses, and every sign-in from this block counts as routed: narrow it if you can\n",
    );
    assert.equal(JSON.parse(result.out).directories.length, 2);
  });

  const usage: [string, (d: string) => string[], string][] = [
    ["an unknown option", () => ["--day", "7"], "cutover: Unknown option '--day' (did you mean --days?)"],
    [
      "no outputs file",
      () => [],
      "cutover: --outputs FILE is required: the JSON of `pulumi stack output --json`",
    ],
    [
      "a bad window",
      () => ["--outputs", "x", "--days", "0"],
      'cutover: --days "0": give whole days from 1 to 3653, e.g. 14',
    ],
    [
      "a missing outputs file",
      (d) => ["--outputs", path.join(d, "missing.json")],
      "cutover: --outputs {dir}/missing.json: cannot read it (ENOENT); write it with: pulumi stack output --json > {dir}/missing.json",
    ],
    [
      "a file that is not the stack's outputs (it would have said to overwrite it)",
      () => ["--outputs", path.join(ROOT, "README.md")],
      `cutover: --outputs ${path.join(ROOT, "README.md")}: is not JSON; give the stack's outputs instead: pulumi stack output --json > outputs.json, then --outputs outputs.json`,
    ],
    [
      "a JSON file that is not an object of outputs",
      (d) => {
        fs.writeFileSync(path.join(d, "list.json"), "[]");
        return ["--outputs", path.join(d, "list.json")];
      },
      "cutover: --outputs {dir}/list.json: is not an object of outputs; give the stack's outputs instead: pulumi stack output --json > outputs.json, then --outputs outputs.json",
    ],
    [
      "a directory the stack does not stream",
      () => ["--outputs", "{outputs}", "--directory", "d-0000000000"],
      "cutover: --directory d-0000000000: is not one of the stack's directories ({A}, {B})",
    ],
    [
      "a bad egress address",
      () => ["--outputs", "{outputs}", "--egress", "198.51.100.300"],
      'cutover: --egress "198.51.100.300": give IPv4 addresses or CIDR blocks, e.g. 198.51.100.7/32',
    ],
    [
      "an egress block with host bits",
      () => ["--outputs", "{outputs}", "--egress", "203.0.113.9/8"],
      'cutover: --egress "203.0.113.9/8": has host bits set; write 203.0.0.0/8 (or the address alone, 203.0.113.9, for just that one)',
    ],
    [
      "egress that covers the whole internet",
      () => ["--outputs", "{outputs}", "--egress", "0.0.0.0/0"],
      "cutover: --egress 0.0.0.0/0: with the stack's signInEgressCidrs, covers every IPv4 address (merged: 0.0.0.0/0): a sign-in from anywhere would count as routed, so the cut-over report and the preview would hide every user a cut-over cuts off; list your routed networks' NAT or proxy addresses, e.g. 198.51.100.7/32",
    ],
    [
      "egress that covers the whole internet in two halves",
      () => ["--outputs", "{outputs}", "--egress", "0.0.0.0/1,128.0.0.0/1"],
      "cutover: --egress 0.0.0.0/1,128.0.0.0/1: with the stack's signInEgressCidrs, covers every IPv4 address (merged: 0.0.0.0/0): a sign-in from anywhere would count as routed, so the cut-over report and the preview would hide every user a cut-over cuts off; list your routed networks' NAT or proxy addresses, e.g. 198.51.100.7/32",
    ],
  ];
  for (const [title, args, message] of usage) {
    it(`refuses ${title} in one line with the usage, exit 2`, async () => {
      const fill = (t: string) =>
        t
          .replace(/\{dir\}/g, dir)
          .replace(/\{outputs\}/g, outputs)
          .replace("{A}", A)
          .replace("{B}", B);
      const before = lab.pager.calls.DescribeWorkspaces ?? 0;
      const result = await run(args(dir).map(fill), now);
      assert.equal(result.status, 2);
      assert.equal(lab.pager.calls.DescribeWorkspaces ?? 0, before, "refused before any AWS read");
      const [first, second] = result.err.split("\n");
      assert.equal(first, fill(message));
      assert.match(second, /^usage: workspaces-privatelink cutover --outputs FILE/);
    });
  }

  it("refuses an outputs file from a stack without the sign-in log, saying how to get one", async () => {
    const file = path.join(dir, "old.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ region: REGION, directoryId: A, streamingClientCidrs: ["10.0.0.0/16"] }),
    );
    const result = await run(["--outputs", file], now);
    assert.equal(result.status, 2);
    assert.equal(
      result.err.split("\n")[0],
      `cutover: --outputs ${file}: has no signInLogGroupName output; the sign-in log is off (signInLog.enabled false) or the stack predates it: turn it on, deploy, and give users time to sign in`,
    );
  });

  it("ends a usage mistake without a stack trace, as a user runs it", () => {
    const result = runCommand("cutover/cli.ts", ["--bogus"]);
    assert.equal(result.status, 2);
    assert.equal(result.stderr.split("\n")[0], "cutover: Unknown option '--bogus'");
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
