/**
 * The policy pack, rule by rule: one compliant program, one changed thing per case, real type
 * matching (the programs run under Pulumi mocks and the pack sees what CrossGuard would), exact
 * messages. Then the offline check over the project's own stacks.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ASSOCIATION_TYPE } from "../providers/streamingEndpointAssociation";
import { checkStacks, snapshotOf } from "../policy/offline/check";
import { Finding, evaluate } from "../policy/offline/evaluate";
import { policies } from "../policy/policies";
import { runProgram } from "../scripts/mockProgram";
import { PROJECT_ROOT } from "../scripts/stackConfig";
import type { Variant } from "./fixtures/streamingProgram";

const FIXTURE = path.join(__dirname, "fixtures", "streamingProgram.ts");
const CLEAN = {
  directoryState: "REGISTERED",
  workspaceType: "PERSONAL",
  endpointEncryptionMode: "STANDARD_TLS",
  globalAcceleratorMode: "DISABLED",
  ipGroupIds: [] as string[],
  pcoipWorkspaceCount: 0,
  globalAcceleratorWorkspaceCount: 0,
};

type Observed = Partial<typeof CLEAN> & Record<string, unknown>;

/** Runs the fixture program with one variant and the given observations, and evaluates the pack. */
async function findings(
  variant: Variant = {},
  observed: Observed = {},
  config = {},
): Promise<Omit<Finding, "urn">[]> {
  const run = await runProgram({
    config: { "aws:region": "ap-northeast-1", "fixture:variant": JSON.stringify(variant) },
    program: FIXTURE,
    outputs: ({ type }) => (type === ASSOCIATION_TYPE ? { ...CLEAN, ...observed } : undefined),
  });
  const result = await evaluate(snapshotOf(run.resources, false), policies, config);
  return result.map(({ policy, level, message }) => ({ policy, level, message }));
}

const mandatory = (policy: string, message: string) => ({ policy, level: "mandatory", message });
const advisory = (policy: string, message: string) => ({ policy, level: "advisory", message });

describe("policy pack", function () {
  this.timeout(60_000);

  it("names every policy workspaces-streaming-<rule>, with a one-sentence description and an explicit level", () => {
    const names = policies.map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
    for (const policy of policies) {
      assert.match(policy.name, /^workspaces-streaming-[a-z0-9-]+$/);
      assert.ok(
        /^[A-Z].*\.$/.test(policy.description) && !/\.\s+[A-Z]/.test(policy.description),
        `${policy.name}: one sentence`,
      );
      assert.ok(["advisory", "mandatory"].includes(String(policy.enforcementLevel)), policy.name);
    }
  });

  describe("the pulumi-aws docs' streaming shape", () => {
    it("passes as written", async () => {
      assert.deepEqual(await findings(), []);
    });

    it("rejects its dualstack variant", async () => {
      assert.deepEqual(await findings({ ipAddressType: "dualstack", dnsRecordIpType: "dualstack" }), [
        mandatory(
          "workspaces-streaming-ipv4-only",
          'VpcEndpoint "workspaces" has ipAddressType "dualstack"; WorkSpaces streaming is IPv4 only: set ipAddressType "ipv4" and dnsOptions.dnsRecordIpType "ipv4".',
        ),
        mandatory(
          "workspaces-streaming-ipv4-only",
          'VpcEndpoint "workspaces" has dnsOptions.dnsRecordIpType "dualstack"; WorkSpaces streaming is IPv4 only: set ipAddressType "ipv4" and dnsOptions.dnsRecordIpType "ipv4".',
        ),
      ]);
    });
  });

  describe("the association shape (this project's)", () => {
    it("passes when the directory is clean", async () => {
      assert.deepEqual(await findings({ owner: "association" }), []);
    });
  });

  const cases: [string, Variant, Observed, ReturnType<typeof mandatory>[]][] = [
    [
      "rejects IPv6 DNS records",
      { dnsRecordIpType: "ipv6" },
      {},
      [
        mandatory(
          "workspaces-streaming-ipv4-only",
          'VpcEndpoint "workspaces" has dnsOptions.dnsRecordIpType "ipv6"; WorkSpaces streaming is IPv4 only: set ipAddressType "ipv4" and dnsOptions.dnsRecordIpType "ipv4".',
        ),
      ],
    ],
    [
      "rejects service-defined DNS records",
      { dnsRecordIpType: "service-defined" },
      {},
      [
        mandatory(
          "workspaces-streaming-ipv4-only",
          'VpcEndpoint "workspaces" has dnsOptions.dnsRecordIpType "service-defined"; WorkSpaces streaming is IPv4 only: set ipAddressType "ipv4" and dnsOptions.dnsRecordIpType "ipv4".',
        ),
      ],
    ],
    [
      "rejects a directory the association observed in FIPS mode",
      { owner: "association" },
      { endpointEncryptionMode: "FIPS_VALIDATED" },
      [
        mandatory(
          "workspaces-streaming-no-fips",
          `StreamingEndpointAssociation "streaming" streams directory d-0000000009, which is in FIPS_VALIDATED endpoint encryption; set the directory's endpoint encryption to STANDARD_TLS, or stream over the internet.`,
        ),
      ],
    ],
    [
      "rejects a resource in the program that sets FIPS on a streaming directory",
      { sets: { endpointEncryptionMode: "FIPS_VALIDATED" } },
      {},
      [
        mandatory(
          "workspaces-streaming-no-fips",
          'DirectorySetting "setting" sets endpointEncryptionMode "FIPS_VALIDATED" on a directory that streams through an endpoint; set the directory\'s endpoint encryption to STANDARD_TLS, or stream over the internet.',
        ),
      ],
    ],
    [
      "rejects directory-level Global Accelerator the association observed",
      { owner: "association" },
      { globalAcceleratorMode: "ENABLED_AUTO" },
      [
        mandatory(
          "workspaces-streaming-no-global-accelerator",
          `StreamingEndpointAssociation "streaming" streams directory d-0000000009, which has Global Accelerator ENABLED_AUTO; set the directory's streaming properties to Global Accelerator DISABLED.`,
        ),
      ],
    ],
    [
      "rejects WorkSpaces that turn Global Accelerator on",
      { owner: "association" },
      { globalAcceleratorWorkspaceCount: 2 },
      [
        mandatory(
          "workspaces-streaming-no-global-accelerator",
          `StreamingEndpointAssociation "streaming" streams directory d-0000000009, where 2 WorkSpaces have Global Accelerator ENABLED_AUTO; set them to INHERITED or DISABLED.`,
        ),
      ],
    ],
    [
      "rejects a resource in the program that turns Global Accelerator on for a streaming directory",
      { sets: { streamingProperties: { globalAccelerator: { mode: "ENABLED_AUTO" } } } },
      {},
      [
        mandatory(
          "workspaces-streaming-no-global-accelerator",
          'DirectorySetting "setting" sets streamingProperties.globalAccelerator.mode "ENABLED_AUTO" for a directory that streams through an endpoint; set it to DISABLED (or INHERITED for a WorkSpace).',
        ),
      ],
    ],
    [
      "explains the naming trap when the directory streams through a ...workspaces endpoint",
      { serviceName: "com.amazonaws.ap-northeast-1.workspaces" },
      {},
      [
        mandatory(
          "workspaces-streaming-right-service",
          'Directory "example" streams through VpcEndpoint "workspaces", which serves com.amazonaws.ap-northeast-1.workspaces (com.amazonaws.<region>.workspaces is the WorkSpaces API, ...workspaces-instances is WorkSpaces Core, ...workspaces-web is WorkSpaces Secure Browser, ...aps-workspaces is Managed Prometheus; only ...highlander carries streaming); point it at an Interface endpoint for com.amazonaws.<region>.highlander.',
        ),
      ],
    ],
    [
      "rejects an association that streams through an aps-workspaces endpoint",
      { owner: "association", serviceName: "com.amazonaws.ap-northeast-1.aps-workspaces" },
      {},
      [
        mandatory(
          "workspaces-streaming-right-service",
          'StreamingEndpointAssociation "streaming" streams through VpcEndpoint "workspaces", which serves com.amazonaws.ap-northeast-1.aps-workspaces (com.amazonaws.<region>.workspaces is the WorkSpaces API, ...workspaces-instances is WorkSpaces Core, ...workspaces-web is WorkSpaces Secure Browser, ...aps-workspaces is Managed Prometheus; only ...highlander carries streaming); point it at an Interface endpoint for com.amazonaws.<region>.highlander.',
        ),
      ],
    ],
    [
      "rejects a streaming endpoint with private DNS off",
      { privateDnsEnabled: false },
      {},
      [
        mandatory(
          "workspaces-streaming-private-dns",
          'VpcEndpoint "workspaces" has privateDnsEnabled false; set privateDnsEnabled: true, so that privatelink.prod.<region>.highlander.aws.a2z.com resolves to the endpoint (the VPC also needs DNS support and DNS hostnames).',
        ),
      ],
    ],
    [
      "rejects a streaming endpoint that leaves private DNS unset (pulumi-aws defaults it off)",
      { privateDnsEnabled: null },
      {},
      [
        mandatory(
          "workspaces-streaming-private-dns",
          'VpcEndpoint "workspaces" has privateDnsEnabled "unset (false)"; set privateDnsEnabled: true, so that privatelink.prod.<region>.highlander.aws.a2z.com resolves to the endpoint (the VPC also needs DNS support and DNS hostnames).',
        ),
      ],
    ],
    [
      "rejects a security group that does not admit UDP 4195",
      { omit: ["udp:4195"] },
      {},
      [
        mandatory(
          "workspaces-streaming-ports",
          'VpcEndpoint "workspaces" does not admit UDP 4195 in its security groups (workspaces_streaming); add ingress rules for them from the client ranges.',
        ),
      ],
    ],
    [
      "counts legacy aws.ec2.SecurityGroupRule resources too",
      { rules: "legacy", omit: ["tcp:443", "udp:443"] },
      {},
      [
        mandatory(
          "workspaces-streaming-ports",
          'VpcEndpoint "workspaces" does not admit TCP 443, UDP 443 in its security groups (workspaces_streaming); add ingress rules for them from the client ranges.',
        ),
      ],
    ],
    [
      "counts inline rules too",
      { rules: "inline", omit: ["tcp:4195"] },
      {},
      [
        mandatory(
          "workspaces-streaming-ports",
          'VpcEndpoint "workspaces" does not admit TCP 4195 in its security groups (workspaces_streaming); add ingress rules for them from the client ranges.',
        ),
      ],
    ],
    [
      "rejects rules open to the whole internet",
      { cidr: "0.0.0.0/0", omit: ["tcp:4195", "udp:4195"] },
      {},
      [
        mandatory(
          "workspaces-streaming-ports",
          'VpcEndpoint "workspaces" does not admit TCP 4195, UDP 4195 in its security groups (workspaces_streaming); add ingress rules for them from the client ranges.',
        ),
        mandatory(
          "workspaces-streaming-ports",
          'SecurityGroupIngressRule "workspaces_streaming_tcp_443" admits 0.0.0.0/0 to streaming VpcEndpoint "workspaces"; list the client ranges instead.',
        ),
        mandatory(
          "workspaces-streaming-ports",
          'SecurityGroupIngressRule "workspaces_streaming_udp_443" admits 0.0.0.0/0 to streaming VpcEndpoint "workspaces"; list the client ranges instead.',
        ),
      ],
    ],
    [
      "rejects a streaming endpoint with no security group of its own",
      { noSecurityGroup: true },
      {},
      [
        mandatory(
          "workspaces-streaming-ports",
          `VpcEndpoint "workspaces" names no security group, so it gets the VPC's default group; give it one that admits TCP/UDP 443 and 4195 from the client ranges.`,
        ),
      ],
    ],
    [
      "advises against an egress rule on the endpoint's group",
      { egress: "standalone" },
      {},
      [
        advisory(
          "workspaces-streaming-no-egress",
          'SecurityGroup "workspaces_streaming" of streaming VpcEndpoint "workspaces" has egress rules (SecurityGroupEgressRule "workspaces_streaming_out"); remove them: the endpoint only answers.',
        ),
      ],
    ],
    [
      "advises against an inline egress block",
      { egress: "inline" },
      {},
      [
        advisory(
          "workspaces-streaming-no-egress",
          'SecurityGroup "workspaces_streaming" of streaming VpcEndpoint "workspaces" has egress rules (SecurityGroup "workspaces_streaming"); remove them: the endpoint only answers.',
        ),
      ],
    ],
    [
      "rejects a Pools directory with a streaming endpoint",
      { workspaceType: "POOLS" },
      {},
      [
        mandatory(
          "workspaces-streaming-personal-only",
          'Directory "example" is a POOLS directory with a streaming endpoint; stream Pools over the internet, or use a PERSONAL directory.',
        ),
      ],
    ],
    [
      "rejects an association to a directory it observed as Pools",
      { owner: "association" },
      { workspaceType: "POOLS" },
      [
        mandatory(
          "workspaces-streaming-personal-only",
          'StreamingEndpointAssociation "streaming" streams directory d-0000000009, which is a POOLS directory; stream Pools over the internet, or use a PERSONAL directory.',
        ),
      ],
    ],
    [
      "rejects two owners of one directory's streaming endpoint",
      { owner: "both" },
      {},
      [
        mandatory(
          "workspaces-streaming-one-owner",
          'Directory "example" sets workspaceAccessProperties.accessEndpointConfig and StreamingEndpointAssociation "streaming" sets the same directory\'s streaming endpoint; remove accessEndpointConfig from the directory and add ignoreChanges: ["workspaceAccessProperties.accessEndpointConfig"], or drop the association.',
        ),
      ],
    ],
    [
      "advises when PCoIP WorkSpaces would become unreachable",
      { owner: "association" },
      { pcoipWorkspaceCount: 3 },
      [
        advisory(
          "workspaces-streaming-pcoip-reachability",
          'StreamingEndpointAssociation "streaming" disallows PCoIP over the internet while directory d-0000000009 has 3 PCoIP WorkSpaces; they will fail with "Invalid State Error": set allowPcoipOverInternet: true, or migrate them to DCV.',
        ),
      ],
    ],
    [
      "stays quiet about PCoIP WorkSpaces when PCoIP may use the internet",
      { owner: "association", allowPcoipOverInternet: true },
      { pcoipWorkspaceCount: 3 },
      [],
    ],
    [
      "advises that IP access control groups stop applying",
      { ipGroupIds: ["wsipg-abc123"] },
      {},
      [
        advisory(
          "workspaces-streaming-ip-access-groups",
          'Directory "example" has IP access control groups (wsipg-abc123) and a streaming endpoint; they will not apply: restrict clients with the endpoint\'s security group instead.',
        ),
      ],
    ],
    [
      "advises about IP access control groups the association observed",
      { owner: "association" },
      { ipGroupIds: ["wsipg-def456"] },
      [
        advisory(
          "workspaces-streaming-ip-access-groups",
          'StreamingEndpointAssociation "streaming" streams directory d-0000000009, which has IP access control groups (wsipg-def456); they will not apply: restrict clients with the endpoint\'s security group instead.',
        ),
      ],
    ],
    [
      "accepts an all-traffic ingress rule from the clients as admitting the four ports",
      { rules: "all-traffic" },
      {},
      [],
    ],
  ];
  for (const [title, variant, observed, expected] of cases) {
    it(title, async () => {
      assert.deepEqual(await findings(variant, observed), expected);
    });
  }

  describe("policy config", () => {
    it("can raise an advisory policy to mandatory", async () => {
      const result = await findings(
        { egress: "standalone" },
        {},
        { "workspaces-streaming-no-egress": "mandatory" },
      );
      assert.deepEqual(
        result.map((f) => [f.policy, f.level]),
        [["workspaces-streaming-no-egress", "mandatory"]],
      );
    });

    it("can disable a mandatory policy", async () => {
      const result = await findings(
        { omit: ["udp:4195"] },
        {},
        { "workspaces-streaming-ports": { enforcementLevel: "disabled" } },
      );
      assert.deepEqual(result, []);
    });
  });

  describe("values unknown during preview", () => {
    it("makes the rules that need them say they could not decide, without guessing", async () => {
      const run = await runProgram({
        config: {
          "aws:region": "ap-northeast-1",
          "fixture:variant": JSON.stringify({ owner: "association" }),
        },
        program: FIXTURE,
      });
      const result = await evaluate(snapshotOf(run.resources), policies);
      assert.deepEqual(
        result.map(({ policy, level, message }) => [policy, level, message]),
        [
          [
            "workspaces-streaming-no-fips",
            "advisory",
            "could not decide: string value at .endpointEncryptionMode can't be known during preview",
          ],
          [
            "workspaces-streaming-no-global-accelerator",
            "advisory",
            "could not decide: string value at .globalAcceleratorMode can't be known during preview",
          ],
          [
            "workspaces-streaming-personal-only",
            "advisory",
            "could not decide: string value at .workspaceType can't be known during preview",
          ],
          [
            "workspaces-streaming-pcoip-reachability",
            "advisory",
            "could not decide: number value at .pcoipWorkspaceCount can't be known during preview",
          ],
          [
            "workspaces-streaming-ip-access-groups",
            "advisory",
            "could not decide: Array value at .ipGroupIds can't be known during preview",
          ],
        ],
      );
    });
  });

  describe("offline check", () => {
    it("passes the project's own dev and prod stacks (no mandatory finding)", async () => {
      const result = await checkStacks();
      assert.deepEqual(Object.keys(result.resources), ["dev", "prod"]);
      assert.deepEqual(result.rejected, []);
      assert.equal(result.mandatory, 0);
      assert.deepEqual(
        result.findings.filter((f) => !f.message.startsWith("could not decide")),
        [],
      );
    });

    it("fails a stack whose config opens the endpoint to the internet, naming the setting, and exits non-zero", async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
      try {
        fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
        const prod = fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8");
        // The whole internet, split in two: the program refuses it like 0.0.0.0/0 itself.
        fs.writeFileSync(
          path.join(root, "Pulumi.open.yaml"),
          prod.replace("- 192.168.0.0/16", "- 0.0.0.0/1\n      - 128.0.0.0/1"),
        );

        const result = await checkStacks({ root, program: path.join(PROJECT_ROOT, "index.ts") });
        assert.deepEqual(result.rejected, [
          {
            stack: "open",
            message:
              "The stack configuration has 1 problem; nothing was deployed:\n" +
              '  - workspaces-privatelink:streamingEndpoint.allowedCidrs: together covers 0.0.0.0/0: every IPv4 address on the internet. PrivateLink clients arrive over private routing (VPN, Direct Connect, peering); list their ranges, e.g. ["192.168.0.0/16"]',
          },
        ]);

        const cli = spawnSync(
          process.execPath,
          [
            require.resolve("ts-node/dist/bin"),
            "--transpile-only",
            path.join(PROJECT_ROOT, "policy", "offline", "check.ts"),
            "--root",
            root,
          ],
          { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 60_000 },
        );
        assert.equal(cli.status, 1, cli.stderr);
        assert.match(
          cli.stdout,
          /^stack open: the program rejected its configuration:\n.*\n.*together covers 0\.0\.0\.0\/0/m,
        );
        assert.match(cli.stdout, /^0 mandatory, 0 advisory; checked no stack; rejected: open$/m);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });
});
