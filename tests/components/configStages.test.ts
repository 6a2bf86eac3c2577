/** The configuration's stages on their own, each with a table: the value it resolves, and its problems. */
import { strict as assert } from "assert";
import {
  Keys,
  Stage,
  readClient,
  readClientNetwork,
  readClientRanges,
  readDirectory,
  readEndpoint,
  readKeys,
  readNetworks,
  readRegion,
} from "../../config/stages";
import { nearestInstanceType } from "../../components/preflight";
import { MOCK_OFFERED_INSTANCE_TYPES } from "../../scripts/mockCloud";

const P = "workspaces-privatelink";

/** The keys stage over a config of the project's keys (structured values as JSON, as the engine hands them). */
function keys(config: Record<string, unknown> = {}, region = "ap-northeast-1"): Keys {
  const all: Record<string, string> = { "aws:region": region };
  for (const [key, value] of Object.entries(config)) {
    all[key.includes(":") ? key : `${P}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return readKeys(all).value!;
}

const problems = (stage: Stage<unknown>) => stage.problems.map((p) => `${p.key}: ${p.message}`);

describe("the configuration's stages", () => {
  describe("readKeys", () => {
    const cases: [string, Record<string, string>, string[]][] = [
      ["accepts the project's and aws keys", { "aws:region": "x", [`${P}:internetAccess`]: "none" }, []],
      [
        "names an unknown key and the one it may mean",
        { [`${P}:internetAcess`]: "none" },
        [`${P}:internetAcess: is not a setting of workspaces-privatelink (did you mean "internetAccess"?)`],
      ],
      [
        "names a misspelled namespace",
        { "workspace-privatelink:internetAccess": "none" },
        [`workspace-privatelink:internetAccess: is in namespace "workspace-privatelink"`],
      ],
      [
        "reports a value its schema refuses",
        { [`${P}:internetAccess`]: "open" },
        [`${P}:internetAccess: "open" is not allowed`],
      ],
    ];
    for (const [title, all, expected] of cases) {
      it(title, () => {
        const found = problems(readKeys(all));
        assert.equal(found.length, expected.length, found.join("\n"));
        expected.forEach((start, i) => assert.ok(found[i].startsWith(start), found[i]));
      });
    }

    it("knows which given keys failed", () => {
      const k = keys({ internetAccess: "open", allowPcoipOverInternet: true });
      assert.deepEqual(
        [k.failed("internetAccess"), k.failed("allowPcoipOverInternet"), k.failed("client")],
        [true, false, false],
      );
    });
  });

  describe("readRegion", () => {
    const cases: [string | undefined, string][] = [
      ["ap-northeast-1", "ap-northeast-1 apne1 apne1-az1,apne1-az4"],
      ["eu-west-3", "eu-west-3 euw3 (no table)"],
      [
        "ap-northeast-3",
        'problem: "ap-northeast-3" is an AWS region without WorkSpaces, so nothing can stream there',
      ],
      ["ap-northeast-9", 'problem: "ap-northeast-9" is not an AWS region (did you mean "ap-northeast-1"?)'],
      ["ap-northeast1", 'problem: "ap-northeast1" is not an AWS region (did you mean "ap-northeast-1"?)'],
      [undefined, "problem: (not set) is not an AWS region"],
    ];
    for (const [given, expected] of cases) {
      it(`reads ${JSON.stringify(given)}`, () => {
        const stage = readRegion(given === undefined ? {} : { "aws:region": given });
        const r = stage.value;
        assert.equal(
          r
            ? `${r.name} ${r.azIdPrefix} ${r.workspacesAzIds?.join(",") ?? "(no table)"}`
            : `problem: ${stage.problems[0].message.split(";")[0]}`,
          expected,
        );
      });
    }
  });

  describe("readNetworks", () => {
    const region = readRegion({ "aws:region": "ap-northeast-1" }).value;
    const cases: [string, Record<string, unknown>, string][] = [
      ["defaults both networks", {}, "10.0.0.0/16 apne1-az1,apne1-az4 | 10.1.0.0/16 apne1-az1,apne1-az4"],
      [
        "takes the blocks and zones given",
        { sourceVpc: { cidr: "10.8.0.0/20", availabilityZoneIds: ["apne1-az4", "apne1-az1"] } },
        "10.8.0.0/20 apne1-az4,apne1-az1 | 10.1.0.0/16 apne1-az1,apne1-az4",
      ],
      [
        "refuses overlapping blocks",
        { workspacesVpc: { cidr: "10.0.128.0/17" } },
        `problem: ${P}:workspacesVpc.cidr: "10.0.128.0/17" overlaps sourceVpc.cidr "10.0.0.0/16"`,
      ],
      [
        "refuses a zone where WorkSpaces does not run",
        { workspacesVpc: { availabilityZoneIds: ["apne1-az1", "apne1-az2"] } },
        `problem: ${P}:workspacesVpc.availabilityZoneIds[1]: "apne1-az2" is not a zone where WorkSpaces Personal runs in ap-northeast-1`,
      ],
    ];
    for (const [title, config, expected] of cases) {
      it(title, () => {
        const stage = readNetworks(keys(config), region);
        const n = stage.value;
        assert.equal(
          stage.problems.length === 0 && n
            ? `${n.sourceVpc.cidr} ${n.sourceVpc.availabilityZoneIds.join(",")} | ${n.workspacesVpc.cidr} ${n.workspacesVpc.availabilityZoneIds.join(",")}`
            : `problem: ${problems(stage)[0].split(";")[0]}`,
          expected,
        );
      });
    }

    it("says nothing more when the region is already refused", () => {
      assert.deepEqual(readNetworks(keys(), undefined), { value: undefined, problems: [] });
    });
  });

  describe("readEndpoint and readClientRanges", () => {
    const sourceVpc = { cidr: "10.0.0.0/16", availabilityZoneIds: ["apne1-az1", "apne1-az4"] };
    const network = readClientNetwork(keys()).value!;
    const cases: [string, Record<string, unknown>, string][] = [
      ["defaults to the source VPC and its block", {}, "source 10.0.0.0/16"],
      [
        "normalises the ranges given",
        { streamingEndpoint: { allowedCidrs: ["192.168.1.0/24", "192.168.0.0/24", "10.0.0.0/8"] } },
        "source 10.0.0.0/8,192.168.0.0/23",
      ],
      [
        "needs ranges for the WorkSpaces VPC",
        { streamingEndpoint: { vpc: "workspaces" } },
        `problem: ${P}:streamingEndpoint.allowedCidrs: (not set) is required when streamingEndpoint.vpc is "workspaces"`,
      ],
      [
        "refuses the whole internet",
        { streamingEndpoint: { allowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] } },
        `problem: ${P}:streamingEndpoint.allowedCidrs: together covers 0.0.0.0/0`,
      ],
    ];
    for (const [title, config, expected] of cases) {
      it(title, () => {
        const endpoint = readEndpoint(keys(config), sourceVpc);
        const ranges = endpoint.value && readClientRanges(endpoint.value, network);
        const stage = ranges ?? endpoint;
        const found =
          stage.problems.length === 0 && stage.value
            ? `${stage.value.vpc} ${stage.value.allowedCidrs.join(",")}`
            : `problem: ${problems(stage)[0]}`;
        assert.ok(expected.startsWith("problem: ") ? found.startsWith(expected) : found === expected, found);
      });
    }

    it("warns about public ranges", () => {
      const endpoint = readEndpoint(
        keys({ streamingEndpoint: { allowedCidrs: ["203.0.113.0/24"] } }),
        sourceVpc,
      );
      assert.deepEqual(
        readClientRanges(endpoint.value!, network).warnings?.map((w) => w.split(";")[0]),
        [`${P}:streamingEndpoint.allowedCidrs: 203.0.113.0/24 is public address space`],
      );
    });
  });

  describe("readDirectory", () => {
    const cases: [string, Record<string, unknown>, string[] | undefined, string][] = [
      [
        "defaults to a Simple AD lab",
        { directoryAdminPassword: "Lab-Passw0rd!" },
        [`${P}:directoryAdminPassword`],
        "lab SimpleAD Small corp.example.com role",
      ],
      [
        "makes a Microsoft AD, with no size",
        {
          directory: { mode: "lab", type: "MicrosoftAD", name: "ad.example.com" },
          directoryAdminPassword: "Lab-Passw0rd!",
        },
        [`${P}:directoryAdminPassword`],
        "lab MicrosoftAD - ad.example.com role",
      ],
      [
        "brings an existing directory",
        { directory: { mode: "existing", directoryId: "d-1234567890" } },
        [],
        "existing d-1234567890",
      ],
      ["needs the lab's password", {}, [], `problem: ${P}:directoryAdminPassword`],
      [
        "refuses a password the existing mode does not use",
        {
          directory: { mode: "existing", directoryId: "d-1234567890" },
          directoryAdminPassword: "Lab-Passw0rd!",
        },
        [],
        `problem: ${P}:directoryAdminPassword`,
      ],
    ];
    for (const [title, config, secretKeys, expected] of cases) {
      it(title, () => {
        const stage = readDirectory(keys(config), secretKeys);
        const d = stage.value?.directory;
        assert.equal(
          stage.problems.length > 0 || !d
            ? `problem: ${stage.problems[0].key}`
            : d.mode === "existing"
              ? `existing ${d.directoryId}`
              : `lab ${d.type} ${d.size ?? "-"} ${d.name}${d.createWorkspacesDefaultRole ? " role" : ""}`,
          expected,
        );
      });
    }
  });

  describe("nearestInstanceType", () => {
    const cases: [string, string | undefined][] = [
      ["t3.mediun", "t3.medium"],
      ["m7i.larg", "m7i.large"],
      ["c5.lrge", "c5.large"],
      ["t3.medum", "t3.medium"],
      ["x9.large", undefined],
      ["z1d.large", undefined],
    ];
    for (const [wanted, expected] of cases) {
      it(`suggests ${JSON.stringify(expected)} for ${JSON.stringify(wanted)}`, () => {
        assert.equal(nearestInstanceType(wanted, MOCK_OFFERED_INSTANCE_TYPES), expected);
      });
    }
  });

  describe("readClientNetwork and readClient", () => {
    it("resolve their defaults", () => {
      assert.deepEqual(readClientNetwork(keys()).value, {
        dnsResolver: false,
        transitGatewayId: undefined,
        routeTableIds: [],
        rulesPerSecurityGroup: 60,
        routesPerRouteTable: 50,
      });
      assert.deepEqual(readClient(keys()).value, {
        enabled: true,
        instanceType: "t3.medium",
        keyName: undefined,
      });
    });

    it("take what is given", () => {
      assert.deepEqual(readClient(keys({ client: { enabled: "false", instanceType: "m7i.large" } })).value, {
        enabled: false,
        instanceType: "m7i.large",
        keyName: undefined,
      });
    });
  });
});
