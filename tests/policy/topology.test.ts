/**
 * The topology's steps on their own, each with a table of small stacks. Resources are made the way
 * CrossGuard's analyzer makes them (policy/offline/evaluate.ts's stackResources): values behind
 * the unknown-checking proxy, links resolved to the resource objects.
 */
import { PolicyResource } from "@pulumi/policy";
import { strict as assert } from "assert";
import { ASSOCIATION_TYPE, endpointFactsProblems } from "../../policy/facts";
import { SnapshotResource, UNKNOWN, stackResources } from "../../policy/offline/evaluate";
import { buildTopology, topology, topologyBuilds } from "../../policy/topology";
import { directoryKeys, directoryLinks, targetsStreamingDirectory } from "../../policy/topology/directories";
import { readFacts } from "../../policy/topology/directoryFacts";
import { declaresEndpoint, endpointReferences, streamingEndpoints } from "../../policy/topology/endpoints";
import {
  attachedGroups,
  gatherRules,
  groupsOf,
  prefixListCidrs,
  protocolOf,
} from "../../policy/topology/groups";
import { TYPES, byKind, groupKey, indexById, isKind, pointsAt } from "../../policy/topology/resources";
import { privateZones, zonesAnswering } from "../../policy/topology/zones";

const T = TYPES;

interface Spec {
  readonly type: string;
  readonly name: string;
  readonly props?: Record<string, unknown>;
  /** property -> names of the resources it depends on */
  readonly links?: Record<string, string[]>;
  readonly ignoreChanges?: string[];
}

/** A stack of these resources, as the analyzer hands it to a policy; `get` finds one by name. */
function stack(...specs: Spec[]) {
  const urn = (name: string) => `urn:pulumi:t::p::x::${name}`;
  const snapshot: SnapshotResource[] = specs.map((s) => ({
    type: s.type,
    name: s.name,
    urn: urn(s.name),
    inputs: s.props ?? {},
    outputs: s.props ?? {},
    parent: "",
    dependencies: Object.values(s.links ?? {}).flatMap((names) => names.map(urn)),
    propertyDependencies: Object.fromEntries(
      Object.entries(s.links ?? {}).map(([k, names]) => [k, names.map(urn)]),
    ),
    ignoreChanges: s.ignoreChanges ?? [],
  }));
  const resources = stackResources(snapshot);
  const get = (name: string): PolicyResource => {
    const found = resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name}`);
    return found;
  };
  const kinds = byKind(resources);
  const links = () => directoryLinks(directoryKeys(), kinds.association, kinds.directory, kinds.workspace);
  return { resources, get, ids: indexById(resources), kinds, links };
}

const names = (rs: readonly PolicyResource[] | undefined) => (rs ?? []).map((r) => r.name);
const HIGHLANDER = "com.amazonaws.ap-northeast-1.highlander";

describe("the policy topology, step by step", () => {
  describe("resources: kinds, IDs, links", () => {
    it("sorts resources by kind in stack order and leaves other types out", () => {
      const s = stack(
        { type: T.endpoint, name: "e2" },
        { type: "aws:s3/bucket:Bucket", name: "bucket" },
        { type: T.endpoint, name: "e1" },
        { type: ASSOCIATION_TYPE, name: "a" },
      );
      assert.deepEqual(names(s.kinds.endpoint), ["e2", "e1"]);
      assert.deepEqual(names(s.kinds.association), ["a"]);
      assert.equal(Object.values(s.kinds).flat().length, 3);
    });

    const idCases: [string, Spec[], string, string | undefined][] = [
      ["finds a resource by its id", [{ type: T.vpc, name: "v", props: { id: "vpc-1" } }], "vpc-1", "v"],
      [
        "finds a VPC by its default group's ID",
        [{ type: T.vpc, name: "v", props: { id: "vpc-1", defaultSecurityGroupId: "sg-d" } }],
        "sg-d",
        "v",
      ],
      [
        "skips an ID unknown during preview",
        [{ type: T.vpc, name: "v", props: { id: UNKNOWN.string } }],
        UNKNOWN.string,
        undefined,
      ],
      ["knows no ID nobody holds", [{ type: T.vpc, name: "v", props: { id: "vpc-1" } }], "vpc-2", undefined],
    ];
    for (const [title, specs, id, expected] of idCases) {
      it(`indexById ${title}`, () => {
        assert.equal(stack(...specs).ids.get(id)?.name, expected);
      });
    }

    const linkCases: [string, Spec[], string[]][] = [
      [
        "follows the recorded link first, whatever the value says",
        [
          { type: T.endpoint, name: "linked", props: { id: "vpce-1" } },
          { type: T.endpoint, name: "by-id", props: { id: "vpce-2" } },
          {
            type: ASSOCIATION_TYPE,
            name: "a",
            props: { vpcEndpointId: "vpce-2" },
            links: { vpcEndpointId: ["linked"] },
          },
        ],
        ["linked"],
      ],
      [
        "falls back to the ID a plain string holds",
        [
          { type: T.endpoint, name: "by-id", props: { id: "vpce-2" } },
          { type: ASSOCIATION_TYPE, name: "a", props: { vpcEndpointId: "vpce-2" } },
        ],
        ["by-id"],
      ],
      [
        "ignores a link or ID of another kind",
        [
          { type: T.vpc, name: "v", props: { id: "vpce-2" } },
          {
            type: ASSOCIATION_TYPE,
            name: "a",
            props: { vpcEndpointId: "vpce-2" },
            links: { vpcEndpointId: ["v"] },
          },
        ],
        [],
      ],
    ];
    for (const [title, specs, expected] of linkCases) {
      it(`pointsAt ${title}`, () => {
        const s = stack(...specs);
        const a = s.get("a");
        const found = pointsAt(s.ids, a, "vpcEndpointId", () => [a.props.vpcEndpointId], isKind("endpoint"));
        assert.deepEqual(names(found), expected);
      });
    }

    it("groupKey stands a default security group for its VPC, and any other group for itself", () => {
      const s = stack(
        { type: T.vpc, name: "v", props: { id: "vpc-1" } },
        { type: T.defaultSecurityGroup, name: "d", props: { vpcId: "vpc-1" } },
        { type: T.securityGroup, name: "g", props: { vpcId: "vpc-1" } },
      );
      assert.equal(groupKey(s.ids, s.get("d")).name, "v");
      assert.equal(groupKey(s.ids, s.get("g")).name, "g");
    });
  });

  describe("endpoints", () => {
    it("declaresEndpoint: a directory declares one unless it ignores the field", () => {
      const config = { workspaceAccessProperties: { accessEndpointConfig: { accessEndpoints: [] } } };
      const s = stack(
        { type: T.directory, name: "owns", props: config },
        { type: T.directory, name: "ignores", props: config, ignoreChanges: ["workspaceAccessProperties"] },
        { type: T.directory, name: "none", props: {} },
      );
      assert.deepEqual(
        ["owns", "ignores", "none"].map((n) => declaresEndpoint(s.get(n))),
        [true, false, false],
      );
    });

    it("streamingEndpoints: highlander endpoints, then those something streams through, with why", () => {
      const s = stack(
        {
          type: T.endpoint,
          name: "api",
          props: { id: "vpce-api", serviceName: "com.amazonaws.ap-northeast-1.workspaces" },
        },
        { type: T.endpoint, name: "streaming", props: { id: "vpce-s", serviceName: HIGHLANDER } },
        { type: T.endpoint, name: "unused", props: { serviceName: "com.amazonaws.ap-northeast-1.s3" } },
        { type: ASSOCIATION_TYPE, name: "a", props: { vpcEndpointId: "vpce-api" } },
        {
          type: T.directory,
          name: "d",
          props: {
            workspaceAccessProperties: {
              accessEndpointConfig: { accessEndpoints: [{ vpcEndpointId: "vpce-s" }] },
            },
          },
        },
      );
      const referenced = endpointReferences(s.ids, s.kinds.association, s.kinds.directory);
      assert.deepEqual(names(referenced.get(s.get("a"))), ["api"]);
      assert.deepEqual(names(referenced.get(s.get("d"))), ["streaming"]);
      const endpoints = streamingEndpoints(s.kinds.endpoint, referenced);
      assert.deepEqual(
        [...endpoints].map(([e, why]) => `${e.name}: ${why.join("; ")}`),
        [
          'streaming: it serves highlander; Directory "d" streams through it',
          'api: StreamingEndpointAssociation "a" streams through it',
        ],
      );
    });
  });

  describe("directories", () => {
    const lab: Spec[] = [
      { type: "aws:directoryservice/directory:Directory", name: "ds", props: { id: UNKNOWN.string } },
      {
        type: T.directory,
        name: "registration",
        props: { directoryId: UNKNOWN.string },
        links: { directoryId: ["ds"] },
      },
      {
        type: T.workspace,
        name: "w",
        props: { directoryId: UNKNOWN.string },
        links: { directoryId: ["registration"] },
      },
    ];
    /** An association whose directory ID, unknown yet, comes from `to`. */
    const linkedAssociation = (to: string): Spec => ({
      type: ASSOCIATION_TYPE,
      name: "a",
      props: { directoryId: UNKNOWN.string },
      links: { directoryId: [to] },
    });
    const cases: [string, Spec[], string | undefined][] = [
      [
        "links an association to its directory by the link, every ID unknown (first preview)",
        [...lab, linkedAssociation("registration")],
        "registration",
      ],
      [
        "links through the Directory Service directory both depend on",
        [...lab, linkedAssociation("ds")],
        "registration",
      ],
      [
        "links by the same directory ID, passed as plain text",
        [
          { type: T.directory, name: "registration", props: { directoryId: "d-1234567890" } },
          { type: ASSOCIATION_TYPE, name: "a", props: { directoryId: "d-1234567890" } },
        ],
        "registration",
      ],
      [
        "finds none for a directory outside the stack",
        [
          { type: T.directory, name: "registration", props: { directoryId: "d-1234567890" } },
          { type: ASSOCIATION_TYPE, name: "a", props: { directoryId: "d-0987654321" } },
        ],
        undefined,
      ],
    ];
    for (const [title, specs, expected] of cases) {
      it(`directoryLinks ${title}`, () => {
        const s = stack(...specs);
        const links = s.links();
        assert.equal(links.directoryOf.get(s.get("a"))?.name, expected);
        assert.equal(links.associated.size, expected ? 1 : 0);
      });
    }

    it("finds the WorkSpaces a stack launches in its directory, and what targets a streaming directory", () => {
      const s = stack(
        ...lab,
        linkedAssociation("registration"),
        {
          type: "user:index:Fips",
          name: "fips",
          props: { resourceId: UNKNOWN.string },
          links: { resourceId: ["ds"] },
        },
        { type: "user:index:Fips", name: "elsewhere", props: { resourceId: "d-0000000000" } },
      );
      const links = s.links();
      assert.deepEqual(names(links.workspacesOf(s.get("registration"))), ["w"]);
      assert.deepEqual(
        ["fips", "elsewhere"].map((n) => targetsStreamingDirectory(links.streamingKeys, s.get(n))),
        [true, false],
      );
    });
  });

  describe("groups and their rules", () => {
    const protocols: [unknown, string][] = [
      ["-1", "all"],
      ["ALL", "all"],
      ["6", "tcp"],
      ["17", "udp"],
      ["TCP", "tcp"],
      ["icmp", "icmp"],
    ];
    for (const [given, expected] of protocols) {
      it(`protocolOf reads ${JSON.stringify(given)} as ${expected}`, () => {
        assert.equal(protocolOf(given), expected);
      });
    }

    it("prefixListCidrs reads inline and standalone entries, by link or by ID", () => {
      const s = stack(
        { type: T.prefixList, name: "pl", props: { id: "pl-1", entries: [{ cidr: "10.1.0.0/16" }] } },
        {
          type: T.prefixListEntry,
          name: "entry",
          props: { cidr: "10.2.0.0/16" },
          links: { prefixListId: ["pl"] },
        },
        {
          type: T.ingressRule,
          name: "r",
          props: { prefixListId: UNKNOWN.string },
          links: { prefixListId: ["pl"] },
        },
      );
      const cidrs = prefixListCidrs(s.ids, s.kinds);
      assert.deepEqual(cidrs(s.get("r"), "prefixListId", []), ["10.1.0.0/16", "10.2.0.0/16"]);
      assert.deepEqual(
        cidrs(undefined, "", ["pl-1"]),
        ["10.1.0.0/16", "10.2.0.0/16"],
        "an inline rule names the list by ID",
      );
      assert.deepEqual(cidrs(undefined, "", ["pl-2"]), []);
    });

    it("gatherRules reads every way of writing a rule, in stack order, inline rules last", () => {
      const s = stack(
        { type: T.vpc, name: "v", props: { id: "vpc-1" } },
        {
          type: T.securityGroup,
          name: "g",
          props: {
            id: "sg-1",
            ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.9.0.0/16"] }],
          },
        },
        {
          type: T.ingressRule,
          name: "vpc-rule",
          props: {
            securityGroupId: "sg-1",
            ipProtocol: "udp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "10.0.0.0/16",
          },
        },
        {
          type: T.securityGroupRule,
          name: "legacy",
          props: { type: "egress", protocol: "6", fromPort: 1, toPort: 2, cidrBlocks: ["0.0.0.0/0"] },
          links: { securityGroupId: ["g"] },
        },
        {
          type: T.defaultSecurityGroup,
          name: "d",
          props: { vpcId: "vpc-1", ingress: [{ protocol: "tcp", fromPort: 4195, toPort: 4195 }] },
        },
        {
          type: T.ingressRule,
          name: "foreign",
          props: {
            securityGroupId: "sg-elsewhere",
            ipProtocol: "tcp",
            fromPort: 4195,
            toPort: 4195,
            cidrIpv4: "0.0.0.0/0",
          },
        },
      );
      const { byGroup, foreign } = gatherRules(s.ids, s.resources, prefixListCidrs(s.ids, s.kinds));
      const show = (g: string) =>
        (byGroup.get(s.get(g)) ?? []).map(
          (r) =>
            `${r.direction} ${r.protocol} ${r.fromPort}-${r.toPort} ${r.cidrs.join(",")} @${r.source.name}`,
        );
      assert.deepEqual(show("g"), [
        "ingress udp 443-443 10.0.0.0/16 @vpc-rule",
        "egress tcp 1-2 0.0.0.0/0 @legacy",
        "ingress all 0-0 10.9.0.0/16 @g",
      ]);
      assert.deepEqual(show("v"), ["ingress tcp 4195-4195  @d"], "the default group's rules are its VPC's");
      assert.deepEqual(
        foreign.map((f) => `${f.groupId} ${f.rule.source.name}`),
        ["sg-elsewhere foreign"],
      );
    });

    const endpointCases: [string, Spec[], string][] = [
      [
        "the groups it names by link",
        [
          { type: T.securityGroup, name: "g", props: { id: UNKNOWN.string } },
          {
            type: T.endpoint,
            name: "e",
            props: { securityGroupIds: UNKNOWN.array },
            links: { securityGroupIds: ["g"] },
          },
        ],
        "groups g; named; foreign -",
      ],
      [
        "a group ID this stack does not manage",
        [{ type: T.endpoint, name: "e", props: { securityGroupIds: ["sg-other"] } }],
        "groups -; named; foreign sg-other",
      ],
      [
        "no group named: the VPC's default group",
        [
          { type: T.vpc, name: "v", props: { id: "vpc-1" } },
          { type: T.endpoint, name: "e", props: { vpcId: "vpc-1" } },
        ],
        "groups v; not named; foreign -",
      ],
      [
        "a group attached with SecurityGroupAssociation",
        [
          { type: T.vpc, name: "v", props: { id: "vpc-1" } },
          { type: T.securityGroup, name: "extra", props: { id: "sg-x" } },
          { type: T.endpoint, name: "e", props: { id: "vpce-1", vpcId: "vpc-1" } },
          {
            type: T.groupAssociation,
            name: "attach",
            props: { vpcEndpointId: "vpce-1", securityGroupId: "sg-x" },
          },
        ],
        "groups extra,v; named; foreign -",
      ],
    ];
    for (const [title, specs, expected] of endpointCases) {
      it(`groupsOf an endpoint: ${title}`, () => {
        const s = stack(...specs);
        const g = groupsOf(s.ids, s.get("e"), attachedGroups(s.ids, s.kinds.groupAssociation));
        const list = (xs: string[]) => (xs.length ? xs.join(",") : "-");
        assert.equal(
          `groups ${list(names(g.groups))}; ${g.named ? "named" : "not named"}; foreign ${list(g.foreign)}`,
          expected,
        );
      });
    }
  });

  describe("directory facts", () => {
    const observed = {
      workspaceType: "PERSONAL",
      endpointEncryptionMode: "FIPS_VALIDATED",
      globalAcceleratorMode: "DISABLED",
      ipGroupIds: [],
      pcoipWorkspaceCount: 1,
      globalAcceleratorWorkspaceCount: 0,
    };
    const cases: [string, Spec[], string][] = [
      [
        "what the association observed comes first",
        [
          {
            type: ASSOCIATION_TYPE,
            name: "a",
            props: {
              directoryId: "d-1234567890",
              ...observed,
              directoryFacts: { source: "preview", unknown: "x" },
            },
          },
        ],
        "known from observed by the association: FIPS_VALIDATED, 1 PCoIP",
      ],
      [
        "then what the program read during preview",
        [
          {
            type: ASSOCIATION_TYPE,
            name: "a",
            props: {
              directoryId: "d-1234567890",
              workspaceType: UNKNOWN.string,
              directoryFacts: { source: "read during preview", ...observed },
            },
          },
        ],
        "known from read during preview: FIPS_VALIDATED, 1 PCoIP",
      ],
      [
        "or why the read could not tell",
        [
          {
            type: ASSOCIATION_TYPE,
            name: "a",
            props: {
              directoryId: "d-1234567890",
              directoryFacts: { source: "preview", unknown: "no credentials" },
            },
          },
        ],
        "unknown: no credentials",
      ],
      [
        "then what the stack declares of its own directory",
        [
          {
            type: T.directory,
            name: "registration",
            props: { directoryId: "d-1234567890", ipGroupIds: ["wsipg-1"] },
          },
          { type: ASSOCIATION_TYPE, name: "a", props: { directoryId: "d-1234567890" } },
        ],
        'known from declared by this stack (Directory "registration"): STANDARD_TLS, 0 PCoIP',
      ],
      [
        "unless the stack launches WorkSpaces there, whose protocol only their bundles know",
        [
          { type: T.directory, name: "registration", props: { directoryId: "d-1234567890" } },
          { type: T.workspace, name: "w", props: { directoryId: "d-1234567890" } },
          { type: ASSOCIATION_TYPE, name: "a", props: { directoryId: "d-1234567890" } },
        ],
        'unknown: the stack launches 1 WorkSpace(s) in Directory "registration" whose protocol (PCoIP or DCV) comes from their bundles, known only after deployment',
      ],
      [
        "and nothing is known of a directory outside the stack",
        [{ type: ASSOCIATION_TYPE, name: "a", props: { directoryId: "d-1234567890" } }],
        "unknown: directory d-1234567890 is not managed by this stack, and its settings are known only to AWS (pulumi preview with credentials reads them)",
      ],
    ];
    for (const [title, specs, expected] of cases) {
      it(`readFacts: ${title}`, () => {
        const s = stack(...specs);
        const links = s.links();
        const a = s.get("a");
        const facts = readFacts(a, links.directoryOf.get(a), links.workspacesOf);
        assert.equal(
          "unknown" in facts
            ? `unknown: ${facts.unknown}`
            : `known from ${facts.source}: ${facts.known.endpointEncryptionMode}, ${facts.known.pcoipWorkspaceCount} PCoIP`,
          expected,
        );
      });
    }
  });

  describe("private zones", () => {
    const s = stack(
      {
        type: T.zone,
        name: "exact",
        props: {
          name: "privatelink.prod.ap-northeast-1.highlander.aws.a2z.com.",
          vpcs: [{ vpcId: "vpc-1" }],
        },
      },
      { type: T.zone, name: "parent", props: { name: "Highlander.AWS.a2z.com", vpcs: [{ vpcId: "vpc-1" }] } },
      { type: T.zone, name: "public", props: { name: "highlander.aws.a2z.com" } },
      { type: T.zone, name: "other", props: { name: "example.com", vpcs: [{ vpcId: "vpc-1" }] } },
    );
    const zones = privateZones(s.kinds.zone);
    const cases: [string | undefined, string[]][] = [
      ["ap-northeast-1", ["exact", "parent"]],
      ["us-east-1", ["parent"]],
      [undefined, ["exact", "parent"]],
    ];
    it("keeps private zones only, names lower case without the dot", () => {
      assert.deepEqual(
        zones.map((z) => z.zone),
        ["privatelink.prod.ap-northeast-1.highlander.aws.a2z.com", "highlander.aws.a2z.com", "example.com"],
      );
    });
    for (const [region, expected] of cases) {
      it(`finds the zones answering the streaming name of ${region ?? "an unknown region"}`, () => {
        assert.deepEqual(names(zonesAnswering(zones, region)), expected);
      });
    }
  });

  describe("the composition, once per analysis", () => {
    const specs: Spec[] = [
      { type: T.endpoint, name: "e", props: { id: "vpce-1", serviceName: HIGHLANDER } },
      { type: ASSOCIATION_TYPE, name: "a", props: { vpcEndpointId: "vpce-1", directoryId: "d-1234567890" } },
    ];

    it("shares one build among the policies of an analysis, each handed its own copy", () => {
      const before = topologyBuilds();
      const first = stack(...specs).resources;
      const t = topology(first, "policy-1");
      assert.equal(topology(stack(...specs).resources, "policy-2"), t);
      assert.equal(topology(stack(...specs).resources, "policy-3"), t);
      assert.equal(topologyBuilds() - before, 1);
      assert.equal(t.resources, first, "the policies read the stack through the first copy");
    });

    it("builds anew when a policy asks again (a new analysis) or the URNs differ", () => {
      const t = topology(stack(...specs).resources, "policy-1");
      assert.notEqual(
        topology(stack(...specs).resources, "policy-1"),
        t,
        "the same policy again: a new analysis",
      );
      const other = topology(stack(...specs.slice(0, 1)).resources, "policy-2");
      assert.deepEqual(names([...other.endpoints.keys()]), ["e"]);
      assert.equal(other.associations.length, 0, "other URNs: another stack");
    });

    it("buildTopology composes the steps", () => {
      const t = buildTopology(stack(...specs).resources);
      assert.deepEqual(names([...t.endpoints.keys()]), ["e"]);
      assert.deepEqual(names(t.endpointsOf(t.associations[0])), ["e"]);
      assert.equal(t.directoryOf(t.associations[0]), undefined);
    });
  });

  describe("an endpoint you have, judged on its facts (the configuration's check and the pack's rule)", () => {
    const good = {
      serviceName: "com.amazonaws.ap-northeast-1.highlander",
      vpcEndpointType: "Interface",
      ipAddressType: "ipv4",
      dnsRecordIpType: "service-defined",
      privateDnsEnabled: true,
      state: "available",
    };
    const setting = { ownDns: false, ownDnsSetting: "ownDns: true" };

    it("passes an available IPv4 Interface endpoint for the region's service, service-defined records included", () => {
      assert.deepEqual(endpointFactsProblems(good, { region: "ap-northeast-1", ...setting }), []);
    });

    it("holds another region's service against a known region only", () => {
      const elsewhere = { ...good, serviceName: "com.amazonaws.eu-west-1.highlander" };
      assert.deepEqual(endpointFactsProblems(elsewhere, setting), []);
      assert.deepEqual(endpointFactsProblems(elsewhere, { region: "ap-northeast-1", ...setting }), [
        "serves com.amazonaws.eu-west-1.highlander, not com.amazonaws.ap-northeast-1.highlander; use an Interface endpoint for com.amazonaws.ap-northeast-1.highlander",
      ]);
    });

    it("names every problem, in terms of the region when it is not known", () => {
      const wrong = {
        serviceName: "com.amazonaws.ap-northeast-1.s3",
        vpcEndpointType: "Gateway",
        ipAddressType: "dualstack",
        dnsRecordIpType: "ipv4",
        privateDnsEnabled: false,
        state: "pendingAcceptance",
      };
      assert.deepEqual(endpointFactsProblems(wrong, setting), [
        "is a Gateway endpoint; streaming needs an Interface endpoint for com.amazonaws.<region>.highlander",
        "serves com.amazonaws.ap-northeast-1.s3, not com.amazonaws.<region>.highlander; use an Interface endpoint for com.amazonaws.<region>.highlander in the directory's region",
        'has ipAddressType "dualstack" and dnsRecordIpType "ipv4"; WorkSpaces streaming is IPv4 only: use an endpoint with both "ipv4"',
        "has private DNS off, and clients find the endpoint only by its private name; turn private DNS on, or set ownDns: true if your own DNS answers the streaming name",
        "is pendingAcceptance; it must be available (accept it, or wait for it)",
      ]);
      assert.equal(
        endpointFactsProblems(wrong, { ...setting, ownDns: true }).length,
        4,
        "your own DNS answers",
      );
    });
  });
});
