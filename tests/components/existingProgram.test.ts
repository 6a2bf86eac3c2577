/**
 * The program on a network you have (`network: existing`), under mocks: the shipped prod stack
 * (an endpoint in your subnets), with a transit gateway and route tables, and with an endpoint you
 * have; and the checks in AWS refusing before any resource. The mocks answer the lookups as the
 * configuration names them (scripts/mockCloud.ts); a case changes one answer.
 */
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { MOCK_ACCOUNT, MOCK_ENDPOINT_VPC, invokeError, mockCloud } from "../../scripts/mockCloud";
import { readStackConfig } from "../../scripts/stackConfig";
import { ProgramFailed, ProgramRun, runProgram } from "../standins/mockProgram";

const P = "workspaces-privatelink";
const VPC = "vpc-0a1b2c3d4e5f60718";
const SUBNETS = ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"];
const VPCE = "vpce-0feedface00000001";
const RTB = "rtb-0123456789abcdef0";
const TGW = "tgw-0123456789abcdef0";
const T = {
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  route: "aws:ec2/route:Route",
  association: "pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
};

/** The shipped prod stack, with settings changed (values as the engine passes them). */
function prod(change: Record<string, unknown> = {}): Record<string, string> {
  const { config } = readStackConfig("prod");
  for (const [key, value] of Object.entries(change)) {
    config[`${P}:${key}`] = JSON.stringify(value);
  }
  return config;
}

const run = (config: Record<string, string>, options: { preview?: boolean } = {}) =>
  runProgram({ config, stack: "prod", ...options });

/** An endpoint you have, switched on. */
const MINE = {
  streamingEndpoint: { vpcEndpointId: VPCE },
  clientNetwork: { dnsResolver: false },
  directories: [{ directoryId: "d-95670a1b2c", associate: true }],
};

describe("the program on a network you have (network: existing)", () => {
  describe("the shipped prod stack: an endpoint in your subnets, nothing switched", () => {
    let prodRun: ProgramRun;
    before(async () => {
      prodRun = await run(prod());
    });

    it("registers the endpoint, its group, the resolver, the sign-in log and monitoring, and none of the lab", () => {
      assert.deepEqual(prodRun.resources.map((r) => `${r.type} ${r.name}`).sort(), [
        "aws:cloudwatch/dashboard:Dashboard monitoring-dashboard",
        "aws:cloudwatch/eventRule:EventRule sign-ins-rule",
        "aws:cloudwatch/eventTarget:EventTarget sign-ins-target",
        "aws:cloudwatch/logGroup:LogGroup sign-ins-group",
        "aws:cloudwatch/logResourcePolicy:LogResourcePolicy sign-ins-policy",
        "aws:cloudwatch/metricAlarm:MetricAlarm monitoring-failures-d-95670a1b2c",
        "aws:cloudwatch/metricAlarm:MetricAlarm monitoring-packets-dropped",
        "aws:ec2/securityGroup:SecurityGroup clients-resolver-sg",
        "aws:ec2/securityGroup:SecurityGroup streaming-sg",
        "aws:ec2/vpcEndpoint:VpcEndpoint streaming-endpoint",
        "aws:kms/alias:Alias monitoring-alarms-key",
        "aws:kms/key:Key monitoring-alarms-key",
        "aws:route53/resolverEndpoint:ResolverEndpoint clients-resolver",
        "aws:sns/topic:Topic monitoring-alarms",
        "aws:sns/topicPolicy:TopicPolicy monitoring-alarms",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule clients-resolver-in-tcp53-192-168-0-0-16",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule clients-resolver-in-udp53-192-168-0-0-16",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule streaming-in-tcp4195-192-168-0-0-16",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule streaming-in-tcp443-192-168-0-0-16",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule streaming-in-udp4195-192-168-0-0-16",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule streaming-in-udp443-192-168-0-0-16",
        "workspaces-privatelink:index:WorkspacesStreaming workspaces-privatelink",
        "workspaces-privatelink:monitoring:Monitoring monitoring",
        "workspaces-privatelink:monitoring:SignInLog sign-ins",
        "workspaces-privatelink:network:ClientAccess clients",
        "workspaces-privatelink:streaming:StreamingEndpoint streaming",
      ]);
    });

    it("puts the endpoint in your VPC and subnets: private DNS on, IPv4 only", () => {
      const { __provider: _p, ...inputs } = prodRun.get(T.endpoint, "streaming-endpoint").inputs;
      assert.deepEqual(inputs, {
        vpcId: VPC,
        serviceName: "com.amazonaws.ap-northeast-1.highlander",
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        ipAddressType: "ipv4",
        dnsOptions: { dnsRecordIpType: "ipv4" },
        subnetIds: SUBNETS,
        securityGroupIds: [prodRun.get(T.sg, "streaming-sg").id],
        tags: {
          Name: "streaming",
          "workspaces-privatelink:project": "workspaces-privatelink",
          "workspaces-privatelink:stack": "prod",
          "workspaces-privatelink:component": "workspaces-privatelink",
        },
      });
      const resolver = prodRun.get("aws:route53/resolverEndpoint:ResolverEndpoint", "clients-resolver");
      assert.deepEqual(
        resolver.inputs.ipAddresses,
        SUBNETS.map((subnetId) => ({ subnetId })),
      );
      assert.equal(prodRun.get(T.sg, "clients-resolver-sg").inputs.vpcId, VPC);
    });

    it("looks up what the configuration names, once, before any resource", () => {
      assert.deepEqual(
        prodRun.invokes
          .filter((i) => !i.token.includes("getNetworkInterface") && !i.token.includes("getPartition"))
          .map((i) => [i.token.split(":").pop(), i.inputs.id ?? i.inputs.serviceName ?? ""]),
        [
          ["getRegion", ""],
          ["getCallerIdentity", ""],
          ["getVpcEndpointService", "com.amazonaws.ap-northeast-1.highlander"],
          ["getVpc", VPC],
          ["getSubnet", SUBNETS[0]],
          ["getSubnet", SUBNETS[1]],
          ["getCallerIdentity", ""],
        ],
        "the provider's region and account first; the last caller identity is the monitoring's (the topic policy's account)",
      );
    });

    it("shows no NAT widget and makes no NAT alarm, where there is no NAT", () => {
      assert.deepEqual(
        prodRun
          .ofType(T.alarm)
          .map((a) => a.name)
          .sort(),
        ["monitoring-failures-d-95670a1b2c", "monitoring-packets-dropped"],
      );
      const body = JSON.parse(
        String(prodRun.get(T.dashboard, "monitoring-dashboard").inputs.dashboardBody),
      ) as {
        widgets: { properties: { title?: string } }[];
      };
      assert.deepEqual(
        body.widgets.map((w) => w.properties.title?.replace(/vpce-\w+/, "vpce-...")),
        [
          "Streaming endpoint vpce-...",
          "Sign-ins from outside the routed ranges (cut off once their directory streams through the endpoint)",
          "Directory d-95670a1b2c: connections",
          "Directory d-95670a1b2c: session times (ms)",
        ],
      );
    });

    it("exports the contract without the lab's outputs, and switches nothing", () => {
      const endpoint = prodRun.get(T.endpoint, "streaming-endpoint");
      assert.deepEqual(prodRun.ofType(T.association), []);
      assert.deepEqual(Object.keys(prodRun.outputs).sort(), [
        "alarmTopicArn",
        "allowPcoipOverInternet",
        "dashboardName",
        "directoryId",
        "directoryIds",
        "dnsForwardDomains",
        "dnsResolverIps",
        "privateLinkHostname",
        "region",
        "signInEgressCidrs",
        "signInLogGroupName",
        "streamingAssociations",
        "streamingClientCidrs",
        "streamingEndpointDnsNames",
        "streamingEndpointId",
        "streamingEndpointIps",
        "streamingEndpointSecurityGroupId",
        "streamingEndpointServiceName",
        "streamingRouteTableIds",
      ]);
      assert.equal(prodRun.outputs.streamingEndpointId, endpoint.id);
      assert.deepEqual(prodRun.outputs.streamingRouteTableIds, []);
      assert.deepEqual(prodRun.outputs.streamingAssociations, {
        "d-95670a1b2c": { associated: false, allowPcoipOverInternet: false },
      });
    });
  });

  it("routes each client range to your transit gateway from the route tables you give, attaching nothing", async () => {
    const routed = await run(
      prod({
        streamingEndpoint: {
          vpcId: VPC,
          subnetIds: SUBNETS,
          allowedCidrs: ["192.168.0.0/16", "172.16.0.0/12", "10.20.5.0/24"],
        },
        clientNetwork: { dnsResolver: true, transitGatewayId: TGW, routeTableIds: [RTB] },
      }),
    );
    assert.deepEqual(routed.ofType("aws:ec2transitgateway/vpcAttachment:VpcAttachment"), []);
    // 10.20.5.0/24 is inside the VPC's block (10.20.0.0/16, as the mocks answer): reached locally.
    assert.deepEqual(
      routed.ofType(T.route).map((r) => [r.name, r.inputs, r.dependencies]),
      ["172.16.0.0/12", "192.168.0.0/16"].map((cidr) => [
        `clients-tgw-${RTB}-${cidr.replace(/[./]/g, "-")}`,
        { routeTableId: RTB, destinationCidrBlock: cidr, transitGatewayId: TGW },
        [],
      ]),
    );
    assert.deepEqual(routed.outputs.streamingRouteTableIds, [RTB]);
    assert.ok(!("transitGatewayAttachmentId" in routed.outputs));
  });

  describe("an endpoint you have", () => {
    it("makes no endpoint and no group, and exports what the endpoint is", async () => {
      const mine = await run(prod(MINE));
      assert.deepEqual(mine.ofType(T.endpoint), []);
      assert.deepEqual(mine.ofType(T.sg), []);
      assert.deepEqual(mine.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"), []);
      const outputs = mine.outputs;
      assert.equal(outputs.streamingEndpointId, VPCE);
      assert.equal(outputs.streamingEndpointSecurityGroupId, "sg-0e0e0e0e0e0e0e0e0");
      assert.deepEqual(outputs.streamingEndpointDnsNames, [
        `${VPCE}-0abc.highlander.ap-northeast-1.vpce.amazonaws.com`,
        "privatelink.prod.ap-northeast-1.highlander.aws.a2z.com",
      ]);
      // From its network interfaces, one read each.
      assert.deepEqual(
        mine.invokes.filter((i) => i.token.endsWith("getNetworkInterface")).map((i) => i.inputs.id),
        ["eni-0feedface0000000", "eni-0feedface0000001"],
      );
      assert.deepEqual(outputs.streamingEndpointIps, ["10.0.16.200", "10.0.32.200"]);
      assert.ok(!("streamingClientCidrs" in outputs), "its own group says whom it admits");
      assert.ok(
        !("sourceVpcId" in outputs) && !("natInstanceId" in outputs) && !("registrationCode" in outputs),
      );
    });

    it("streams through it, and the dashboard and alarm watch it in its VPC", async () => {
      const mine = await run(prod(MINE));
      const association = mine.get(T.association, "streaming-d-95670a1b2c");
      assert.equal(association.inputs.vpcEndpointId, VPCE);
      assert.equal(association.inputs.ownDns, false);
      assert.equal(association.inputs.endpointFacts, undefined, "read for the preview only");
      const dropped = mine.get(T.alarm, "monitoring-packets-dropped");
      assert.deepEqual(dropped.inputs.dimensions, {
        "Endpoint Type": "Interface",
        "Service Name": "com.amazonaws.ap-northeast-1.highlander",
        "VPC Endpoint Id": VPCE,
        "VPC Id": MOCK_ENDPOINT_VPC,
      });
    });

    it("hands the pack what it read of the endpoint during a preview", async () => {
      const preview = await run(prod({ ...MINE, signInLog: { enabled: false } }), { preview: true });
      assert.deepEqual(preview.get(T.association, "streaming-d-95670a1b2c").inputs.endpointFacts, {
        source: "read from EC2 in ap-northeast-1 during preview",
        vpcEndpointId: VPCE,
        serviceName: "com.amazonaws.ap-northeast-1.highlander",
        vpcEndpointType: "Interface",
        ipAddressType: "ipv4",
        dnsRecordIpType: "ipv4",
        privateDnsEnabled: true,
        state: "available",
      });
    });
  });

  it("refuses everything AWS says is wrong, all at once, before any resource", async () => {
    const cloud = mockCloud(prod());
    await assert.rejects(
      runProgram({
        config: prod({ clientNetwork: { transitGatewayId: TGW, routeTableIds: [RTB] } }),
        stack: "prod",
        call: (args) => {
          if (args.token === "aws:ec2/getVpc:getVpc") {
            return { ...cloud(args), enableDnsSupport: false };
          }
          if (args.token === "aws:ec2/getSubnet:getSubnet" && args.inputs.id === SUBNETS[1]) {
            throw invokeError("invoking aws:ec2/getSubnet:getSubnet: no matching EC2 Subnet found");
          }
          if (args.token === "aws:ec2/getRouteTable:getRouteTable") {
            return { ...cloud(args), vpcId: "vpc-0ffffffffffffffff" };
          }
          return cloud(args);
        },
      }),
      (error: unknown) => {
        assert.ok(error instanceof ProgramFailed);
        assert.ok(pulumi.RunError.isInstance(error.cause), "a RunError prints without a stack trace");
        assert.deepEqual(error.resources, []);
        assert.equal(
          error.message,
          [
            "The stack configuration has 3 problems; nothing was deployed:",
            `  - ${P}:streamingEndpoint.vpcId: "${VPC}" has DNS support off; the endpoint's private DNS needs both on: aws ec2 modify-vpc-attribute --vpc-id ${VPC} --enable-dns-support (and --enable-dns-hostnames), one at a time`,
            `  - ${P}:streamingEndpoint.subnetIds[1]: "${SUBNETS[1]}" does not exist in ap-northeast-1 (or this account cannot see it); give subnets of the VPC (aws ec2 describe-subnets --filters Name=vpc-id,Values=${VPC})`,
            `  - ${P}:clientNetwork.routeTableIds[0]: "${RTB}" belongs to vpc-0ffffffffffffffff, not to the endpoint's VPC ${VPC}; give route tables of that VPC`,
          ].join("\n"),
        );
        return true;
      },
    );
  });

  it("looks the account up where the stack deploys, and refuses a VPC shared into it", async () => {
    const cloud = mockCloud(prod());
    await assert.rejects(
      runProgram({
        config: prod(),
        stack: "prod",
        call: (args) =>
          args.token === "aws:ec2/getVpc:getVpc" ? { ...cloud(args), ownerId: "210987654321" } : cloud(args),
      }),
      new RegExp(
        `streamingEndpoint\\.vpcId: "${VPC}" is owned by account 210987654321, not ${MOCK_ACCOUNT} where the stack deploys`,
      ),
    );
  });
});
