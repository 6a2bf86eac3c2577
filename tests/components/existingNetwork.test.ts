/**
 * `network: existing`: the configuration it takes and refuses (pure), and what the lookups in AWS
 * must find (judgeExistingNetwork, a table: one compliant read, one thing changed per case).
 */
import { strict as assert } from "assert";
import { ConfigError, ExistingSetup, parseStackConfig } from "../../config";
import {
  EndpointRead,
  NetworkRead,
  NetworkToJudge,
  RouteTableRead,
  SubnetRead,
  VpcRead,
  judgeExistingNetwork,
} from "../../components/existingNetwork";

const P = "workspaces-privatelink";
const VPC = "vpc-0a1b2c3d4e5f60718";
const SUBNETS = ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"];
const RTB = "rtb-0123456789abcdef0";
const VPCE = "vpce-0feedface00000001";
const TGW = "tgw-0123456789abcdef0";
const ACCOUNT = "123456789012";

/** A valid existing-network configuration (endpoint in your subnets); each case changes one thing. */
function existing(overrides: Record<string, unknown> = {}): Record<string, string> {
  const settings: Record<string, unknown> = {
    network: "existing",
    streamingEndpoint: { vpcId: VPC, subnetIds: SUBNETS, allowedCidrs: ["192.168.0.0/16"] },
    directories: [{ directoryId: "d-95670a1b2c", associate: false }],
    ...overrides,
  };
  const config: Record<string, string> = { "aws:region": "ap-northeast-1" };
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined) {
      config[`${P}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return config;
}

function problemsOf(config: Record<string, string>): string[] {
  try {
    parseStackConfig(config, []);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems.map((p) => `${p.key}: ${p.message}`);
  }
  assert.fail("the configuration was accepted");
}

function parseExisting(config: Record<string, string>): ExistingSetup {
  const parsed = parseStackConfig(config, []);
  assert.equal(parsed.network, "existing");
  return parsed as ExistingSetup;
}

describe("network: existing, its configuration", () => {
  it("resolves your VPC, subnets and client ranges, and builds none of the lab", () => {
    const { warnings: _w, ...config } = parseStackConfig(existing(), []);
    assert.deepEqual(config, {
      network: "existing",
      region: "ap-northeast-1",
      awsProfile: undefined,
      directory: undefined,
      streamedDirectories: [
        { directoryId: "d-95670a1b2c", associate: false, allowPcoipOverInternet: false, takeOver: false },
      ],
      streamingEndpoint: { vpcId: VPC, subnetIds: SUBNETS, allowedCidrs: ["192.168.0.0/16"] },
      clientNetwork: {
        dnsResolver: false,
        transitGatewayId: undefined,
        routeTableIds: [],
        rulesPerSecurityGroup: 60,
        routesPerRouteTable: 50,
      },
      allowPcoipOverInternet: false,
      signInLog: { enabled: true, retentionDays: 90, egressCidrs: [] },
      monitoring: { enabled: true, alarmEmail: undefined, connectionFailureRatio: 0.2 },
    });
  });

  it("resolves an endpoint you have, with no client ranges of its own", () => {
    const config = parseExisting(existing({ streamingEndpoint: { vpcEndpointId: VPCE } }));
    assert.deepEqual(config.streamingEndpoint, { vpcEndpointId: VPCE, ownDns: false, allowedCidrs: [] });
  });

  it("takes route tables for a transit gateway, and one existing directory", () => {
    const config = parseExisting(
      existing({
        clientNetwork: { transitGatewayId: TGW, routeTableIds: [RTB] },
        directories: undefined,
        directory: { mode: "existing", directoryId: "d-95670a1b2c", associate: false },
      }),
    );
    assert.deepEqual(config.clientNetwork.routeTableIds, [RTB]);
    assert.deepEqual(config.directory, { mode: "existing", directoryId: "d-95670a1b2c", associate: false });
  });

  const labKey = (key: string, path = key) =>
    `${P}:${key}: is a setting of network "lab" (what the walkthrough's lab builds); with network "existing" the stack builds no VPC, NAT, client, lab directory or WorkSpaces. Remove it with: pulumi config rm ${path.includes(".") ? "--path " : ""}${path}`;
  const cases: [string, Record<string, unknown>, string[]][] = [
    [
      "refuses the lab's settings, all at once",
      {
        sourceVpc: { cidr: "10.0.0.0/16" },
        workspacesVpc: { cidr: "10.1.0.0/16" },
        internetAccess: "https-only",
        client: { enabled: false },
        workspaces: [{ userName: "jdoe" }],
        directoryAdminPassword: "Lab-Passw0rd!",
        streamingEndpoint: {
          vpc: "source",
          vpcId: VPC,
          subnetIds: SUBNETS,
          allowedCidrs: ["192.168.0.0/16"],
        },
      },
      [
        labKey("sourceVpc"),
        labKey("workspacesVpc"),
        labKey("internetAccess"),
        labKey("client"),
        labKey("workspaces"),
        labKey("directoryAdminPassword"),
        labKey("streamingEndpoint.vpc"),
      ],
    ],
    [
      "refuses a lab directory",
      { directories: undefined, directory: { mode: "lab" } },
      [
        `${P}:directory.mode: "lab": network "existing" makes no lab directory; stream directories you have with directories: [{ directoryId: d-... }] (or directory: { mode: existing, directoryId: d-... })`,
      ],
    ],
    [
      "refuses no directory at all",
      { directories: undefined },
      [
        `${P}:directories: (not set) is required with network "existing": list the directories to stream, e.g. [{ "directoryId": "d-95670a1b2c", "associate": false }] (associate false builds the path first and switches nothing)`,
      ],
    ],
    [
      // Without associate, the first up switched the directory: the runbook says false first (issue 33).
      "refuses a directory that does not say associate, with the runbook's order",
      {
        directories: [{ directoryId: "d-95670a1b2c", associate: false }, { directoryId: "d-9067a1b2c3" }],
      },
      [
        `${P}:directories[1].associate: (not set) is required with network "existing": true switches directory d-9067a1b2c3 to this endpoint on the next up; false builds the path and switches nothing. Switch as the runbook does: false first (pulumi config set --path 'directories[1].associate' false), wait for a week of sign-ins, run npx workspaces-privatelink cutover, then true`,
      ],
    ],
    [
      "refuses an existing directory given alone that does not say associate",
      { directories: undefined, directory: { mode: "existing", directoryId: "d-95670a1b2c" } },
      [
        `${P}:directory.associate: (not set) is required with network "existing": true switches directory d-95670a1b2c to this endpoint on the next up; false builds the path and switches nothing. Switch as the runbook does: false first (pulumi config set --path 'directory.associate' false), wait for a week of sign-ins, run npx workspaces-privatelink cutover, then true`,
      ],
    ],
    [
      // A lab has a default to drop back to; a network you have does not (issue 33).
      "refuses empty client ranges without telling to drop the key, which has no default here",
      { streamingEndpoint: { vpcId: VPC, subnetIds: SUBNETS, allowedCidrs: [] } },
      [
        `${P}:streamingEndpoint.allowedCidrs: [] is empty: the endpoint would admit no one; list the ranges your clients stream from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]; on a network you have there is no default`,
      ],
    ],
    [
      "refuses an endpoint you have together with a VPC, subnets and ranges",
      {
        streamingEndpoint: {
          vpcEndpointId: VPCE,
          vpcId: VPC,
          subnetIds: SUBNETS,
          allowedCidrs: ["10.0.0.0/8"],
        },
      },
      [
        `${P}:streamingEndpoint.vpcEndpointId: cannot be given with streamingEndpoint.vpcId, streamingEndpoint.subnetIds, streamingEndpoint.allowedCidrs: an endpoint you have comes with its subnets and security group. Give vpcEndpointId alone (the stack makes no endpoint), or vpcId, subnetIds and allowedCidrs (the stack makes one there)`,
      ],
    ],
    [
      "refuses a resolver and transit gateway routes for an endpoint you have",
      {
        streamingEndpoint: { vpcEndpointId: VPCE },
        clientNetwork: { dnsResolver: true, transitGatewayId: TGW },
      },
      [
        `${P}:clientNetwork.dnsResolver: true needs the client ranges, which an endpoint you have keeps in its own security group: run the resolver where that endpoint is managed, or give vpcId, subnetIds and allowedCidrs for the stack to make the endpoint`,
        `${P}:clientNetwork.transitGatewayId: routes the client ranges, which an endpoint you have keeps in its own security group: route them where that endpoint is managed, or give vpcId, subnetIds and allowedCidrs for the stack to make the endpoint`,
      ],
    ],
    [
      "refuses a VPC without client ranges",
      { streamingEndpoint: { vpcId: VPC, subnetIds: SUBNETS } },
      [
        `${P}:streamingEndpoint.allowedCidrs: (not set) is required with vpcId: the ranges your clients stream from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]; the endpoint admits them on the four streaming ports and no one else`,
      ],
    ],
    [
      "refuses a VPC without subnets",
      { streamingEndpoint: { vpcId: VPC, allowedCidrs: ["192.168.0.0/16"] } },
      [
        `${P}:streamingEndpoint.subnetIds: (not set) is required with vpcId: one subnet in each of at least 2 availability zones, e.g. ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"]`,
      ],
    ],
    [
      "refuses subnets without a VPC",
      { streamingEndpoint: { subnetIds: SUBNETS, allowedCidrs: ["192.168.0.0/16"] } },
      [
        `${P}:streamingEndpoint.vpcId: (not set) is required with subnetIds: the VPC they are in; pulumi config set --path streamingEndpoint.vpcId vpc-...`,
      ],
    ],
    [
      "refuses no endpoint setting at all",
      { streamingEndpoint: undefined },
      [
        `${P}:streamingEndpoint.vpcId: (not set) is required with network "existing": the VPC for the endpoint (with subnetIds and allowedCidrs), or vpcEndpointId for the endpoint you have; e.g. pulumi config set --path streamingEndpoint.vpcId vpc-0a1b2c3d4e5f60718`,
      ],
    ],
    [
      "refuses one subnet, and the same subnet twice",
      {
        streamingEndpoint: {
          vpcId: VPC,
          subnetIds: [SUBNETS[0], SUBNETS[0]],
          allowedCidrs: ["192.168.0.0/16"],
        },
      },
      [
        `${P}:streamingEndpoint.subnetIds[1]: "${SUBNETS[0]}" is listed twice (also [0]); list each subnet once`,
      ],
    ],
    [
      "refuses a single subnet",
      { streamingEndpoint: { vpcId: VPC, subnetIds: [SUBNETS[0]], allowedCidrs: ["192.168.0.0/16"] } },
      [
        `${P}:streamingEndpoint.subnetIds: ["${SUBNETS[0]}"] has 1 subnet; give one in each of at least 2 availability zones, so the endpoint survives a zone outage`,
      ],
    ],
    [
      "refuses malformed IDs, naming what lists the real ones",
      {
        streamingEndpoint: {
          vpcId: "subnet-0aaa1111bbbb22223",
          subnetIds: ["sn-1", SUBNETS[1]],
          allowedCidrs: ["192.168.0.0/16"],
        },
        clientNetwork: { routeTableIds: ["rtb-xyz"] },
      },
      [
        `${P}:streamingEndpoint.vpcId: "subnet-0aaa1111bbbb22223" is not a VPC ID ("vpc-" and 8 or 17 hex digits); aws ec2 describe-vpcs lists them`,
        `${P}:streamingEndpoint.subnetIds[0]: "sn-1" is not a subnet ID ("subnet-" and 8 or 17 hex digits); aws ec2 describe-subnets lists them`,
        `${P}:clientNetwork.routeTableIds[0]: "rtb-xyz" is not a route table ID ("rtb-" and 8 or 17 hex digits); aws ec2 describe-route-tables lists them`,
      ],
    ],
    [
      "refuses a malformed endpoint ID",
      { streamingEndpoint: { vpcEndpointId: "vpc-0a1b2c3d4e5f60718" } },
      [
        `${P}:streamingEndpoint.vpcEndpointId: "vpc-0a1b2c3d4e5f60718" is not a VPC endpoint ID ("vpce-" and 8 or 17 hex digits); aws ec2 describe-vpc-endpoints lists them`,
      ],
    ],
    [
      "refuses a transit gateway without route tables (the VPC is attached already)",
      { clientNetwork: { transitGatewayId: TGW } },
      [
        `${P}:clientNetwork.transitGatewayId: needs clientNetwork.routeTableIds in an existing network: the route tables of the endpoint's VPC that get a route per client range to it (the VPC is attached already; the stack attaches nothing), e.g. ["rtb-0123456789abcdef0"]`,
      ],
    ],
    [
      "refuses ownDns for the endpoint the stack makes",
      {
        streamingEndpoint: { vpcId: VPC, subnetIds: SUBNETS, allowedCidrs: ["192.168.0.0/16"], ownDns: true },
      },
      [
        `${P}:streamingEndpoint.ownDns: applies to an endpoint you have (vpcEndpointId); the endpoint the stack makes always has private DNS on. Remove it with: pulumi config rm --path streamingEndpoint.ownDns`,
      ],
    ],
    [
      "refuses an unknown network",
      { network: "vpc" },
      [`${P}:network: "vpc" is not allowed; use one of "lab", "existing"`],
    ],
  ];
  for (const [title, overrides, expected] of cases) {
    it(title, () => {
      assert.deepEqual(problemsOf(existing(overrides)), expected);
    });
  }

  it("refuses an existing network's settings in a lab", () => {
    const config = existing({
      network: undefined,
      directories: undefined,
      clientNetwork: { routeTableIds: [RTB] },
    });
    config[`${P}:directoryAdminPassword`] = "Lab-Passw0rd!";
    const problems = (() => {
      try {
        parseStackConfig(config, [`${P}:directoryAdminPassword`]);
      } catch (error) {
        return (error as ConfigError).problems.map((p) => `${p.key}: ${p.message}`);
      }
      return [];
    })();
    const existingKey = (path: string) =>
      `${P}:${path}: is a setting of network "existing" (what you already have); a lab builds its own network. Set network to existing (pulumi config set network existing), or remove it with: pulumi config rm --path ${path}`;
    assert.deepEqual(problems, [
      existingKey("streamingEndpoint.vpcId"),
      existingKey("streamingEndpoint.subnetIds"),
      existingKey("clientNetwork.routeTableIds"),
    ]);
  });
});

// ---- what the lookups must find ----

const VPC_READ: VpcRead = {
  ownerId: ACCOUNT,
  cidrBlock: "10.20.0.0/16",
  cidrBlockAssociations: [
    { cidrBlock: "10.20.0.0/16", state: "associated" },
    { cidrBlock: "100.64.0.0/16", state: "associated" },
  ],
  enableDnsSupport: true,
  enableDnsHostnames: true,
};
const subnet = (zone: string, id: string): SubnetRead => ({
  vpcId: VPC,
  ownerId: ACCOUNT,
  availabilityZone: `ap-northeast-1${zone}`,
  availabilityZoneId: `apne1-${id}`,
});
const ROUTE_TABLE: RouteTableRead = { vpcId: VPC, routes: [{ cidrBlock: "10.20.0.0/16" }] };
const ENDPOINT: EndpointRead = {
  vpcId: VPC,
  ownerId: ACCOUNT,
  serviceName: "com.amazonaws.ap-northeast-1.highlander",
  vpcEndpointType: "Interface",
  ipAddressType: "ipv4",
  dnsOptions: [{ dnsRecordIpType: "ipv4" }],
  privateDnsEnabled: true,
  state: "available",
  subnetIds: SUBNETS,
  securityGroupIds: ["sg-0123456789abcdef0", "sg-0fedcba9876543210"],
  networkInterfaceIds: ["eni-0aaa", "eni-0bbb"],
  dnsEntries: [
    { dnsName: `${VPCE}-abcd.highlander.ap-northeast-1.vpce.amazonaws.com` },
    { dnsName: "privatelink.prod.ap-northeast-1.highlander.aws.a2z.com" },
  ],
};

/** What AWS answers for the compliant configuration; `change` replaces parts. */
function read(change: Partial<NetworkRead> = {}): NetworkRead {
  return {
    region: "ap-northeast-1",
    account: ACCOUNT,
    serviceZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
    vpc: { found: VPC_READ },
    subnets: new Map([
      [SUBNETS[0], { found: subnet("a", "az4") }],
      [SUBNETS[1], { found: subnet("c", "az1") }],
    ]),
    routeTables: new Map([[RTB, { found: ROUTE_TABLE }]]),
    endpoint: { found: ENDPOINT },
    ...change,
  };
}

const ROUTED = existing({
  streamingEndpoint: {
    vpcId: VPC,
    subnetIds: SUBNETS,
    allowedCidrs: ["192.168.0.0/16", "172.16.0.0/12", "100.64.5.0/24"],
  },
  clientNetwork: { transitGatewayId: TGW, routeTableIds: [RTB] },
});
const MINE = existing({ streamingEndpoint: { vpcEndpointId: VPCE } });

/** The network the component judges, from a stack's configuration (the stack program's arguments). */
function network(config: Record<string, string>): NetworkToJudge {
  const setup = parseExisting(config);
  const e = setup.streamingEndpoint;
  return {
    ...("vpcEndpointId" in e ? { vpcEndpointId: e.vpcEndpointId, ownDns: e.ownDns } : e),
    clientNetwork: setup.clientNetwork,
  };
}

/** The problems, as the component says them: each argument's path as written in code. */
function judged(config: Record<string, string>, change: Partial<NetworkRead> = {}): string[] {
  return judgeExistingNetwork(network(config), read(change)).problems.map((p) => `${p.path}: ${p.message}`);
}

describe("network: existing, what AWS must say of it", () => {
  it("builds on your VPC's blocks and subnets, routing only the ranges outside the VPC", () => {
    assert.deepEqual(judgeExistingNetwork(network(ROUTED), read()), {
      problems: [],
      found: {
        vpcId: VPC,
        vpcCidrs: ["10.20.0.0/16", "100.64.0.0/16"],
        subnetIds: SUBNETS,
        routeTableIds: [RTB],
        routedCidrs: ["172.16.0.0/12", "192.168.0.0/16"],
        endpoint: undefined,
      },
    });
  });

  it("builds on an endpoint you have: its VPC, subnets, names, groups and facts", () => {
    const { problems, found } = judgeExistingNetwork(network(MINE), read());
    assert.deepEqual(problems, []);
    assert.deepEqual(found?.endpoint, {
      id: VPCE,
      serviceName: "com.amazonaws.ap-northeast-1.highlander",
      dnsNames: ENDPOINT.dnsEntries.map((d) => d.dnsName),
      securityGroupIds: ENDPOINT.securityGroupIds,
      networkInterfaceIds: ENDPOINT.networkInterfaceIds,
      facts: {
        vpcEndpointId: VPCE,
        serviceName: "com.amazonaws.ap-northeast-1.highlander",
        vpcEndpointType: "Interface",
        ipAddressType: "ipv4",
        dnsRecordIpType: "ipv4",
        privateDnsEnabled: true,
        state: "available",
      },
    });
    assert.deepEqual([found?.vpcId, found?.subnetIds], [VPC, SUBNETS]);
  });

  const K = "streamingEndpoint";
  const cases: [string, Record<string, string>, Partial<NetworkRead>, string[]][] = [
    [
      "a VPC that does not exist",
      ROUTED,
      { vpc: { error: "invoking aws:ec2/getVpc:getVpc: no matching EC2 VPC found" } },
      [
        `${K}.vpcId: "${VPC}" does not exist in ap-northeast-1 (or this account cannot see it); give a VPC of this account (aws ec2 describe-vpcs lists them)`,
      ],
    ],
    [
      "a VPC the deployer may not read",
      ROUTED,
      { vpc: { error: "UnauthorizedOperation: You are not authorized to perform: ec2:DescribeVpcs" } },
      [
        `${K}.vpcId: "${VPC}" could not be read (UnauthorizedOperation: You are not authorized to perform: ec2:DescribeVpcs); check the deployer's permissions (docs/production.md)`,
      ],
    ],
    [
      "a VPC shared from another account, with DNS hostnames off",
      ROUTED,
      { vpc: { found: { ...VPC_READ, ownerId: "210987654321", enableDnsHostnames: false } } },
      [
        `${K}.vpcId: "${VPC}" is owned by account 210987654321, not ${ACCOUNT} where the stack deploys: a VPC shared with this account (AWS RAM) cannot hold the streaming endpoint; AWS supports streaming endpoints only in the directory's own account (not in shared VPCs)`,
        `${K}.vpcId: "${VPC}" has DNS hostnames off; the endpoint's private DNS needs both on: aws ec2 modify-vpc-attribute --vpc-id ${VPC} --enable-dns-support (and --enable-dns-hostnames), one at a time`,
      ],
    ],
    [
      "subnets of another VPC, another account, a zone without the service, and one zone twice",
      existing({
        streamingEndpoint: {
          vpcId: VPC,
          subnetIds: [...SUBNETS, "subnet-0eee5555ffff66667"],
          allowedCidrs: ["192.168.0.0/16"],
        },
      }),
      {
        subnets: new Map([
          [SUBNETS[0], { found: { ...subnet("a", "az4"), vpcId: "vpc-0ffffffffffffffff" } }],
          [SUBNETS[1], { found: { ...subnet("b", "az2"), ownerId: "210987654321" } }],
          ["subnet-0eee5555ffff66667", { found: subnet("a", "az4") }],
        ]),
      },
      [
        `${K}.subnetIds[0]: "${SUBNETS[0]}" is in vpc-0ffffffffffffffff, not in streamingEndpoint.vpcId ${VPC}; give subnets of that VPC`,
        `${K}.subnetIds[1]: "${SUBNETS[1]}" is owned by account 210987654321, not ${ACCOUNT} where the stack deploys: a subnet shared with this account (AWS RAM) cannot hold the streaming endpoint; AWS supports streaming endpoints only in the directory's own account (not in shared VPCs)`,
        `${K}.subnetIds[1]: "${SUBNETS[1]}" is in ap-northeast-1b (apne1-az2), where com.amazonaws.ap-northeast-1.highlander is not offered (it is in ap-northeast-1a, ap-northeast-1c, ap-northeast-1d); give a subnet in one of those zones`,
        `${K}.subnetIds[2]: "subnet-0eee5555ffff66667" is in ap-northeast-1a, like subnetIds[0]; an endpoint takes one subnet per availability zone: give a subnet of another zone`,
      ],
    ],
    [
      "a subnet that does not exist",
      ROUTED,
      {
        subnets: new Map([
          [SUBNETS[0], { found: subnet("a", "az4") }],
          [SUBNETS[1], { error: "no matching EC2 Subnet found" }],
        ]),
      },
      [
        `${K}.subnetIds[1]: "${SUBNETS[1]}" does not exist in ap-northeast-1 (or this account cannot see it); give subnets of the VPC (aws ec2 describe-subnets --filters Name=vpc-id,Values=${VPC})`,
      ],
    ],
    [
      "a route table of another VPC",
      ROUTED,
      { routeTables: new Map([[RTB, { found: { ...ROUTE_TABLE, vpcId: "vpc-0ffffffffffffffff" } }]]) },
      [
        `clientNetwork.routeTableIds[0]: "${RTB}" belongs to vpc-0ffffffffffffffff, not to the endpoint's VPC ${VPC}; give route tables of that VPC`,
      ],
    ],
    [
      "a route table that routes a client range already",
      ROUTED,
      {
        routeTables: new Map([
          [
            RTB,
            { found: { ...ROUTE_TABLE, routes: [...ROUTE_TABLE.routes, { cidrBlock: "192.168.0.0/16" }] } },
          ],
        ]),
      },
      [
        `clientNetwork.routeTableIds[0]: "${RTB}" has a route for 192.168.0.0/16 already; the stack would add one to ${TGW} for each and AWS refuses a second: remove those routes (or leave the table out and route yourself)`,
      ],
    ],
    [
      "a route table without room for the routes",
      ROUTED,
      {
        routeTables: new Map([
          [
            RTB,
            {
              found: {
                ...ROUTE_TABLE,
                routes: Array.from({ length: 49 }, (_, i) => ({ cidrBlock: `10.${100 + i}.0.0/16` })),
              },
            },
          ],
        ]),
      },
      [
        `clientNetwork.routeTableIds[0]: "${RTB}" has 49 routes; with 2 more (one per client range) it would hold 51, over the quota of 50 (clientNetwork.routesPerRouteTable): aggregate the client ranges; or raise the quota "Routes per route table" in Service Quotas (VPC) to 51 or more and set clientNetwork.routesPerRouteTable to it`,
      ],
    ],
    [
      "an endpoint that does not exist",
      MINE,
      { endpoint: { error: "no matching EC2 VPC Endpoint found" } },
      [
        `${K}.vpcEndpointId: "${VPCE}" does not exist in ap-northeast-1 (or this account cannot see it); give an Interface endpoint for com.amazonaws.ap-northeast-1.highlander of this account (aws ec2 describe-vpc-endpoints lists them)`,
      ],
    ],
    [
      "an endpoint for the WorkSpaces API, of another account, pending, dualstack, with private DNS off",
      MINE,
      {
        endpoint: {
          found: {
            ...ENDPOINT,
            serviceName: "com.amazonaws.ap-northeast-1.workspaces",
            ownerId: "210987654321",
            state: "pendingAcceptance",
            ipAddressType: "dualstack",
            dnsOptions: [{ dnsRecordIpType: "dualstack" }],
            privateDnsEnabled: false,
          },
        },
      },
      [
        `${K}.vpcEndpointId: "${VPCE}" serves com.amazonaws.ap-northeast-1.workspaces, not com.amazonaws.ap-northeast-1.highlander (com.amazonaws.<region>.workspaces is the WorkSpaces API, ...workspaces-instances is WorkSpaces Core, ...workspaces-web is WorkSpaces Secure Browser, ...aps-workspaces is Managed Prometheus; only ...highlander carries streaming); use an Interface endpoint for com.amazonaws.ap-northeast-1.highlander`,
        `${K}.vpcEndpointId: "${VPCE}" has ipAddressType "dualstack" and dnsRecordIpType "dualstack"; WorkSpaces streaming is IPv4 only: use an endpoint with both "ipv4"`,
        `${K}.vpcEndpointId: "${VPCE}" has private DNS off, and clients find the endpoint only by its private name; turn private DNS on, or set streamingEndpoint.ownDns: true if your own DNS answers privatelink.prod.ap-northeast-1.highlander.aws.a2z.com`,
        `${K}.vpcEndpointId: "${VPCE}" is pendingAcceptance; it must be available (accept it, or wait for it)`,
        `${K}.vpcEndpointId: "${VPCE}" is owned by account 210987654321, not ${ACCOUNT} where the stack deploys: use an endpoint of this account; AWS supports streaming endpoints only in the directory's own account (not in shared VPCs)`,
      ],
    ],
    [
      "a Gateway endpoint",
      MINE,
      { endpoint: { found: { ...ENDPOINT, vpcEndpointType: "Gateway" } } },
      [
        `${K}.vpcEndpointId: "${VPCE}" is a Gateway endpoint; streaming needs an Interface endpoint for com.amazonaws.ap-northeast-1.highlander`,
      ],
    ],
  ];
  for (const [title, config, change, expected] of cases) {
    it(`refuses ${title}`, () => {
      assert.deepEqual(judged(config, change), expected);
    });
  }

  it("accepts an endpoint with private DNS off when your own DNS answers the name", () => {
    const own = existing({ streamingEndpoint: { vpcEndpointId: VPCE, ownDns: true } });
    const off = { endpoint: { found: { ...ENDPOINT, privateDnsEnabled: false } } };
    assert.deepEqual(judged(own, off), []);
    // The VPC's DNS attributes matter only to private DNS.
    assert.deepEqual(judged(own, { ...off, vpc: { found: { ...VPC_READ, enableDnsHostnames: false } } }), []);
  });
});
