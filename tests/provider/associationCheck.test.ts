/** check and diff of the StreamingEndpointAssociation provider: pure, no AWS call. */
import { strict as assert } from "assert";
import { signInLogGroupName } from "../../components/signInLog";
import * as fs from "fs";
import * as path from "path";
import { StreamingEndpointAssociationProvider } from "../../providers/streamingEndpointAssociation";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const good = {
  directoryId: "d-1234567890",
  vpcEndpointId: "vpce-0123456789abcdef0",
  region: "ap-northeast-1",
};

describe("StreamingEndpointAssociation check", () => {
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("normalises the defaults of allowPcoipOverInternet, ownDns and takeOver", async () => {
    const result = await new StreamingEndpointAssociationProvider().check({}, good);
    assert.deepEqual(result, {
      inputs: { ...good, allowPcoipOverInternet: false, ownDns: false, takeOver: false },
      failures: [],
    });
  });

  it("refuses a takeOver that is not true or false", async () => {
    const result = await new StreamingEndpointAssociationProvider().check({}, { ...good, takeOver: "yes" });
    assert.deepEqual(result.failures, [
      { property: "takeOver", reason: 'takeOver: "yes" must be true or false' },
    ]);
  });

  it("records the endpoint the resource set last, which an update may write over (the pack reads it at preview)", async () => {
    const provider = new StreamingEndpointAssociationProvider();
    const updated = await provider.check({ ...good, vpcEndpointId: "vpce-0aaaaaaaaaaaaaaa1" }, good);
    assert.equal(updated.inputs?.previousVpcEndpointId, "vpce-0aaaaaaaaaaaaaaa1");
    const created = await provider.check({}, good);
    assert.equal("previousVpcEndpointId" in created.inputs!, false);
  });

  it("changes nothing when only takeOver changes: no write, no replacement", async () => {
    const provider = new StreamingEndpointAssociationProvider();
    const olds = { ...good, allowPcoipOverInternet: false, ownDns: false, takeOver: false };
    assert.deepEqual(await provider.diff("d-1234567890", olds as never, { ...olds, takeOver: true }), {
      changes: false,
      replaces: [],
    });
  });

  const ids: [string, string, string | undefined][] = [
    ["the shortest Personal directory ID the model allows", "d-0123abcd", undefined],
    ["a 63-digit Personal directory ID", `d-${"a".repeat(63)}`, undefined],
    [
      "a Pools directory ID",
      "wsd-0123abcd9",
      'directoryId: "wsd-0123abcd9" is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only, so Pools cannot use an endpoint',
    ],
    [
      "upper-case hex",
      "d-0123ABCD89",
      'directoryId: "d-0123ABCD89" is not a WorkSpaces Personal directory ID ("d-" and 8 to 63 hex digits); pass the directory\'s directoryId',
    ],
  ];
  for (const [title, directoryId, reason] of ids) {
    it(`judges ${title} as the WorkSpaces API model does`, async () => {
      const result = await new StreamingEndpointAssociationProvider().check({}, { ...good, directoryId });
      assert.deepEqual(result.failures, reason ? [{ property: "directoryId", reason }] : []);
    });
  }

  it("returns no undefined anywhere, even with no region at all (the host's Struct conversion has none)", async () => {
    const saved = [process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION];
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      const result = await new StreamingEndpointAssociationProvider().check(
        {},
        { directoryId: "d-1234567890", vpcEndpointId: "vpce-0a1b2c3d" },
      );
      assert.ok(
        !JSON.stringify(result.inputs).includes("undefined") &&
          !Object.values(result.inputs!).includes(undefined),
      );
      assert.deepEqual(Object.keys(result.inputs!).sort(), [
        "allowPcoipOverInternet",
        "directoryId",
        "ownDns",
        "takeOver",
        "vpcEndpointId",
      ]);
    } finally {
      [process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION] = saved;
      for (const [key, value] of [
        ["AWS_REGION", saved[0]],
        ["AWS_DEFAULT_REGION", saved[1]],
      ] as const) {
        if (value === undefined) delete process.env[key];
      }
    }
  });

  it("accepts 8-digit endpoint IDs", async () => {
    const result = await new StreamingEndpointAssociationProvider().check(
      {},
      { ...good, vpcEndpointId: "vpce-0a1b2c3d" },
    );
    assert.deepEqual(result.failures, []);
  });

  const bad: [string, Record<string, unknown>, { property: string; reason: string }[]][] = [
    [
      "a malformed directory ID",
      { directoryId: "d-12345" },
      [
        {
          property: "directoryId",
          reason:
            'directoryId: "d-12345" is not a WorkSpaces Personal directory ID ("d-" and 8 to 63 hex digits); pass the directory\'s directoryId',
        },
      ],
    ],
    [
      "a VPC ID where the endpoint ID belongs",
      { vpcEndpointId: "vpc-0123456789abcdef0" },
      [
        {
          property: "vpcEndpointId",
          reason:
            'vpcEndpointId: "vpc-0123456789abcdef0" is not a VPC endpoint ID ("vpce-..."); pass the endpoint\'s id',
        },
      ],
    ],
    [
      "a flag written as text",
      { allowPcoipOverInternet: "yes" },
      [{ property: "allowPcoipOverInternet", reason: 'allowPcoipOverInternet: "yes" must be true or false' }],
    ],
    [
      "a malformed region",
      { region: "tokyo" },
      [{ property: "region", reason: 'region: "tokyo" is not an AWS region, e.g. ap-northeast-1' }],
    ],
    [
      "a missing region with no stack or environment region",
      { region: undefined },
      [
        {
          property: "region",
          reason: "region: (not set) is required; pass region, or set aws:region or AWS_REGION",
        },
      ],
    ],
  ];
  for (const [what, change, failures] of bad) {
    it(`reports ${what}, naming the property and the fix`, async () => {
      const result = await new StreamingEndpointAssociationProvider().check({}, { ...good, ...change });
      assert.deepEqual(result.failures, failures);
    });
  }

  it("lets values unknown during preview through", async () => {
    const result = await new StreamingEndpointAssociationProvider().check(
      {},
      { ...good, vpcEndpointId: UNKNOWN, directoryId: UNKNOWN },
    );
    assert.deepEqual(result.failures, []);
    assert.equal(result.inputs!.vpcEndpointId, UNKNOWN);
  });

  it("falls back to the stack's aws:region, then AWS_REGION", async () => {
    const provider = new StreamingEndpointAssociationProvider();
    process.env.AWS_REGION = "eu-west-1";
    const { region: _r, ...noRegion } = good;
    assert.equal((await provider.check({}, noRegion)).inputs!.region, "eu-west-1");
    await provider.configure({
      config: { get: (k) => (k === "aws:region" ? "us-west-2" : undefined), require: () => "" },
    });
    assert.equal((await provider.check({}, noRegion)).inputs!.region, "us-west-2");
  });
});

describe("StreamingEndpointAssociation diff", () => {
  const olds = { ...good, allowPcoipOverInternet: false, directoryState: "REGISTERED", warnings: [] };
  const cases: [
    string,
    Record<string, unknown>,
    Record<string, unknown>,
    { changes: boolean; replaces: string[] },
  ][] = [
    [
      "no change for equal inputs",
      olds,
      { ...good, allowPcoipOverInternet: false },
      { changes: false, replaces: [] },
    ],
    [
      "no change against older state that lacked the flag and the region",
      { directoryId: good.directoryId, vpcEndpointId: good.vpcEndpointId },
      { ...good, allowPcoipOverInternet: false },
      { changes: false, replaces: [] },
    ],
    [
      "an in-place update for a new endpoint",
      olds,
      { ...good, vpcEndpointId: "vpce-0a1b2c3d" },
      { changes: true, replaces: [] },
    ],
    [
      "an in-place update for the PCoIP flag",
      olds,
      { ...good, allowPcoipOverInternet: true },
      { changes: true, replaces: [] },
    ],
    [
      "a replacement for another directory",
      olds,
      { ...good, directoryId: "d-0987654321" },
      { changes: true, replaces: ["directoryId"] },
    ],
    [
      "a replacement for another region",
      olds,
      { ...good, region: "us-east-1" },
      { changes: true, replaces: ["region"] },
    ],
    [
      "an update when the endpoint is not known yet",
      olds,
      { ...good, vpcEndpointId: UNKNOWN },
      { changes: true, replaces: [] },
    ],
  ];
  for (const [what, before, after, expected] of cases) {
    it(`gives ${what}`, async () => {
      const diff = await new StreamingEndpointAssociationProvider().diff(
        good.directoryId,
        before as never,
        after,
      );
      assert.deepEqual(diff, expected);
    });
  }
});

describe("StreamingEndpointAssociation IAM policy", () => {
  it("is shown in docs/reference.md exactly as shipped in providers/iam-policy.json", () => {
    const root = path.join(__dirname, "..", "..");
    const shipped = JSON.parse(fs.readFileSync(path.join(root, "providers", "iam-policy.json"), "utf8"));
    const page = fs.readFileSync(path.join(root, "docs", "reference.md"), "utf8");
    const section = page.slice(page.indexOf("### The association and the preview read"));
    const block = /```json\n([\s\S]*?)\n```/.exec(section);
    assert.ok(block, "docs/reference.md has a json block in the association's IAM policy section");
    assert.deepEqual(JSON.parse(block[1]), shipped);
  });

  it("lets the preview read the sign-in log of every name the component gives it, and no other group", () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "..", "providers", "iam-policy.json"), "utf8");
    const statement = (
      JSON.parse(text) as { Statement: { Action: string[]; Resource: string }[] }
    ).Statement.find((st) => st.Action.includes("logs:FilterLogEvents"))!;
    // IAM's wildcard: * matches any characters, "/" included.
    const glob = new RegExp(
      `^${statement.Resource.split("*")
        .map((p) => p.replace(/[.$^()[\]{}+?|\\/]/g, "\\$&"))
        .join(".*")}$`,
    );
    const arn = (group: string) => `arn:aws:logs:ap-northeast-1:123456789012:log-group:${group}`;
    for (const [project, stack] of [
      ["workspaces-privatelink", "prod"],
      ["landing-zone-streaming", "prod-streaming"],
    ]) {
      assert.match(arn(signInLogGroupName(project, stack)), glob);
    }
    assert.doesNotMatch(arn("/aws/lambda/payroll"), glob);
  });

  it("names no partition, so it works in every one (aws, aws-cn, aws-us-gov)", () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "..", "providers", "iam-policy.json"), "utf8");
    assert.doesNotMatch(text, /arn:aws[a-z-]*:/);
    const resources = (JSON.parse(text) as { Statement: { Resource: string }[] }).Statement.map(
      (s) => s.Resource,
    );
    assert.deepEqual(resources, [
      "*",
      "arn:*:workspaces:*:*:directory/*",
      "*",
      "arn:*:logs:*:*:log-group:/aws/events/*/sign-ins",
    ]);
  });
});
