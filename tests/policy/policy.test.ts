/**
 * The policy pack, rule by rule: one compliant program, one changed thing per case, real type
 * matching (the programs run under Pulumi mocks and the pack sees what CrossGuard would), exact
 * messages. Then the offline check over the project's own stacks.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ASSOCIATION_TYPE } from "../../providers/streamingEndpointAssociation";
import { checkStacks, snapshotOf } from "../../scripts/policyCheck";
import { Finding, UNKNOWN, evaluate } from "../../policy/offline/evaluate";
import { policies } from "../../policy/policies";
import { runProgram } from "../standins/mockProgram";
import { labProd, prodSwitched, prodWithDirectories, projectWith, runCommand } from "../standins/project";
import { PROJECT_ROOT, readStackConfig } from "../../scripts/stackConfig";
import { CLEAN_OBSERVATION } from "../../scripts/mockCloud";
import type { Variant } from "../fixtures/streamingProgram";
import { parse, stringify } from "yaml";

const FIXTURE = path.join(__dirname, "..", "fixtures", "streamingProgram.ts");
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

/** The rules that need to know what the directory is (FIPS, Global Accelerator, type, PCoIP, IP groups). */
const FACT_POLICIES = [
  "workspaces-streaming-no-fips",
  "workspaces-streaming-no-global-accelerator",
  "workspaces-streaming-personal-only",
  "workspaces-streaming-pcoip-reachability",
  "workspaces-streaming-ip-access-groups",
];

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

  it("imports nothing outside policy/, so `pulumi policy publish` can publish it on its own", () => {
    const root = path.join(PROJECT_ROOT, "policy");
    const files = fs
      .readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.startsWith("node_modules"));
    assert.ok(files.length > 10);
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      for (const [, target] of text.matchAll(/(?:from|require\()\s*"(\.[^"]*)"/g)) {
        const resolved = path.resolve(path.dirname(path.join(root, file)), target);
        assert.ok(resolved.startsWith(root + path.sep), `${file} imports ${target}, outside policy/`);
      }
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), [
      "@pulumi/aws",
      "@pulumi/policy",
      "@pulumi/pulumi",
      "cidr-tools",
      "typescript", // Pulumi's policy host compiles the pack's TypeScript with ts-node, which needs it
    ]);
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
      "accepts service-defined DNS records on an IPv4 endpoint (they are IPv4 records there)",
      { dnsRecordIpType: "service-defined" },
      {},
      [],
    ],
    [
      "rejects service-defined DNS records on a dualstack endpoint",
      { dnsRecordIpType: "service-defined", ipAddressType: "dualstack" },
      {},
      [
        mandatory(
          "workspaces-streaming-ipv4-only",
          'VpcEndpoint "workspaces" has ipAddressType "dualstack"; WorkSpaces streaming is IPv4 only: set ipAddressType "ipv4" and dnsOptions.dnsRecordIpType "ipv4".',
        ),
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
          'VpcEndpoint "workspaces" has privateDnsEnabled false; set privateDnsEnabled: true, so that privatelink.prod.<region>.highlander.aws.a2z.com resolves to the endpoint (the VPC also needs DNS support and DNS hostnames), or run a private hosted zone of your own for that name.',
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
          'VpcEndpoint "workspaces" has privateDnsEnabled "unset (false)"; set privateDnsEnabled: true, so that privatelink.prod.<region>.highlander.aws.a2z.com resolves to the endpoint (the VPC also needs DNS support and DNS hostnames), or run a private hosted zone of your own for that name.',
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

  describe("deciding at preview", () => {
    /** The fixture as a first preview shows it: the association's observations unknown. */
    async function atPreview(variant: Variant, facts?: unknown) {
      const run = await runProgram({
        config: { "aws:region": "ap-northeast-1", "fixture:variant": JSON.stringify(variant) },
        program: FIXTURE,
      });
      const snapshot = snapshotOf(run.resources);
      if (facts !== undefined) {
        snapshot
          .filter((r) => r.type === ASSOCIATION_TYPE)
          .forEach((r) => (r.outputs.directoryFacts = facts));
      }
      return (await evaluate(snapshot, policies)).map(({ policy, level, message }) => ({
        policy,
        level,
        message,
      }));
    }

    it("decides a directory this stack registers from what the stack declares", async () => {
      assert.deepEqual(await atPreview({ owner: "association" }), []);
    });

    it("still judges what the stack declares on that directory (Pools, IP groups)", async () => {
      assert.deepEqual(await atPreview({ owner: "association", workspaceType: "POOLS" }), [
        mandatory(
          "workspaces-streaming-personal-only",
          'Directory "example" is a POOLS directory with a streaming endpoint; stream Pools over the internet, or use a PERSONAL directory.',
        ),
      ]);
    });

    it("decides an existing directory from the facts the program read during preview", async () => {
      const read = {
        source: "read from WorkSpaces in ap-northeast-1 during preview",
        workspaceType: "PERSONAL",
        endpointEncryptionMode: "FIPS_VALIDATED",
        globalAcceleratorMode: "DISABLED",
        ipGroupIds: [],
        pcoipWorkspaceCount: 0,
        globalAcceleratorWorkspaceCount: 2,
      };
      assert.deepEqual(await atPreview({ owner: "association", secondAssociation: false }, read), [
        mandatory(
          "workspaces-streaming-no-fips",
          'StreamingEndpointAssociation "streaming" streams directory d-0000000009, which is in FIPS_VALIDATED endpoint encryption; set the directory\'s endpoint encryption to STANDARD_TLS, or stream over the internet.',
        ),
        mandatory(
          "workspaces-streaming-no-global-accelerator",
          'StreamingEndpointAssociation "streaming" streams directory d-0000000009, where 2 WorkSpaces have Global Accelerator ENABLED_AUTO; set them to INHERITED or DISABLED.',
        ),
      ]);
    });

    it("says once per rule why it could not decide when the read failed (no credentials)", async () => {
      const failed = {
        source: "read during preview",
        unknown:
          "could not read directory d-0000000009 in ap-northeast-1 (CredentialsProviderError: Could not load credentials from any providers)",
      };
      assert.deepEqual(
        await atPreview({ owner: "association" }, failed),
        FACT_POLICIES.map((policy) =>
          advisory(
            policy,
            'could not decide: StreamingEndpointAssociation "streaming": could not read directory d-0000000009 in ap-northeast-1 (CredentialsProviderError: Could not load credentials from any providers)',
          ),
        ),
      );
    });

    it("could not decide a directory outside the stack without facts, and says why", async () => {
      const run = await runProgram({
        config: { "aws:region": "ap-northeast-1" },
        program: require.resolve("../fixtures/twoAssociations"),
      });
      const result = await evaluate(snapshotOf(run.resources), policies);
      // Their endpoints are not in the stack either: what they are is known only to AWS, too.
      assert.deepEqual(
        result.filter((f) => f.message.startsWith("could not decide")).map((f) => f.policy),
        [...FACT_POLICIES.slice(0, 2), "workspaces-streaming-found-endpoint", ...FACT_POLICIES.slice(2)],
      );
      assert.match(
        result[0].message,
        /^could not decide: StreamingEndpointAssociation "first": directory d-1111111111 is not managed by this stack, and its settings are known only to AWS \(pulumi preview with credentials reads them\)/,
      );
    });
  });

  describe("evasions", () => {
    const open = (resource: string, cidr: string, endpoint = 'VpcEndpoint "workspaces"') =>
      mandatory(
        "workspaces-streaming-ports",
        `${resource} admits ${cidr} to streaming ${endpoint}; list the client ranges instead.`,
      );
    const evasions: [string, Variant, ReturnType<typeof mandatory>[]][] = [
      [
        "the whole internet split across rules (0.0.0.0/1 and 128.0.0.0/1)",
        { cidr: "0.0.0.0/1", extraCidrs: ["128.0.0.0/1"] },
        [
          mandatory(
            "workspaces-streaming-ports",
            'SecurityGroupIngressRule "workspaces_streaming_tcp_443", SecurityGroupIngressRule "extra_0_tcp_443" together admit the whole internet (0.0.0.0/1, 128.0.0.0/1) on TCP 443 to streaming VpcEndpoint "workspaces"; list the client ranges instead.',
          ),
          mandatory(
            "workspaces-streaming-ports",
            'SecurityGroupIngressRule "workspaces_streaming_tcp_4195", SecurityGroupIngressRule "extra_0_tcp_4195" together admit the whole internet (0.0.0.0/1, 128.0.0.0/1) on TCP 4195 to streaming VpcEndpoint "workspaces"; list the client ranges instead.',
          ),
          mandatory(
            "workspaces-streaming-ports",
            'SecurityGroupIngressRule "workspaces_streaming_udp_443", SecurityGroupIngressRule "extra_0_udp_443" together admit the whole internet (0.0.0.0/1, 128.0.0.0/1) on UDP 443 to streaming VpcEndpoint "workspaces"; list the client ranges instead.',
          ),
          mandatory(
            "workspaces-streaming-ports",
            'SecurityGroupIngressRule "workspaces_streaming_udp_4195", SecurityGroupIngressRule "extra_0_udp_4195" together admit the whole internet (0.0.0.0/1, 128.0.0.0/1) on UDP 4195 to streaming VpcEndpoint "workspaces"; list the client ranges instead.',
          ),
        ],
      ],
      [
        "the whole IPv6 internet in an inline rule",
        { rules: "inline", cidrs: ["10.0.0.0/16", "::/0"] },
        Array.from({ length: 4 }, () => open('SecurityGroup "workspaces_streaming"', "::/0")),
      ],
      [
        "a legacy rule whose own blocks split the internet",
        { rules: "legacy", cidrs: ["0.0.0.0/1", "128.0.0.0/1"] },
        ["tcp_443", "tcp_4195", "udp_443", "udp_4195"].map((p) =>
          mandatory(
            "workspaces-streaming-ports",
            `SecurityGroupRule "workspaces_streaming_${p}" admits 0.0.0.0/1, 128.0.0.0/1, which together cover the whole internet (0.0.0.0/0), to streaming VpcEndpoint "workspaces"; list the client ranges instead.`,
          ),
        ),
      ],
      [
        "a managed prefix list holding 0.0.0.0/0",
        { prefixList: ["10.1.0.0/16", "0.0.0.0/0"] },
        ["tcp_443", "tcp_4195", "udp_443", "udp_4195"].map((p) =>
          open(`SecurityGroupIngressRule "clients_${p}"`, "0.0.0.0/0"),
        ),
      ],
      [
        "an aws.ec2.DefaultSecurityGroup open to the internet, used by an endpoint that names no group",
        { noSecurityGroup: true, defaultGroupIngress: "0.0.0.0/0" },
        [
          mandatory(
            "workspaces-streaming-ports",
            'VpcEndpoint "workspaces" names no security group, so it gets the VPC\'s default group; give it one that admits TCP/UDP 443 and 4195 from the client ranges.',
          ),
          ...Array.from({ length: 4 }, () => open('DefaultSecurityGroup "example-default"', "0.0.0.0/0")),
        ],
      ],
      [
        "the VPC's default group named by vpc.defaultSecurityGroupId, opened by standalone rules",
        { vpcDefaultGroup: true },
        ["tcp_443", "tcp_4195", "udp_443", "udp_4195"].map((p) =>
          open(`SecurityGroupIngressRule "default_${p}"`, "0.0.0.0/0"),
        ),
      ],
      [
        "an open group attached with aws.ec2.SecurityGroupAssociation",
        { attachedGroup: "0.0.0.0/0" },
        ["tcp_443", "tcp_4195", "udp_443", "udp_4195"].map((p) =>
          open(`SecurityGroupIngressRule "attached_${p}"`, "0.0.0.0/0"),
        ),
      ],
      [
        "another region's highlander",
        { owner: "association", serviceName: "com.amazonaws.us-east-1.highlander" },
        [
          mandatory(
            "workspaces-streaming-right-service",
            "VpcEndpoint \"workspaces\" serves us-east-1's streaming service, but it and its directory are in ap-northeast-1; the endpoint must be in the directory's region: use com.amazonaws.ap-northeast-1.highlander.",
          ),
        ],
      ],
      [
        "an upper-case service name",
        { serviceName: "COM.AMAZONAWS.AP-NORTHEAST-1.HIGHLANDER" },
        [
          mandatory(
            "workspaces-streaming-right-service",
            'VpcEndpoint "workspaces" names the service "COM.AMAZONAWS.AP-NORTHEAST-1.HIGHLANDER"; write it exactly "com.amazonaws.ap-northeast-1.highlander" (lower case, no spaces), as AWS names it.',
          ),
        ],
      ],
      [
        "a service name with surrounding whitespace, which still hides no dualstack",
        { serviceName: " com.amazonaws.ap-northeast-1.highlander ", ipAddressType: "dualstack" },
        [
          mandatory(
            "workspaces-streaming-ipv4-only",
            'VpcEndpoint "workspaces" has ipAddressType "dualstack"; WorkSpaces streaming is IPv4 only: set ipAddressType "ipv4" and dnsOptions.dnsRecordIpType "ipv4".',
          ),
          mandatory(
            "workspaces-streaming-right-service",
            'VpcEndpoint "workspaces" names the service " com.amazonaws.ap-northeast-1.highlander "; write it exactly "com.amazonaws.ap-northeast-1.highlander" (lower case, no spaces), as AWS names it.',
          ),
        ],
      ],
      [
        "two associations for one directory",
        { owner: "association", secondAssociation: true },
        [
          mandatory(
            "workspaces-streaming-one-owner",
            'StreamingEndpointAssociation "streaming-again" and StreamingEndpointAssociation "streaming" both set the streaming endpoint of directory d-0000000009; keep one association per directory.',
          ),
        ],
      ],
    ];
    for (const [title, variant, expected] of evasions) {
      it(`catches ${title}`, async () => {
        assert.deepEqual(await findings(variant), expected);
      });
    }

    it("advises on an endpoint group this stack does not manage (a lookup), and on an open 4195 rule for it", async () => {
      assert.deepEqual(await findings({ foreignGroupId: "sg-0123456789abcdef0", foreignRule: "0.0.0.0/0" }), [
        advisory(
          "workspaces-streaming-unchecked-groups",
          'could not decide: streaming VpcEndpoint "workspaces" uses security group(s) sg-0123456789abcdef0 that this stack does not manage (a lookup, or another stack\'s), so their rules were not checked for TCP/UDP 443 and 4195 from the client ranges; check them where they are managed.',
        ),
        advisory(
          "workspaces-streaming-unchecked-groups",
          'SecurityGroupIngressRule "foreign_tcp_4195" admits the whole internet (0.0.0.0/0) on TCP 4195, the WorkSpaces streaming port, to security group sg-0123456789abcdef0 that this stack does not manage; if that group guards a streaming endpoint, list the client ranges instead.',
        ),
      ]);
    });

    it("finds one directory with two owners when every ID is still unknown (first preview), by the links", async () => {
      const run = await runProgram({
        config: { "aws:region": "ap-northeast-1", "fixture:variant": JSON.stringify({ owner: "both" }) },
        program: FIXTURE,
        outputs: ({ type }) => (type === ASSOCIATION_TYPE ? CLEAN : undefined),
      });
      const snapshot = snapshotOf(run.resources, false);
      // What a first preview shows: every ID, and every value made from one, unknown.
      const ids = new Set(run.resources.map((r) => r.id));
      for (const r of snapshot) {
        for (const [key, value] of Object.entries(r.outputs)) {
          if (typeof value === "string" && ids.has(value)) {
            r.outputs[key] = UNKNOWN.string;
          }
        }
        r.outputs.id = UNKNOWN.string;
      }
      const result = await evaluate(snapshot, policies);
      assert.deepEqual(
        result.filter((f) => f.policy === "workspaces-streaming-one-owner").map((f) => f.message),
        [
          'Directory "example" sets workspaceAccessProperties.accessEndpointConfig and StreamingEndpointAssociation "streaming" sets the same directory\'s streaming endpoint; remove accessEndpointConfig from the directory and add ignoreChanges: ["workspaceAccessProperties.accessEndpointConfig"], or drop the association.',
        ],
      );
    });
  });

  describe("no false positives", () => {
    it("passes a correct group attached with aws.ec2.SecurityGroupAssociation", async () => {
      assert.deepEqual(await findings({ attachedGroup: "10.0.0.0/16" }), []);
    });

    it("passes blocks that do not cover the internet together, however wide", async () => {
      assert.deepEqual(
        await findings({ cidr: "0.0.0.0/1", extraCidrs: ["192.168.0.0/16", "128.0.0.0/2"] }),
        [],
      );
    });

    it("advises, not rejects, private DNS off when the stack runs its own zone for the name", async () => {
      assert.deepEqual(await findings({ privateDnsEnabled: false, ownZone: true }), [
        advisory(
          "workspaces-streaming-own-dns",
          'VpcEndpoint "workspaces" has private DNS off and Zone "streaming-name" answers the streaming name instead (AWS advises this for clients behind a web proxy): keep its records on the endpoint\'s addresses, associate it with every VPC whose clients stream, and do not let the proxy cache the name.',
        ),
      ]);
    });

    it("passes our own stacks after a refresh reads the live endpoint setting into the ignoring directory", async () => {
      const { config } = readStackConfig("dev");
      config["workspaces-privatelink:directoryAdminPassword"] = "Lab-Passw0rd!";
      const run = await runProgram({
        config,
        secretKeys: ["workspaces-privatelink:directoryAdminPassword"],
        stack: "dev",
        outputs: ({ type, inputs }) =>
          type === "aws:workspaces/directory:Directory"
            ? {
                workspaceAccessProperties: {
                  accessEndpointConfig: {
                    accessEndpoints: [
                      { accessEndpointType: "STREAMING_WSP", vpcEndpointId: "vpce-00000000000000036" },
                    ],
                    internetFallbackProtocols: [],
                  },
                  deviceTypeWindows: "ALLOW",
                },
                workspaceType: inputs.workspaceType,
              }
            : type === ASSOCIATION_TYPE
              ? CLEAN
              : undefined,
      });
      const refreshed = snapshotOf(run.resources, false);
      assert.ok(
        refreshed.some(
          (r) =>
            (r.outputs.workspaceAccessProperties as { accessEndpointConfig?: unknown })?.accessEndpointConfig,
        ),
        "the refreshed directory shows the live setting",
      );
      assert.deepEqual(await evaluate(refreshed, policies), []);
    });
  });

  describe("offline check", () => {
    const cli = (...args: string[]) => runCommand("scripts/policyCheck.ts", args);
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("passes the project's own stacks: dev decided from what it declares, prod (nothing switched yet) with nothing left open", async () => {
      const result = await checkStacks();
      assert.deepEqual(Object.keys(result.resources), ["dev", "prod"]);
      assert.deepEqual(result.rejected, []);
      assert.equal(result.mandatory, 0);
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.undecided, []);
      assert.deepEqual(result.placeholders, [
        { stack: "dev", keys: ["workspaces-privatelink:directoryAdminPassword"] },
      ]);
    });

    it("checks the project's stacks one after another from the command line, exit 0, nothing on stderr", () => {
      // dev then prod: the first stack's last RPC (its outputs) must not reach the second's mocks.
      const run = cli();
      assert.equal(run.stderr, "");
      assert.equal(run.status, 0, run.stdout);
      assert.match(
        run.stdout,
        /^0 mandatory, 0 advisory; checked dev \(76 resources\), prod \(26 resources\)$/m,
      );
    });

    it("leaves prod's directory rules undecided once it switches, saying how to decide them", async () => {
      const root = projectWith(path.join(dir, "switched"), { prod: prodSwitched() });
      const result = await checkStacks({ root, stacks: ["prod"] });
      assert.deepEqual(result.undecided, [
        {
          stack: "prod",
          policies: FACT_POLICIES,
          reasons: [
            'StreamingEndpointAssociation "streaming-d-95670a1b2c": directory d-95670a1b2c is not managed by this stack, and its settings are known only to AWS (pulumi preview with credentials reads them)',
          ],
        },
      ]);
    });

    it("decides prod with the last deployment's outputs (--observed)", async () => {
      const root = projectWith(path.join(dir, "observed"), { prod: prodSwitched() });
      const observed = (settings: Record<string, unknown>) => ({
        region: "ap-northeast-1",
        directoryId: "d-95670a1b2c",
        streamingAssociation: { ...CLEAN_OBSERVATION, ...settings },
      });
      const clean = await checkStacks({ root, stacks: ["prod"], observed: { prod: observed({}) } });
      assert.deepEqual([clean.undecided, clean.findings], [[], []]);
      const accelerated = await checkStacks({
        root,
        stacks: ["prod"],
        observed: { prod: observed({ globalAcceleratorMode: "ENABLED_AUTO" }) },
      });
      assert.deepEqual(
        accelerated.findings.map((f) => [f.policy, f.level, f.message]),
        [
          [
            "workspaces-streaming-no-global-accelerator",
            "mandatory",
            'StreamingEndpointAssociation "streaming-d-95670a1b2c" streams directory d-95670a1b2c, which has Global Accelerator ENABLED_AUTO; set the directory\'s streaming properties to Global Accelerator DISABLED.',
          ],
        ],
      );

      const file = path.join(dir, "prod-outputs.json");
      fs.writeFileSync(file, JSON.stringify(observed({ endpointEncryptionMode: "FIPS_VALIDATED" })));
      const run = cli("--root", root, "--stack", "prod", "--observed", file);
      assert.equal(run.status, 1, run.stderr);
      assert.match(
        run.stdout,
        /^prod +mandatory +workspaces-streaming-no-fips +StreamingEndpointAssociation "streaming-d-95670a1b2c" +StreamingEndpointAssociation "streaming-d-95670a1b2c" streams directory d-95670a1b2c, which is in FIPS_VALIDATED/m,
      );
      assert.match(run.stdout, /^1 mandatory, 0 advisory; checked prod \(27 resources\)$/m);
    });

    it("decides an endpoint you have from the last deployment's outputs, and says how when it cannot", async () => {
      const root = projectWith(path.join(dir, "mine"), {
        prod: stringify({
          config: {
            ...(parse(prodSwitched()) as { config: Record<string, unknown> }).config,
            "workspaces-privatelink:streamingEndpoint": { vpcEndpointId: "vpce-0feedface00000001" },
            "workspaces-privatelink:clientNetwork": { dnsResolver: false },
          },
        }),
      });
      const unknown = await checkStacks({ root, stacks: ["prod"] });
      assert.deepEqual(unknown.rejected, []);
      assert.ok(unknown.undecided[0].policies.includes("workspaces-streaming-found-endpoint"));
      assert.ok(
        unknown.undecided[0].reasons.includes(
          'StreamingEndpointAssociation "streaming-d-95670a1b2c" streams through vpce-0feedface00000001, which this stack does not manage; its settings are known only to AWS (pulumi preview with credentials reads them)',
        ),
        unknown.undecided[0].reasons.join("\n"),
      );
      const decided = await checkStacks({
        root,
        stacks: ["prod"],
        observed: {
          prod: {
            directoryId: "d-95670a1b2c",
            streamingAssociation: {
              ...CLEAN_OBSERVATION,
              vpcEndpointServiceName: "com.amazonaws.ap-northeast-1.highlander",
              vpcEndpointDnsRecordIpType: "ipv6",
            },
          },
        },
      });
      assert.deepEqual(
        [decided.undecided, decided.findings.map((f) => [f.policy, f.message])],
        [
          [],
          [
            [
              "workspaces-streaming-found-endpoint",
              'StreamingEndpointAssociation "streaming-d-95670a1b2c" streams through vpce-0feedface00000001 (observed by the association), which has ipAddressType "ipv4" and dnsRecordIpType "ipv6"; WorkSpaces streaming is IPv4 only: use an endpoint with both "ipv4".',
            ],
          ],
        ],
      );
    });

    it("decides each of three directories with their own observations (--observed streamingAssociations)", async () => {
      const [D1, D2, D3] = ["d-1111111111", "d-2222222222", "d-3333333333"];
      const root = projectWith(path.join(dir, "three"), {
        three: prodWithDirectories(
          `    - directoryId: ${D1}\n    - directoryId: ${D2}\n    - directoryId: ${D3}\n      allowPcoipOverInternet: true\n`,
        ),
      });
      const clean = CLEAN_OBSERVATION;
      const file = path.join(root, "three-outputs.json");
      fs.writeFileSync(
        file,
        JSON.stringify({
          streamingAssociations: {
            [D1]: { associated: true, allowPcoipOverInternet: false, ...clean },
            [D2]: {
              associated: true,
              allowPcoipOverInternet: false,
              ...clean,
              endpointEncryptionMode: "FIPS_VALIDATED",
            },
            [D3]: { associated: true, allowPcoipOverInternet: true, ...clean, pcoipWorkspaceCount: 4 },
          },
        }),
      );
      const run = cli("--root", root, "--stack", "three", "--observed", file);
      assert.equal(run.status, 1, run.stderr);
      const rows = run.stdout.split("\n").filter((line) => line.startsWith("three "));
      assert.deepEqual(
        rows.map((line) => line.split(/ {2,}/).slice(0, 4)),
        [
          [
            "three",
            "mandatory",
            "workspaces-streaming-no-fips",
            `StreamingEndpointAssociation "streaming-${D2}"`,
          ],
        ],
        "D2 in FIPS is refused; D3's PCoIP WorkSpaces may use the internet; D1 is clean",
      );
      assert.match(run.stdout, /^1 mandatory, 0 advisory; checked three \(\d+ resources\)$/m);
    });

    it("prints its usage for --help and exits 0", () => {
      const run = cli("--help");
      assert.equal(run.status, 0);
      assert.match(run.stdout, /^usage: workspaces-privatelink policy-check \[--stack NAME\]\.\.\./);
    });

    /** Each case: its title, and (made when it runs, once the scratch folder exists) its arguments and the expected first line. */
    const usageCases: [string, () => [string[], string]][] = [
      [
        "an unknown option",
        () => [["--stacks", "dev"], "policy-check: Unknown option '--stacks' (did you mean --stack?)"],
      ],
      ["a missing value", () => [["--stack"], "policy-check: Option '--stack <value>' argument missing"]],
      [
        "a stack without a file",
        () => [
          ["--stack", "staging"],
          `policy-check: --stack staging: there is no ${path.join(PROJECT_ROOT, "Pulumi.staging.yaml")}; the stacks are dev, prod`,
        ],
      ],
      [
        "a missing config file",
        () => [
          ["--config", "/nonexistent/pack.json"],
          "policy-check: --config /nonexistent/pack.json: cannot read it (ENOENT)",
        ],
      ],
      [
        "a policy name that does not exist",
        () => {
          const file = path.join(dir, "typo.json");
          fs.writeFileSync(file, JSON.stringify({ "workspaces-streaming-port": "advisory" }));
          return [
            ["--config", file],
            `policy-check: --config ${file}: no policy named "workspaces-streaming-port" (did you mean "workspaces-streaming-ports"?); the policies are ${policies.map((p) => p.name).join(", ")}`,
          ];
        },
      ],
      [
        "an enforcement level that does not exist",
        () => {
          const file = path.join(dir, "level.json");
          fs.writeFileSync(
            file,
            JSON.stringify({ "workspaces-streaming-ports": { enforcementLevel: "strict" } }),
          );
          return [
            ["--config", file],
            `policy-check: --config ${file}: workspaces-streaming-ports has enforcement level "strict"; use one of advisory, mandatory, disabled, remediate`,
          ];
        },
      ],
      ...(
        [
          [
            "a setting of the wrong type",
            '"many"',
            'workspaces-streaming-cut-off-users.maxCutOffWorkspaces: "many" must be integer; give a whole number, at least 0 (How many cut-off WorkSpaces a cut-over may have before this policy reports it.)',
          ],
          [
            "a setting below its schema's minimum",
            "-3",
            "workspaces-streaming-cut-off-users.maxCutOffWorkspaces: -3 must be >= 0; give a whole number, at least 0 (How many cut-off WorkSpaces a cut-over may have before this policy reports it.)",
          ],
        ] as const
      ).map(([title, value, message]): [string, () => [string[], string]] => [
        `${title} (the finding would have vanished)`,
        () => {
          const file = path.join(dir, "bad-setting.json");
          fs.writeFileSync(
            file,
            `{"workspaces-streaming-cut-off-users": {"enforcementLevel": "mandatory", "maxCutOffWorkspaces": ${value}}}`,
          );
          return [["--config", file], `policy-check: --config ${file}: ${message}`];
        },
      ]),
      [
        "a setting the policy does not have",
        () => {
          const file = path.join(dir, "typo-setting.json");
          fs.writeFileSync(
            file,
            JSON.stringify({ "workspaces-streaming-cut-off-users": { maxCutOffWorkspace: 3 } }),
          );
          return [
            ["--config", file],
            `policy-check: --config ${file}: workspaces-streaming-cut-off-users.maxCutOffWorkspace: is not a setting of workspaces-streaming-cut-off-users; its settings are maxCutOffWorkspaces`,
          ];
        },
      ],
      [
        "a policy's config that is neither a level nor an object",
        () => {
          const file = path.join(dir, "number.json");
          fs.writeFileSync(file, JSON.stringify({ "workspaces-streaming-ports": 3 }));
          return [
            ["--config", file],
            `policy-check: --config ${file}: workspaces-streaming-ports: 3 is neither an enforcement level nor an object of settings; write e.g. "advisory" or { "enforcementLevel": "advisory" }`,
          ];
        },
      ],
      [
        "observations for a stack it does not check",
        () => [
          ["--stack", "dev", "--observed", "prod=outputs.json"],
          "policy-check: --observed prod=outputs.json: prod is not a stack this run checks (dev); name one of them, or add --stack prod",
        ],
      ],
      [
        "--observed without saying for which stack",
        () => [
          ["--observed", "outputs.json"],
          "policy-check: --observed outputs.json: say which stack it is for (--observed STACK=FILE), or give exactly one --stack",
        ],
      ],
    ];
    for (const [title, make] of usageCases) {
      it(`refuses ${title} in one line with the usage, exit 2, no stack trace`, () => {
        const [args, message] = make();
        const run = cli(...args);
        assert.equal(run.status, 2, run.stdout);
        const [first, second] = run.stderr.split("\n");
        assert.equal(first, message);
        assert.match(second, /^usage: workspaces-privatelink policy-check /);
        assert.doesNotMatch(run.stderr, /\n\s+at /);
      });
    }

    it("reports a malformed stack file by name and still checks the others, exit 1", () => {
      const root = projectWith(path.join(dir, "malformed"), {
        prod: labProd(),
        broken: "config:\n  aws:region: [unclosed\n",
      });
      const run = cli("--root", root);
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /^stack broken: cannot read its configuration: Pulumi\.broken\.yaml: /m);
      assert.match(
        run.stdout,
        /^0 mandatory, 0 advisory; checked prod \(62 resources\); unreadable: broken$/m,
      );
    });

    it("reports a refused stack once, exit 1, with nothing on stderr and no placeholder notice", () => {
      // The README's own example of a refused setting, in a lab stack (which needs a password).
      const root = projectWith(path.join(dir, "refused"), {
        open: "config:\n  aws:region: ap-northeast-1\n  workspaces-privatelink:internetAccess: open\n",
      });
      const run = cli("--root", root);
      assert.equal(run.status, 1);
      assert.equal(run.stderr, "", "no stack trace");
      assert.equal(
        run.stdout,
        [
          "stack open: the program rejected its configuration:",
          "The stack configuration has 1 problem; nothing was deployed:",
          '  - workspaces-privatelink:internetAccess: "open" is not allowed; use one of "https-only", "none"',
          "",
          "STACK  LEVEL  POLICY  RESOURCE  MESSAGE",
          "-----  -----  ------  --------  -------",
          "(no findings)",
          "",
          "0 mandatory, 0 advisory; checked no stack; rejected: open",
          "",
        ].join("\n"),
      );
    });

    it("fails a stack whose config opens the endpoint to the internet, naming the setting, and exits non-zero", async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
      try {
        // The whole internet, split in two: the program refuses it like 0.0.0.0/0 itself.
        projectWith(root, {
          open: labProd().replace("- 192.168.0.0/16", "- 0.0.0.0/1\n      - 128.0.0.0/1"),
        });

        const result = await checkStacks({ root, program: path.join(PROJECT_ROOT, "index.ts") });
        assert.deepEqual(result.rejected, [
          {
            stack: "open",
            message:
              "The stack configuration has 1 problem; nothing was deployed:\n" +
              '  - workspaces-privatelink:streamingEndpoint.allowedCidrs: together covers 0.0.0.0/0: every IPv4 address on the internet. PrivateLink clients arrive over private routing (VPN, Direct Connect, peering); list their ranges, e.g. ["192.168.0.0/16"]',
          },
        ]);

        const cli = runCommand("scripts/policyCheck.ts", ["--root", root]);
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
