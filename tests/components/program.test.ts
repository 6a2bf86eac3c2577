import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { ProgramFailed, ProgramRun, RecordedResource, runProgram } from "../standins/mockProgram";
import { readStackConfig } from "../../scripts/stackConfig";
import { CLEAN_OBSERVATION, defaultCall } from "../../scripts/mockCloud";
import { DEFAULT_BUNDLE_NAME } from "../../components/userWorkspaces";
import { architectureOf } from "../../ground/instanceTypes";
import { dashboardBody, outsideSignInsQuery } from "../../components/monitoring";
import { SHIPPED as LAB_STACKS } from "../fixtures/urns/shapes";

const P = "workspaces-privatelink";
const PASSWORD = "Lab-Passw0rd!";
const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  instance: "aws:ec2/instance:Instance",
  instanceState: "aws:ec2transitgateway/instanceState:InstanceState",
  route: "aws:ec2/route:Route",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  eice: "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint",
  dsDirectory: "aws:directoryservice/directory:Directory",
  registration: "aws:workspaces/directory:Directory",
  association: "pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  workspace: "aws:workspaces/workspace:Workspace",
  keyPair: "aws:ec2/keyPair:KeyPair",
  privateKey: "tls:index/privateKey:PrivateKey",
};

/**
 * Runs a stack: `dev` as shipped; `prod` as shipped until 46d6f25, a lab with an existing
 * directory and on-premises clients (today's prod, on an existing network, has tests of its own).
 */
async function runStack(stack: "dev" | "prod", change: Record<string, string> = {}): Promise<ProgramRun> {
  const { config } = readStackConfig(stack, stack === "prod" ? LAB_STACKS : undefined);
  if (config[`${P}:directory`]?.includes('"lab"')) {
    config[`${P}:directoryAdminPassword`] = PASSWORD;
  }
  return runProgram({
    config: { ...config, ...change },
    secretKeys: [`${P}:directoryAdminPassword`],
    stack,
  });
}

/** The rules that target one security group, as sorted "direction protocol port peer" lines. */
function rulesOf(run: ProgramRun, groupId: string): string[] {
  const describe = (direction: string) => (r: RecordedResource) => {
    const i = r.inputs as Record<string, string | number>;
    const peer = i.cidrIpv4 ?? `sg:${peerName(run, String(i.referencedSecurityGroupId))}`;
    return `${direction} ${i.ipProtocol} ${i.fromPort}-${i.toPort} ${peer}`;
  };
  return [
    ...run
      .ofType(T.ingress)
      .filter((r) => r.inputs.securityGroupId === groupId)
      .map(describe("in")),
    ...run
      .ofType(T.egress)
      .filter((r) => r.inputs.securityGroupId === groupId)
      .map(describe("out")),
  ].sort();
}

function peerName(run: ProgramRun, groupId: string): string {
  return run.ofType(T.sg).find((g) => g.id === groupId)?.name ?? groupId;
}

function idOf(run: ProgramRun, type: string, name: string): string {
  return run.get(type, name).id;
}

/** What the mocks say every association observed (a clean, registered PERSONAL directory). */
const OBSERVED = { ...CLEAN_OBSERVATION, vpcEndpointServiceName: "com.amazonaws.ap-northeast-1.highlander" };

describe("the program under mocks", function () {
  describe("dev stack (the walkthrough lab)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runStack("dev");
    });

    it("registers exactly the lab's resources", () => {
      assert.deepEqual(run.resources.map((r) => `${r.type} ${r.name}`).sort(), [
        "aws:cloudwatch/dashboard:Dashboard monitoring-dashboard",
        "aws:cloudwatch/eventRule:EventRule sign-ins-rule",
        "aws:cloudwatch/eventTarget:EventTarget sign-ins-target",
        "aws:cloudwatch/logGroup:LogGroup sign-ins-group",
        "aws:cloudwatch/logResourcePolicy:LogResourcePolicy sign-ins-policy",
        "aws:cloudwatch/metricAlarm:MetricAlarm monitoring-failures-lab",
        "aws:cloudwatch/metricAlarm:MetricAlarm monitoring-nat-instance",
        "aws:cloudwatch/metricAlarm:MetricAlarm monitoring-nat-system",
        "aws:cloudwatch/metricAlarm:MetricAlarm monitoring-packets-dropped",
        "aws:directoryservice/directory:Directory workspaces-directory",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup source-default-sg",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup workspaces-default-sg",
        "aws:ec2/instance:Instance client-instance",
        "aws:ec2/instance:Instance nat-instance",
        "aws:ec2/internetGateway:InternetGateway source-igw",
        "aws:ec2/keyPair:KeyPair client-key",
        "aws:ec2/route:Route nat-default-route-0",
        "aws:ec2/route:Route source-public-default",
        "aws:ec2/routeTable:RouteTable source-private-rt",
        "aws:ec2/routeTable:RouteTable source-public-rt",
        "aws:ec2/routeTable:RouteTable workspaces-private-rt",
        "aws:ec2/routeTableAssociation:RouteTableAssociation source-private-apne1-az1",
        "aws:ec2/routeTableAssociation:RouteTableAssociation source-private-apne1-az4",
        "aws:ec2/routeTableAssociation:RouteTableAssociation source-public",
        "aws:ec2/routeTableAssociation:RouteTableAssociation workspaces-private-apne1-az1",
        "aws:ec2/routeTableAssociation:RouteTableAssociation workspaces-private-apne1-az4",
        "aws:ec2/securityGroup:SecurityGroup client-eice-sg",
        "aws:ec2/securityGroup:SecurityGroup client-sg",
        "aws:ec2/securityGroup:SecurityGroup nat-sg",
        "aws:ec2/securityGroup:SecurityGroup streaming-sg",
        "aws:ec2/subnet:Subnet source-private-apne1-az1",
        "aws:ec2/subnet:Subnet source-private-apne1-az4",
        "aws:ec2/subnet:Subnet source-public",
        "aws:ec2/subnet:Subnet workspaces-private-apne1-az1",
        "aws:ec2/subnet:Subnet workspaces-private-apne1-az4",
        "aws:ec2/vpc:Vpc source-vpc",
        "aws:ec2/vpc:Vpc workspaces-vpc",
        "aws:ec2/vpcEndpoint:VpcEndpoint streaming-endpoint",
        "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint client-eice",
        "aws:ec2transitgateway/instanceState:InstanceState nat-state",
        "aws:iam/role:Role workspaces-default-role",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment workspaces-default-role-self-service-access",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment workspaces-default-role-service-access",
        "aws:kms/alias:Alias monitoring-alarms-key",
        "aws:kms/key:Key monitoring-alarms-key",
        "aws:sns/topic:Topic monitoring-alarms",
        "aws:sns/topicPolicy:TopicPolicy monitoring-alarms",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule client-eice-out-tcp3389-client",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule client-out-tcp4195-10-0-0-0-16",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule client-out-tcp443-0-0-0-0-0",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule client-out-udp4195-10-0-0-0-16",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule client-out-udp443-0-0-0-0-0",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule nat-out-tcp443-0-0-0-0-0",
        "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule nat-out-udp443-0-0-0-0-0",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule client-in-tcp3389-eice",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule nat-in-tcp443-10-0-16-0-20",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule nat-in-tcp443-10-0-32-0-20",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule nat-in-udp443-10-0-16-0-20",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule nat-in-udp443-10-0-32-0-20",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule streaming-in-tcp4195-10-0-0-0-16",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule streaming-in-tcp443-10-0-0-0-16",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule streaming-in-udp4195-10-0-0-0-16",
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule streaming-in-udp443-10-0-0-0-16",
        "aws:workspaces/directory:Directory workspaces-registration",
        "pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation streaming",
        "tls:index/privateKey:PrivateKey client-key",
        "workspaces-privatelink:client:WindowsClient client",
        "workspaces-privatelink:index:WorkspacesStreaming workspaces-privatelink",
        "workspaces-privatelink:monitoring:Monitoring monitoring",
        "workspaces-privatelink:monitoring:SignInLog sign-ins",
        "workspaces-privatelink:network:ClientAccess clients",
        "workspaces-privatelink:network:NatInstance nat",
        "workspaces-privatelink:network:SourceNetwork source",
        "workspaces-privatelink:network:WorkspacesNetwork workspaces",
        "workspaces-privatelink:streaming:StreamingEndpoint streaming",
        "workspaces-privatelink:workspaces:UserWorkspaces lab",
      ]);
    });

    it("turns on DNS support and hostnames in both VPCs (private DNS of the endpoint needs both)", () => {
      for (const name of ["source-vpc", "workspaces-vpc"]) {
        const vpc = run.get(T.vpc, name).inputs;
        assert.equal(vpc.enableDnsSupport, true, name);
        assert.equal(vpc.enableDnsHostnames, true, name);
      }
      assert.equal(run.get(T.vpc, "source-vpc").inputs.cidrBlock, "10.0.0.0/16");
      assert.equal(run.get(T.vpc, "workspaces-vpc").inputs.cidrBlock, "10.1.0.0/16");
    });

    it("locks both default security groups down to no rules", () => {
      for (const group of run.ofType(T.defaultSg)) {
        assert.equal(group.inputs.ingress, undefined, group.name);
        assert.equal(group.inputs.egress, undefined, group.name);
      }
      assert.equal(run.ofType(T.defaultSg).length, 2);
    });

    it("lays the subnets out by AZ ID, none handing out public addresses", () => {
      const layout = run
        .ofType(T.subnet)
        .map(
          (s) =>
            `${s.name} ${s.inputs.availabilityZoneId} ${s.inputs.cidrBlock} ${s.inputs.mapPublicIpOnLaunch}`,
        )
        .sort();
      assert.deepEqual(layout, [
        "source-private-apne1-az1 apne1-az1 10.0.16.0/20 false",
        "source-private-apne1-az4 apne1-az4 10.0.32.0/20 false",
        "source-public apne1-az1 10.0.0.0/20 false",
        "workspaces-private-apne1-az1 apne1-az1 10.1.0.0/20 false",
        "workspaces-private-apne1-az4 apne1-az4 10.1.16.0/20 false",
      ]);
    });

    it("creates the highlander interface endpoint: private DNS on, IPv4 only, two AZs", () => {
      const endpoint = run.get(T.endpoint, "streaming-endpoint").inputs;
      assert.deepEqual(endpoint, {
        vpcId: idOf(run, T.vpc, "source-vpc"),
        serviceName: "com.amazonaws.ap-northeast-1.highlander",
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        ipAddressType: "ipv4",
        dnsOptions: { dnsRecordIpType: "ipv4" },
        subnetIds: [
          idOf(run, T.subnet, "source-private-apne1-az1"),
          idOf(run, T.subnet, "source-private-apne1-az4"),
        ],
        securityGroupIds: [idOf(run, T.sg, "streaming-sg")],
        tags: {
          Name: "streaming",
          // Which setup made the endpoint: what an association refusing a directory names.
          "workspaces-privatelink:project": "workspaces-privatelink",
          "workspaces-privatelink:stack": "dev",
          "workspaces-privatelink:component": "workspaces-privatelink",
        },
      });
    });

    it("admits the four streaming ports from the source VPC and has no egress rule", () => {
      const group = run.get(T.sg, "streaming-sg");
      assert.equal(group.inputs.ingress, undefined);
      assert.equal(group.inputs.egress, undefined);
      assert.deepEqual(rulesOf(run, group.id), [
        "in tcp 4195-4195 10.0.0.0/16",
        "in tcp 443-443 10.0.0.0/16",
        "in udp 4195-4195 10.0.0.0/16",
        "in udp 443-443 10.0.0.0/16",
      ]);
    });

    it("lets the NAT forward TCP and UDP 443 from the private subnets, and out only those", () => {
      assert.deepEqual(rulesOf(run, idOf(run, T.sg, "nat-sg")), [
        "in tcp 443-443 10.0.16.0/20",
        "in tcp 443-443 10.0.32.0/20",
        "in udp 443-443 10.0.16.0/20",
        "in udp 443-443 10.0.32.0/20",
        "out tcp 443-443 0.0.0.0/0",
        "out udp 443-443 0.0.0.0/0",
      ]);
    });

    it("builds the NAT instance: forwarding on, public address, IMDSv2, encrypted, AMI pinned", () => {
      const nat = run.get(T.instance, "nat-instance");
      assert.equal(nat.inputs.sourceDestCheck, false);
      assert.equal(nat.inputs.associatePublicIpAddress, true);
      assert.equal(nat.inputs.subnetId, idOf(run, T.subnet, "source-public"));
      assert.equal(nat.inputs.instanceType, "t4g.nano");
      assert.deepEqual(nat.inputs.metadataOptions, {
        httpTokens: "required",
        httpEndpoint: "enabled",
        httpPutResponseHopLimit: 1,
      });
      assert.deepEqual(nat.inputs.rootBlockDevice, {
        encrypted: true,
        volumeType: "gp3",
        deleteOnTermination: true,
      });
      assert.deepEqual(nat.ignoreChanges, ["ami"]);
      const userData = String(nat.inputs.userData);
      assert.match(userData, /^Content-Type: multipart\/mixed; boundary="==NAT-BOOT=="\n/);
      // cloud-init runs the script at every boot, not only the first.
      assert.match(userData, /\n#cloud-config\ncloud_final_modules:\n {2}- \[scripts-user, always\]\n/);
      assert.match(
        userData,
        /Content-Type: text\/x-shellscript; charset="us-ascii"\n[^]*\n\n#!\/bin\/bash\n/,
      );
      assert.match(userData, /\n--==NAT-BOOT==--\n$/);
      assert.match(
        userData,
        /ALLOWED_SOURCES="\$\{NAT_ALLOWED_SOURCES:-10\.0\.16\.0\/20 10\.0\.32\.0\/20\}"/,
      );
      assert.doesNotMatch(userData, /@ALLOWED_SOURCES@/);
      assert.deepEqual(
        run.invokes.filter((i) => i.token === "aws:ssm/getParameter:getParameter").map((i) => i.inputs.name),
        [
          "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
          "/aws/service/ami-windows-latest/Windows_Server-2025-Japanese-Full-Base",
        ],
      );
    });

    it("keeps the NAT running and routes the private subnets' default route to it", () => {
      const nat = run.get(T.instance, "nat-instance");
      assert.deepEqual(run.get(T.instanceState, "nat-state").inputs, {
        instanceId: nat.id,
        state: "running",
      });
      assert.deepEqual(run.get(T.route, "nat-default-route-0").inputs, {
        routeTableId: idOf(run, "aws:ec2/routeTable:RouteTable", "source-private-rt"),
        destinationCidrBlock: "0.0.0.0/0",
        networkInterfaceId: nat.state.primaryNetworkInterfaceId,
      });
      assert.equal(
        run.get(T.route, "source-public-default").inputs.gatewayId,
        idOf(run, "aws:ec2/internetGateway:InternetGateway", "source-igw"),
      );
    });

    it("builds the Windows client with no public address, IMDSv2, an encrypted root and the WorkSpaces client", () => {
      const client = run.get(T.instance, "client-instance");
      assert.equal(client.inputs.associatePublicIpAddress, false);
      assert.equal(client.inputs.subnetId, idOf(run, T.subnet, "source-private-apne1-az1"));
      assert.deepEqual(client.inputs.metadataOptions, {
        httpTokens: "required",
        httpEndpoint: "enabled",
        httpPutResponseHopLimit: 1,
      });
      assert.equal((client.inputs.rootBlockDevice as Record<string, unknown>).encrypted, true);
      assert.deepEqual(client.ignoreChanges, ["ami"], "a new monthly AMI must not replace the client");
      const userData = String(client.inputs.userData);
      assert.match(userData, /^<powershell>\n/);
      // EC2Launch v2 runs it at every boot, so an unfinished install finishes later.
      assert.match(userData, /<\/powershell>\n<persist>true<\/persist>\n$/);
      assert.match(userData, /\$attempts = 6 /);
      assert.match(
        userData,
        /if \(Installed\) \{\n {4}Report 'OK: the WorkSpaces client is installed'\n {4}exit 0/,
      );
      assert.match(
        userData,
        /https:\/\/d2td7dqidlhjx7\.cloudfront\.net\/prod\/global\/windows\/Amazon\+WorkSpaces\.msi/,
      );
      assert.match(userData, /'\/quiet', '\/norestart'/);
    });

    it("launches the client only after the NAT and its route, so the first boot can download", () => {
      const dependencies = run.get(T.instance, "client-instance").dependencies;
      for (const [type, name] of [
        [T.instance, "nat-instance"],
        [T.route, "nat-default-route-0"],
        [T.instanceState, "nat-state"],
      ]) {
        assert.ok(dependencies.includes(run.get(type, name).urn), `client waits for ${name}`);
      }
    });

    it("makes a key pair for the client's Administrator password and exports its private key as a secret", () => {
      const key = run.get(T.privateKey, "client-key");
      assert.deepEqual(key.inputs, { algorithm: "RSA", rsaBits: 4096 });
      const keyPair = run.get(T.keyPair, "client-key");
      assert.deepEqual(keyPair.inputs, {
        keyNamePrefix: "client-",
        publicKey: key.state.publicKeyOpenssh,
        tags: { Name: "client" },
      });
      assert.equal(run.get(T.instance, "client-instance").inputs.keyName, keyPair.state.keyName);
      assert.equal(run.outputs.clientKeyName, keyPair.state.keyName);
      assert.equal(run.outputs.clientPrivateKeyPem, key.state.privateKeyPem);
      assert.deepEqual(run.secretOutputs, ["clientPrivateKeyPem"]);
    });

    it("uses the user's key pair instead when client.keyName is set", async () => {
      const withKey = await runStack("dev", {
        [`${P}:client`]: JSON.stringify({ enabled: true, keyName: "my-key" }),
      });
      assert.deepEqual(withKey.ofType(T.keyPair), []);
      assert.deepEqual(withKey.ofType(T.privateKey), []);
      assert.equal(withKey.get(T.instance, "client-instance").inputs.keyName, "my-key");
      assert.equal(withKey.outputs.clientKeyName, "my-key");
      assert.equal(withKey.outputs.clientPrivateKeyPem, undefined);
    });

    it("admits RDP to the client only from the Instance Connect Endpoint's group", () => {
      assert.deepEqual(rulesOf(run, idOf(run, T.sg, "client-sg")), [
        "in tcp 3389-3389 sg:client-eice-sg",
        "out tcp 4195-4195 10.0.0.0/16",
        "out tcp 443-443 0.0.0.0/0",
        "out udp 4195-4195 10.0.0.0/16",
        "out udp 443-443 0.0.0.0/0",
      ]);
      assert.deepEqual(rulesOf(run, idOf(run, T.sg, "client-eice-sg")), ["out tcp 3389-3389 sg:client-sg"]);
      assert.deepEqual(run.get(T.eice, "client-eice").inputs, {
        subnetId: idOf(run, T.subnet, "source-private-apne1-az1"),
        securityGroupIds: [idOf(run, T.sg, "client-eice-sg")],
        preserveClientIp: false,
        tags: { Name: "client" },
      });
    });

    it("gives no public address to anything but the NAT", () => {
      const publicOnes = run.ofType(T.instance).filter((i) => i.inputs.associatePublicIpAddress !== false);
      assert.deepEqual(
        publicOnes.map((i) => i.name),
        ["nat-instance"],
      );
    });

    it("creates a Simple AD in the WorkSpaces VPC and registers it as PERSONAL", () => {
      const ad = run.get(T.dsDirectory, "workspaces-directory");
      const subnets = [
        idOf(run, T.subnet, "workspaces-private-apne1-az1"),
        idOf(run, T.subnet, "workspaces-private-apne1-az4"),
      ];
      assert.equal(ad.inputs.type, "SimpleAD");
      assert.equal(ad.inputs.size, "Small");
      assert.equal(ad.inputs.edition, undefined);
      assert.equal(ad.inputs.name, "corp.example.com");
      assert.deepEqual(ad.inputs.vpcSettings, {
        vpcId: idOf(run, T.vpc, "workspaces-vpc"),
        subnetIds: subnets,
      });
      const registration = run.get(T.registration, "workspaces-registration");
      assert.equal(registration.inputs.directoryId, ad.id);
      assert.equal(registration.inputs.workspaceType, "PERSONAL");
      assert.deepEqual(registration.inputs.subnetIds, subnets);
      assert.equal(registration.inputs.workspaceAccessProperties, undefined);
      assert.equal(run.outputs.directoryId, ad.id);
    });

    it("makes the registered directory ignore the streaming endpoint the association owns", () => {
      assert.deepEqual(run.get(T.registration, "workspaces-registration").ignoreChanges, [
        "workspaceAccessProperties.accessEndpointConfig",
      ]);
    });

    it("registers the directory only after workspaces_DefaultRole has its policies", () => {
      const role = run.get(T.role, "workspaces-default-role");
      assert.equal(role.inputs.name, "workspaces_DefaultRole");
      assert.deepEqual(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal, {
        Service: "workspaces.amazonaws.com",
      });
      const attachments = run.ofType(T.attachment);
      assert.deepEqual(attachments.map((a) => a.inputs.policyArn).sort(), [
        "arn:aws:iam::aws:policy/AmazonWorkSpacesSelfServiceAccess",
        "arn:aws:iam::aws:policy/AmazonWorkSpacesServiceAccess",
      ]);
      const dependencies = run.get(T.registration, "workspaces-registration").dependencies;
      for (const attachment of attachments) {
        assert.ok(dependencies.includes(attachment.urn), `registration waits for ${attachment.name}`);
      }
    });

    it("keeps the administrator password out of every plain input", () => {
      for (const resource of run.resources) {
        if (resource.type === T.dsDirectory) {
          continue;
        }
        assert.ok(
          !JSON.stringify(resource.inputs).includes(PASSWORD),
          `${resource.name} carries the password`,
        );
      }
    });

    it("exports the outputs contract, leaving out what does not apply (no resolver, no transit gateway)", () => {
      const endpoint = run.get(T.endpoint, "streaming-endpoint");
      assert.deepEqual(run.outputs, {
        region: "ap-northeast-1",
        sourceVpcId: idOf(run, T.vpc, "source-vpc"),
        workspacesVpcId: idOf(run, T.vpc, "workspaces-vpc"),
        streamingEndpointId: endpoint.id,
        streamingEndpointServiceName: "com.amazonaws.ap-northeast-1.highlander",
        streamingEndpointDnsNames: (endpoint.state.dnsEntries as { dnsName: string }[]).map((e) => e.dnsName),
        streamingEndpointSecurityGroupId: idOf(run, T.sg, "streaming-sg"),
        privateLinkHostname: "privatelink.prod.ap-northeast-1.highlander.aws.a2z.com",
        directoryId: idOf(run, T.dsDirectory, "workspaces-directory"),
        allowPcoipOverInternet: false,
        internetAccess: "https-only",
        natInstanceId: idOf(run, T.instance, "nat-instance"),
        clientInstanceId: idOf(run, T.instance, "client-instance"),
        instanceConnectEndpointId: idOf(run, T.eice, "client-eice"),
        clientKeyName: run.get(T.keyPair, "client-key").state.keyName,
        clientPrivateKeyPem: run.get(T.privateKey, "client-key").state.privateKeyPem,
        registrationCode: "SLiad+ABCDEF",
        workspaceIds: {},
        streamingEndpointIps: ["10.0.16.200", "10.0.32.200"],
        dnsForwardDomains: ["privatelink.prod.ap-northeast-1.highlander.aws.a2z.com"],
        streamingRouteTableIds: [idOf(run, "aws:ec2/routeTable:RouteTable", "source-private-rt")],
        streamingAssociation: OBSERVED,
        directoryIds: [idOf(run, T.dsDirectory, "workspaces-directory")],
        signInLogGroupName: "/aws/events/workspaces-privatelink/dev/sign-ins",
        streamingClientCidrs: ["10.0.0.0/16"],
        signInEgressCidrs: [],
        dashboardName: "workspaces-privatelink-dev",
        alarmTopicArn: "arn:aws:sns:ap-northeast-1:123456789012:workspaces-privatelink-dev-alarms",
        streamingAssociations: {
          [idOf(run, T.dsDirectory, "workspaces-directory")]: {
            associated: true,
            allowPcoipOverInternet: false,
            ...OBSERVED,
          },
        },
      });
    });

    it("associates the directory with the endpoint through the dynamic provider", () => {
      const association = run.get(T.association, "streaming");
      const { __provider: provider, ...inputs } = association.inputs;
      assert.deepEqual(Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined)), {
        directoryId: idOf(run, T.dsDirectory, "workspaces-directory"),
        vpcEndpointId: idOf(run, T.endpoint, "streaming-endpoint"),
        allowPcoipOverInternet: false,
        ownDns: false,
        takeOver: false,
        region: "ap-northeast-1",
        // The aws provider's account: the association refuses credentials that reach another.
        accountId: "123456789012",
      });
      assert.equal(typeof provider, "string", "the serialized provider travels in __provider");
      assert.match(String(provider), /exports\.handler = /);
      // Depending on the endpoint is what makes the engine delete the association first.
      assert.ok(association.dependencies.includes(run.get(T.endpoint, "streaming-endpoint").urn));
      assert.ok(association.dependencies.includes(run.get(T.registration, "workspaces-registration").urn));
    });
  });

  describe("a lab with an existing directory and on-premises clients (prod until 46d6f25)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runStack("prod");
    });

    it("creates no directory, no role and no Windows client", () => {
      for (const type of [
        T.dsDirectory,
        T.registration,
        T.role,
        T.attachment,
        T.eice,
        "workspaces-privatelink:client:WindowsClient",
      ]) {
        assert.deepEqual(run.ofType(type), [], type);
      }
      assert.deepEqual(
        run.ofType(T.instance).map((i) => i.name),
        ["nat-instance"],
      );
    });

    it("admits the on-premises range on the four streaming ports", () => {
      assert.deepEqual(rulesOf(run, idOf(run, T.sg, "streaming-sg")), [
        "in tcp 4195-4195 192.168.0.0/16",
        "in tcp 443-443 192.168.0.0/16",
        "in udp 4195-4195 192.168.0.0/16",
        "in udp 443-443 192.168.0.0/16",
      ]);
    });

    it("puts the endpoint in the source VPC", () => {
      const endpoint = run.get(T.endpoint, "streaming-endpoint").inputs;
      assert.equal(endpoint.vpcId, idOf(run, T.vpc, "source-vpc"));
      assert.equal(endpoint.serviceName, "com.amazonaws.ap-northeast-1.highlander");
    });

    it("exports the existing directory and its registration code, and leaves the client outputs absent", () => {
      assert.equal(run.outputs.directoryId, "d-95670a1b2c");
      assert.equal(run.outputs.registrationCode, "SLiad+EXISTING");
      assert.deepEqual(
        run.invokes
          .filter((i) => i.token === "aws:workspaces/getDirectory:getDirectory")
          .map((i) => i.inputs),
        [{ directoryId: "d-95670a1b2c" }],
      );
      assert.equal(run.outputs.clientKeyName, undefined);
      assert.equal(run.outputs.clientPrivateKeyPem, undefined);
      assert.equal(run.outputs.clientInstanceId, undefined);
      assert.equal(run.outputs.instanceConnectEndpointId, undefined);
      assert.equal(run.outputs.natInstanceId, idOf(run, T.instance, "nat-instance"));
      assert.equal(run.outputs.sourceVpcId, idOf(run, T.vpc, "source-vpc"));
    });
  });

  describe("clients beyond the VPC (prod: on-premises ranges)", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runStack("prod");
    });
    const resolverType = "aws:route53/resolverEndpoint:ResolverEndpoint";

    it("runs a Route 53 Resolver inbound endpoint in the endpoint's two subnets", () => {
      assert.deepEqual(run.get(resolverType, "clients-resolver").inputs, {
        name: "clients-inbound",
        direction: "INBOUND",
        resolverEndpointType: "IPV4",
        protocols: ["Do53"],
        securityGroupIds: [idOf(run, T.sg, "clients-resolver-sg")],
        ipAddresses: [
          { subnetId: idOf(run, T.subnet, "source-private-apne1-az1") },
          { subnetId: idOf(run, T.subnet, "source-private-apne1-az4") },
        ],
        tags: { Name: "clients-inbound" },
      });
    });

    it("admits DNS (TCP and UDP 53) to the resolver from the client ranges only, with no egress", () => {
      const group = run.get(T.sg, "clients-resolver-sg");
      assert.equal(group.inputs.ingress, undefined);
      assert.equal(group.inputs.egress, undefined);
      assert.equal(group.inputs.vpcId, idOf(run, T.vpc, "source-vpc"));
      assert.deepEqual(rulesOf(run, group.id), [
        "in tcp 53-53 192.168.0.0/16",
        "in udp 53-53 192.168.0.0/16",
      ]);
    });

    it("exports what the network team needs: resolver IPs, names to forward, endpoint IPs, route tables", () => {
      assert.deepEqual(run.outputs.dnsResolverIps, ["10.99.0.53", "10.99.1.53"]);
      assert.deepEqual(run.outputs.dnsForwardDomains, [
        "privatelink.prod.ap-northeast-1.highlander.aws.a2z.com",
      ]);
      assert.deepEqual(run.outputs.streamingEndpointIps, ["10.0.16.200", "10.0.32.200"]);
      assert.deepEqual(run.outputs.streamingRouteTableIds, [
        idOf(run, "aws:ec2/routeTable:RouteTable", "source-private-rt"),
      ]);
      assert.equal(run.outputs.transitGatewayAttachmentId, undefined);
      const endpoint = run.get(T.endpoint, "streaming-endpoint");
      assert.deepEqual(
        run.invokes
          .filter((i) => i.token === "aws:ec2/getNetworkInterface:getNetworkInterface")
          .map((i) => i.inputs),
        (endpoint.state.networkInterfaceIds as string[]).map((id) => ({ id })),
      );
    });

    it("attaches the endpoint's VPC to a transit gateway and routes each client range there", async () => {
      const tgw = "tgw-0123456789abcdef0";
      const routed = await runStack("prod", {
        [`${P}:clientNetwork`]: JSON.stringify({ dnsResolver: true, transitGatewayId: tgw }),
        [`${P}:streamingEndpoint`]: JSON.stringify({
          allowedCidrs: ["192.168.0.0/16", "172.16.0.0/12", "10.20.5.0/24"],
        }),
      });
      const attachment = routed.get("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "clients-tgw");
      assert.deepEqual(attachment.inputs, {
        transitGatewayId: tgw,
        vpcId: idOf(routed, T.vpc, "source-vpc"),
        subnetIds: [
          idOf(routed, T.subnet, "source-private-apne1-az1"),
          idOf(routed, T.subnet, "source-private-apne1-az4"),
        ],
        dnsSupport: "enable",
        ipv6Support: "disable",
        tags: { Name: "clients-streaming" },
      });
      const routes = routed.ofType(T.route).filter((r) => r.name.startsWith("clients-tgw-"));
      // 10.20.5.0/24 is inside the VPC's own block: reached locally, no route.
      assert.deepEqual(
        routes.map((r) => [r.name, r.inputs]),
        ["172.16.0.0/12", "192.168.0.0/16"].map((cidr) => [
          `clients-tgw-0-${cidr.replace(/[./]/g, "-")}`,
          {
            routeTableId: idOf(routed, "aws:ec2/routeTable:RouteTable", "source-private-rt"),
            destinationCidrBlock: cidr,
            transitGatewayId: tgw,
          },
        ]),
      );
      for (const route of routes) {
        assert.ok(route.dependencies.includes(attachment.urn), `${route.name} waits for the attachment`);
      }
      assert.equal(routed.outputs.transitGatewayAttachmentId, attachment.id);
    });

    it("makes rules from the normalised ranges: duplicates and inner ranges merged, neighbours aggregated, sorted", async () => {
      const merged = await runStack("prod", {
        [`${P}:streamingEndpoint`]: JSON.stringify({
          allowedCidrs: [
            "192.168.1.0/24",
            "192.168.0.0/24",
            "192.168.0.0/24",
            "192.168.0.128/25",
            "172.20.0.0/16",
          ],
        }),
      });
      assert.deepEqual(rulesOf(merged, idOf(merged, T.sg, "streaming-sg")), [
        "in tcp 4195-4195 172.20.0.0/16",
        "in tcp 4195-4195 192.168.0.0/23",
        "in tcp 443-443 172.20.0.0/16",
        "in tcp 443-443 192.168.0.0/23",
        "in udp 4195-4195 172.20.0.0/16",
        "in udp 4195-4195 192.168.0.0/23",
        "in udp 443-443 172.20.0.0/16",
        "in udp 443-443 192.168.0.0/23",
      ]);
      assert.deepEqual(
        merged
          .ofType(T.ingress)
          .filter((r) => r.name.startsWith("streaming-in-tcp443-"))
          .map((r) => r.name),
        ["streaming-in-tcp443-172-20-0-0-16", "streaming-in-tcp443-192-168-0-0-23"],
        "registration order follows the address order, so a second up is the same",
      );
    });

    it("leaves the resolver out in dev, where the client is inside the VPC", async () => {
      const dev = await runStack("dev");
      assert.deepEqual(dev.ofType(resolverType), []);
      assert.equal(dev.outputs.dnsResolverIps, undefined);
    });
  });

  describe("WorkSpaces to stream to", () => {
    let run: ProgramRun;
    before(async () => {
      run = await runStack("dev", {
        [`${P}:workspaces`]: JSON.stringify([
          { userName: "jdoe" },
          { userName: "Alice" },
          { userName: "pcoip-user", bundleId: "wsb-pcoip1234" },
        ]),
      });
    });

    it("launches one WorkSpace per user, encrypted with the AWS-managed key, AUTO_STOP after 60 minutes", () => {
      const registration = run.get(T.registration, "workspaces-registration");
      assert.deepEqual(run.get(T.workspace, "lab-jdoe").inputs, {
        directoryId: registration.state.directoryId,
        bundleId: "wsb-93xk71ss4",
        userName: "jdoe",
        rootVolumeEncryptionEnabled: true,
        userVolumeEncryptionEnabled: true,
        volumeEncryptionKey: "alias/aws/workspaces",
        workspaceProperties: {
          computeTypeName: "STANDARD",
          rootVolumeSizeGib: 80,
          userVolumeSizeGib: 50,
          runningMode: "AUTO_STOP",
          runningModeAutoStopTimeoutInMinutes: 60,
        },
        tags: { Name: "lab-jdoe", user: "jdoe" },
      });
      assert.equal(run.get(T.workspace, "lab-alice").inputs.userName, "Alice");
    });

    it("takes a PCoIP bundle given by ID with that bundle's own hardware", () => {
      const pcoip = run.get(T.workspace, "lab-pcoip-user").inputs;
      assert.equal(pcoip.bundleId, "wsb-pcoip1234");
      assert.deepEqual(pcoip.workspaceProperties, {
        computeTypeName: "VALUE",
        rootVolumeSizeGib: 80,
        userVolumeSizeGib: 10,
        runningMode: "AUTO_STOP",
        runningModeAutoStopTimeoutInMinutes: 60,
      });
    });

    it("looks the default DCV bundle up once, by name and owner, and the given bundle by ID", () => {
      assert.deepEqual(
        run.invokes.filter((i) => i.token === "aws:workspaces/getBundle:getBundle").map((i) => i.inputs),
        [{ owner: "AMAZON", name: DEFAULT_BUNDLE_NAME }, { bundleId: "wsb-pcoip1234" }],
      );
      assert.equal(DEFAULT_BUNDLE_NAME, "Standard with Windows 10 (Server 2022 based) (WSP)");
    });

    it("launches them only after the directory is registered, and sets the association after them", () => {
      const registration = run.get(T.registration, "workspaces-registration");
      const association = run.get(T.association, "streaming");
      for (const workspace of run.ofType(T.workspace)) {
        assert.deepEqual(workspace.propertyDependencies.directoryId, [registration.urn], workspace.name);
        assert.ok(
          association.dependencies.includes(workspace.urn),
          `association waits for ${workspace.name}`,
        );
      }
    });

    it("exports the WorkSpace IDs by user name", () => {
      assert.deepEqual(run.outputs.workspaceIds, {
        jdoe: idOf(run, T.workspace, "lab-jdoe"),
        Alice: idOf(run, T.workspace, "lab-alice"),
        "pcoip-user": idOf(run, T.workspace, "lab-pcoip-user"),
      });
    });

    it("launches WorkSpaces in an existing directory too", async () => {
      const prod = await runStack("prod", { [`${P}:workspaces`]: JSON.stringify([{ userName: "jdoe" }]) });
      assert.equal(prod.get(T.workspace, "lab-jdoe").inputs.directoryId, "d-95670a1b2c");
      assert.deepEqual(prod.outputs.workspaceIds, { jdoe: idOf(prod, T.workspace, "lab-jdoe") });
    });
  });

  describe("the association's warnings", () => {
    it("are logged on the resource by the program, since the provider host cannot reach the engine", async () => {
      const logged: [string, string | undefined][] = [];
      const log = pulumi.log as unknown as {
        warn: (message: string, resource?: pulumi.Resource) => Promise<void>;
      };
      const original = log.warn;
      log.warn = async (message, resource) => {
        logged.push([
          message,
          resource ? await new Promise<string>((r) => resource.urn.apply(r)) : undefined,
        ]);
      };
      try {
        const { config } = readStackConfig("prod", LAB_STACKS);
        const run = await runProgram({
          config,
          stack: "prod",
          outputs: ({ type }) =>
            type === T.association
              ? { warnings: ["directory d-95670a1b2c has 2 PCoIP WorkSpaces; ..."] }
              : undefined,
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.deepEqual(logged, [
          ["directory d-95670a1b2c has 2 PCoIP WorkSpaces; ...", run.get(T.association, "streaming").urn],
        ]);
      } finally {
        log.warn = original;
      }
    });
  });

  describe("the streaming service in the region", () => {
    it("is looked up in the region first, and the endpoint uses the name the region gives", async () => {
      const run = await runStack("dev");
      assert.deepEqual(
        run.invokes
          .filter((i) => i.token === "aws:ec2/getVpcEndpointService:getVpcEndpointService")
          .map((i) => i.inputs),
        [{ serviceName: "com.amazonaws.ap-northeast-1.highlander", serviceType: "Interface" }],
      );
      assert.equal(
        run.get(T.endpoint, "streaming-endpoint").inputs.serviceName,
        "com.amazonaws.ap-northeast-1.highlander",
      );
    });

    it("fails before any resource, naming the region, where the region does not offer it", async () => {
      const { config } = readStackConfig("prod", LAB_STACKS);
      await assert.rejects(
        runProgram({
          config: {
            ...config,
            "aws:region": "us-east-2",
            [`${P}:sourceVpc`]: JSON.stringify({
              cidr: "10.20.0.0/16",
              availabilityZoneIds: ["use2-az1", "use2-az2"],
            }),
            [`${P}:workspacesVpc`]: JSON.stringify({
              cidr: "10.21.0.0/16",
              availabilityZoneIds: ["use2-az1", "use2-az2"],
            }),
          },
          stack: "prod",
          call: (args) => {
            if (args.token === "aws:ec2/getVpcEndpointService:getVpcEndpointService") {
              // As the engine answers a failed invoke: a gRPC error whose details carry the provider's message.
              const message = "reading EC2 VPC Endpoint Services: no matching VPC Endpoint Service found";
              throw Object.assign(new Error(message), { details: message });
            }
            // The provider's region and account come first; nothing else is asked.
            if (args.token === "aws:index/getRegion:getRegion") {
              return { id: "us-east-2", name: "us-east-2", region: "us-east-2" };
            }
            if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
              return defaultCall(args);
            }
            throw new Error(`unexpected invoke ${args.token}`);
          },
        }),
        (error: unknown) => {
          assert.ok(error instanceof ProgramFailed);
          assert.equal(
            error.message,
            "com.amazonaws.us-east-2.highlander is not offered in us-east-2: WorkSpaces streaming over PrivateLink is not available there. Deploy to a region where WorkSpaces Personal offers it (aws ec2 describe-vpc-endpoint-services --region us-east-2 --service-names com.amazonaws.us-east-2.highlander shows it where it is).",
          );
          assert.deepEqual(error.resources, []);
          return true;
        },
      );
    });
  });

  describe("the sign-in log", () => {
    const LOG = {
      group: "aws:cloudwatch/logGroup:LogGroup",
      rule: "aws:cloudwatch/eventRule:EventRule",
      target: "aws:cloudwatch/eventTarget:EventTarget",
      policy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    };

    it("delivers WorkSpaces Access events to a log group EventBridge may write to, and nothing more", async () => {
      const run = await runStack("prod", { [`${P}:signInLog`]: JSON.stringify({ retentionDays: "30" }) });
      const group = run.get(LOG.group, "sign-ins-group");
      const rule = run.get(LOG.rule, "sign-ins-rule");
      assert.deepEqual(group.inputs, {
        name: "/aws/events/workspaces-privatelink/prod/sign-ins",
        retentionInDays: 30,
        tags: { Name: "sign-ins" },
      });
      assert.deepEqual(JSON.parse(String(rule.inputs.eventPattern)), {
        source: ["aws.workspaces"],
        "detail-type": ["WorkSpaces Access"],
      });
      const target = run.get(LOG.target, "sign-ins-target");
      assert.deepEqual(target.inputs, { rule: rule.state.name, arn: group.state.arn });
      const policy = run.get(LOG.policy, "sign-ins-policy");
      assert.ok(target.dependencies.includes(policy.urn), "delivery starts once EventBridge may write");
      assert.equal(policy.inputs.policyName, "workspaces-privatelink-prod-sign-ins");
      assert.deepEqual(JSON.parse(String(policy.inputs.policyDocument)), {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EventBridgeWritesSignIns",
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `arn:aws:logs:ap-northeast-1:123456789012:log-group:/aws/events/workspaces-privatelink/prod/sign-ins:*`,
            Condition: { ArnEquals: { "aws:SourceArn": rule.state.arn } },
          },
        ],
      });
      assert.equal(run.outputs.signInLogGroupName, "/aws/events/workspaces-privatelink/prod/sign-ins");
      assert.deepEqual(run.outputs.streamingClientCidrs, ["192.168.0.0/16"]);
    });

    it("registers none of it when signInLog.enabled is false", async () => {
      const run = await runStack("prod", { [`${P}:signInLog`]: JSON.stringify({ enabled: false }) });
      for (const type of Object.values(LOG)) {
        assert.deepEqual(run.ofType(type), [], type);
      }
      assert.ok(!("signInLogGroupName" in run.outputs));
    });

    it("exports the routed networks' public egress, normalised", async () => {
      const run = await runStack("prod", {
        [`${P}:signInLog`]: JSON.stringify({
          egressCidrs: ["198.51.100.8/29", "198.51.100.0/29", "203.0.113.7/32"],
        }),
      });
      assert.deepEqual(run.outputs.signInEgressCidrs, ["198.51.100.0/28", "203.0.113.7/32"]);
    });
  });

  describe("watching it work: the dashboard and the alarms", () => {
    const W = {
      dashboard: "aws:cloudwatch/dashboard:Dashboard",
      alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
      topic: "aws:sns/topic:Topic",
      topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
      subscription: "aws:sns/topicSubscription:TopicSubscription",
      key: "aws:kms/key:Key",
      alias: "aws:kms/alias:Alias",
    };
    const DA = "d-aaaaaaaa01";
    const TOPIC = "arn:aws:sns:ap-northeast-1:123456789012:workspaces-privatelink-dev-alarms";
    let run: ProgramRun;
    let lab: string;
    let endpoint: string;
    let vpc: string;
    let nat: string;
    before(async () => {
      run = await runStack("dev", {
        [`${P}:directories`]: JSON.stringify([{ directoryId: DA, associate: false }]),
        [`${P}:signInLog`]: JSON.stringify({ egressCidrs: ["198.51.100.0/28"] }),
        [`${P}:monitoring`]: JSON.stringify({
          alarmEmail: "streaming-team@example.com",
          connectionFailureRatio: 0.25,
        }),
      });
      lab = idOf(run, T.dsDirectory, "workspaces-directory");
      endpoint = idOf(run, T.endpoint, "streaming-endpoint");
      vpc = idOf(run, T.vpc, "source-vpc");
      nat = idOf(run, T.instance, "nat-instance");
    });

    /** Every widget's metrics as "namespace metric {dimensions} stat", and its log queries. */
    function widgetsOf(body: string) {
      const parsed = JSON.parse(body) as {
        widgets: {
          type: string;
          x: number;
          y: number;
          width: number;
          height: number;
          properties: { title: string; region: string; metrics?: unknown[][]; query?: string };
        }[];
      };
      return parsed.widgets.map((w) => ({
        type: w.type,
        at: [w.x, w.y, w.width, w.height],
        title: w.properties.title,
        region: w.properties.region,
        ...(w.type === "metric"
          ? {
              metrics: (w.properties.metrics ?? []).map((m) => {
                const [namespace, metric, ...rest] = m as string[];
                const options = rest.pop() as unknown as { stat: string };
                const dims: Record<string, string> = {};
                for (let i = 0; i < rest.length; i += 2) {
                  dims[rest[i]] = rest[i + 1];
                }
                return { namespace, metric, dims, stat: options.stat };
              }),
            }
          : { query: w.properties.query }),
      }));
    }

    it("draws the endpoint, the NAT, the sign-ins from outside and every streamed directory, with this stack's IDs", () => {
      const dashboard = run.get(W.dashboard, "monitoring-dashboard");
      assert.equal(dashboard.inputs.dashboardName, "workspaces-privatelink-dev");
      const endpointDims = {
        "Endpoint Type": "Interface",
        "Service Name": "com.amazonaws.ap-northeast-1.highlander",
        "VPC Endpoint Id": endpoint,
        "VPC Id": vpc,
      };
      const directory = (id: string, x: number, y: number) => [
        {
          type: "metric",
          at: [0, y, 12, 6],
          title: `Directory ${id}: connections`,
          region: "ap-northeast-1",
          metrics: ["ConnectionAttempt", "ConnectionSuccess", "ConnectionFailure", "SessionDisconnect"].map(
            (metric) => ({ namespace: "AWS/WorkSpaces", metric, dims: { DirectoryId: id }, stat: "Sum" }),
          ),
        },
        {
          type: "metric",
          at: [x, y, 12, 6],
          title: `Directory ${id}: session times (ms)`,
          region: "ap-northeast-1",
          metrics: ["SessionLaunchTime", "InSessionLatency"].map((metric) => ({
            namespace: "AWS/WorkSpaces",
            metric,
            dims: { DirectoryId: id },
            stat: "Average",
          })),
        },
      ];
      assert.deepEqual(widgetsOf(String(dashboard.inputs.dashboardBody)), [
        {
          type: "metric",
          at: [0, 0, 12, 6],
          title: `Streaming endpoint ${endpoint}`,
          region: "ap-northeast-1",
          metrics: [
            ["ActiveConnections", "Average"],
            ["NewConnections", "Sum"],
            ["BytesProcessed", "Sum"],
            ["PacketsDropped", "Sum"],
            ["RstPacketsReceived", "Sum"],
          ].map(([metric, stat]) => ({
            namespace: "AWS/PrivateLinkEndpoints",
            metric,
            dims: endpointDims,
            stat,
          })),
        },
        {
          type: "metric",
          at: [12, 0, 12, 6],
          title: "NAT instance (sign-in path)",
          region: "ap-northeast-1",
          metrics: ["StatusCheckFailed", "StatusCheckFailed_System", "StatusCheckFailed_Instance"].map(
            (metric) => ({ namespace: "AWS/EC2", metric, dims: { InstanceId: nat }, stat: "Maximum" }),
          ),
        },
        {
          type: "log",
          at: [0, 6, 24, 6],
          title:
            "Sign-ins from outside the routed ranges (cut off once their directory streams through the endpoint)",
          region: "ap-northeast-1",
          query: [
            "SOURCE '/aws/events/workspaces-privatelink/dev/sign-ins'",
            "| fields @timestamp, detail.workspaceId as workspaceId, detail.clientIpAddress as clientIp, detail.clientPlatform as platform",
            '| filter ispresent(detail.clientIpAddress) and detail.clientIpAddress != ""',
            '| filter not isIpv4InSubnet(detail.clientIpAddress, "10.0.0.0/16") and not isIpv4InSubnet(detail.clientIpAddress, "198.51.100.0/28")',
            "| sort @timestamp desc",
            "| limit 100",
          ].join("\n"),
        },
        ...directory(lab, 12, 12),
        ...directory(DA, 12, 18),
      ]);
      assert.deepEqual(run.outputs.directoryIds, [lab, DA], "the directories drawn are directoryIds");
    });

    it("leaves the sign-in widget out when there is no sign-in log", async () => {
      const quiet = await runStack("dev", { [`${P}:signInLog`]: JSON.stringify({ enabled: false }) });
      const types = widgetsOf(
        String(quiet.get(W.dashboard, "monitoring-dashboard").inputs.dashboardBody),
      ).map((w) => `${w.type} ${w.title}`);
      assert.deepEqual(types, [
        `metric Streaming endpoint ${idOf(quiet, T.endpoint, "streaming-endpoint")}`,
        "metric NAT instance (sign-in path)",
        `metric Directory ${idOf(quiet, T.dsDirectory, "workspaces-directory")}: connections`,
        `metric Directory ${idOf(quiet, T.dsDirectory, "workspaces-directory")}: session times (ms)`,
      ]);
    });

    it("says to run the cut-over report where the ranges make the sign-in query longer than Logs Insights takes", () => {
      const ranges = Array.from(
        { length: 200 },
        (_, i) => `198.51.${Math.floor(i / 100)}.${(i % 100) * 2}/32`,
      );
      const widgets = JSON.parse(
        dashboardBody({
          region: "ap-northeast-1",
          endpointId: "vpce-0123456789abcdef0",
          endpointVpcId: "vpc-0123456789abcdef0",
          serviceName: "com.amazonaws.ap-northeast-1.highlander",
          directoryIds: ["d-aaaaaaaa01"],
          natInstanceId: "i-0123456789abcdef0",
          signInLogGroupName: "/aws/events/workspaces-privatelink/dev/sign-ins",
          routedCidrs: ranges,
        }),
      ).widgets as {
        type: string;
        x: number;
        y: number;
        height: number;
        properties: { markdown?: string };
      }[];
      const length = outsideSignInsQuery("/aws/events/workspaces-privatelink/dev/sign-ins", ranges).length;
      assert.ok(length > 10_000, `${length}`);
      assert.deepEqual(
        widgets.map((w) => [w.type, w.x, w.y, w.height]),
        [
          ["metric", 0, 0, 6],
          ["metric", 12, 0, 6],
          ["text", 0, 6, 3],
          ["metric", 0, 9, 6],
          ["metric", 12, 9, 6],
        ],
      );
      assert.equal(
        widgets[2].properties.markdown,
        `### Sign-ins from outside the routed ranges\n\nThe 200 routed and egress ranges make a Logs Insights query of ${length} characters, more than the 10000 it takes. \`npx workspaces-privatelink cutover --outputs outputs.json\` lists who signs in from outside.`,
      );
    });

    it("names the dashboard, topic, key alias and alarms from the stack's name, a dot written as a dash", async () => {
      const { config } = readStackConfig("prod", LAB_STACKS);
      const dotted = await runProgram({ config, stack: "prod.eu" });
      assert.equal(
        dotted.get(W.dashboard, "monitoring-dashboard").inputs.dashboardName,
        "workspaces-privatelink-prod-eu",
      );
      assert.equal(
        dotted.get(W.topic, "monitoring-alarms").inputs.name,
        "workspaces-privatelink-prod-eu-alarms",
      );
      assert.equal(
        dotted.get(W.alias, "monitoring-alarms-key").inputs.name,
        "alias/workspaces-privatelink-prod-eu-alarms",
      );
      for (const alarm of dotted.ofType(W.alarm)) {
        assert.match(String(alarm.inputs.name), /^workspaces-privatelink-prod-eu-[a-z0-9-]+$/);
      }
      assert.equal(dotted.outputs.dashboardName, "workspaces-privatelink-prod-eu");
    });

    it("alarms per directory on the share of failed connections, 3 of 5 minutes, quiet minutes not breaching", () => {
      const ratio = (id: string) => [
        { id: "ratio", expression: "FILL(failures, 0) / attempts", label: "failed share", returnData: true },
        ...[
          ["failures", "ConnectionFailure"],
          ["attempts", "ConnectionAttempt"],
        ].map(([qid, metricName]) => ({
          id: qid,
          metric: {
            namespace: "AWS/WorkSpaces",
            metricName,
            dimensions: { DirectoryId: id },
            period: 60,
            stat: "Sum",
          },
        })),
      ];
      for (const [name, key, id] of [
        ["monitoring-failures-lab", "lab", lab],
        [`monitoring-failures-${DA}`, DA, DA],
      ]) {
        assert.deepEqual(run.get(W.alarm, name).inputs, {
          name: `workspaces-privatelink-dev-connection-failures-${key}`,
          alarmDescription: `More than 25% of the connection attempts to directory ${id}'s WorkSpaces fail. First: npx workspaces-privatelink doctor from the users' network; npx workspaces-privatelink cutover for who connects from outside.`,
          comparisonOperator: "GreaterThanThreshold",
          threshold: 0.25,
          evaluationPeriods: 5,
          datapointsToAlarm: 3,
          metricQueries: ratio(id),
          treatMissingData: "notBreaching",
          alarmActions: [TOPIC],
          okActions: [TOPIC],
        });
      }
    });

    it("alarms when the endpoint drops packets 5 minutes running", () => {
      assert.deepEqual(run.get(W.alarm, "monitoring-packets-dropped").inputs, {
        name: "workspaces-privatelink-dev-endpoint-packets-dropped",
        alarmDescription:
          "The streaming endpoint drops packets, 5 minutes running: the endpoint or the service behind it may be unhealthy. First: npx workspaces-privatelink doctor from a client network; if it passes, AWS Health for WorkSpaces and VPC in the region.",
        namespace: "AWS/PrivateLinkEndpoints",
        metricName: "PacketsDropped",
        dimensions: {
          "Endpoint Type": "Interface",
          "Service Name": "com.amazonaws.ap-northeast-1.highlander",
          "VPC Endpoint Id": endpoint,
          "VPC Id": vpc,
        },
        statistic: "Sum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
        alarmActions: [TOPIC],
        okActions: [TOPIC],
      });
    });

    it("alarms on the NAT's status checks, recovering it onto other hardware when its host fails", () => {
      const check = (kind: string, actions: string[], what: string) => ({
        name: `workspaces-privatelink-dev-nat-status-${kind.toLowerCase()}`,
        alarmDescription: `The NAT instance sign-in goes through fails its ${kind.toLowerCase()} status check${what}. First: its console output (aws ec2 get-console-output ... | grep nat-boot:).`,
        namespace: "AWS/EC2",
        metricName: `StatusCheckFailed_${kind}`,
        dimensions: { InstanceId: nat },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 2,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        treatMissingData: "notBreaching",
        alarmActions: actions,
        okActions: [TOPIC],
      });
      assert.deepEqual(
        run.get(W.alarm, "monitoring-nat-system").inputs,
        check("System", ["arn:aws:automate:ap-northeast-1:ec2:recover", TOPIC], "; EC2 recovers it"),
      );
      assert.deepEqual(run.get(W.alarm, "monitoring-nat-instance").inputs, check("Instance", [TOPIC], ""));
      assert.equal(run.ofType(W.alarm).length, 5, "two directories, the endpoint, the NAT twice");
    });

    it("encrypts the topic with its own key, which CloudWatch may use, and lets only this stack's alarms publish", () => {
      const key = run.get(W.key, "monitoring-alarms-key");
      assert.deepEqual(
        { ...key.inputs, policy: JSON.parse(String(key.inputs.policy)) },
        {
          description: "workspaces-privatelink-dev: encrypts the alarm topic; CloudWatch alarms may use it",
          enableKeyRotation: true,
          tags: { Name: "monitoring-alarms", "workspaces-privatelink-alarms": "workspaces-privatelink-dev" },
          policy: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "AccountManagesTheKey",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:root" },
                Action: "kms:*",
                Resource: "*",
              },
              {
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
              },
            ],
          },
        },
      );
      assert.deepEqual(run.get(W.alias, "monitoring-alarms-key").inputs, {
        name: "alias/workspaces-privatelink-dev-alarms",
        targetKeyId: key.id,
      });
      const topic = run.get(W.topic, "monitoring-alarms");
      assert.deepEqual(topic.inputs, {
        name: "workspaces-privatelink-dev-alarms",
        kmsMasterKeyId: key.state.arn,
        tags: { Name: "monitoring-alarms" },
      });
      assert.notEqual(
        topic.inputs.kmsMasterKeyId,
        "alias/aws/sns",
        "alarms cannot publish under the AWS-managed key",
      );
      const policy = run.get(W.topicPolicy, "monitoring-alarms");
      assert.equal(policy.inputs.arn, TOPIC);
      assert.deepEqual(JSON.parse(String(policy.inputs.policy)).Statement[1], {
        Sid: "TheStacksAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: TOPIC,
        Condition: {
          ArnLike: {
            "aws:SourceArn":
              "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:workspaces-privatelink-dev-*",
          },
        },
      });
      for (const alarm of run.ofType(W.alarm)) {
        assert.ok(
          String(alarm.inputs.name).startsWith("workspaces-privatelink-dev-"),
          `${alarm.name}: named so the topic policy admits it`,
        );
      }
      assert.deepEqual(run.get(W.subscription, "monitoring-alarms-email").inputs, {
        topic: TOPIC,
        protocol: "email",
        endpoint: "streaming-team@example.com",
      });
      assert.equal(run.outputs.alarmTopicArn, TOPIC);
      assert.equal(run.outputs.dashboardName, "workspaces-privatelink-dev");
    });

    it("subscribes no one when monitoring.alarmEmail is not set", async () => {
      const plain = await runStack("prod");
      assert.deepEqual(plain.ofType(W.subscription), []);
      assert.equal(plain.ofType(W.topic).length, 1);
      assert.equal(
        plain.outputs.alarmTopicArn,
        "arn:aws:sns:ap-northeast-1:123456789012:workspaces-privatelink-prod-alarms",
      );
    });

    it("registers none of it when monitoring.enabled is false, and leaves the outputs out", async () => {
      const off = await runStack("dev", { [`${P}:monitoring`]: JSON.stringify({ enabled: "false" }) });
      for (const type of [...Object.values(W), "workspaces-privatelink:monitoring:Monitoring"]) {
        assert.deepEqual(off.ofType(type), [], type);
      }
      assert.ok(!("dashboardName" in off.outputs));
      assert.ok(!("alarmTopicArn" in off.outputs));
    });
  });

  describe("several directories on one endpoint", () => {
    const DA = "d-aaaaaaaa01";
    const DB = "d-bbbbbbbb02";
    const DC = "d-cccccccc03";
    const list = (...entries: Record<string, unknown>[]) => ({
      [`${P}:directories`]: JSON.stringify(entries),
    });
    /** The prod stack with `directories` instead of `directory`. */
    const listStack = (...entries: Record<string, unknown>[]) => {
      const { config } = readStackConfig("prod", LAB_STACKS);
      delete config[`${P}:directory`];
      return runProgram({ config: { ...config, ...list(...entries) }, stack: "prod" });
    };
    /** The associations, by name (the mocks see them in dependency order, not program order). */
    const associations = (run: ProgramRun) =>
      run
        .ofType(T.association)
        .sort((a, b) =>
          a.name === "streaming" ? -1 : b.name === "streaming" ? 1 : a.name.localeCompare(b.name),
        )
        .map((a) => ({
          name: a.name,
          directoryId: a.inputs.directoryId,
          vpcEndpointId: a.inputs.vpcEndpointId,
          allowPcoipOverInternet: a.inputs.allowPcoipOverInternet,
          aliases: a.aliasSpecs,
        }));
    /** The alias every association has: the stack's root, where the program made it before the WorkspacesStreaming component. */
    const ROOT = { noParent: true };

    it("streams the lab's directory first, then the listed ones, all through the one endpoint", async () => {
      const run = await runStack(
        "dev",
        list({ directoryId: DA, allowPcoipOverInternet: true }, { directoryId: DB }),
      );
      const lab = idOf(run, T.dsDirectory, "workspaces-directory");
      const endpoint = idOf(run, T.endpoint, "streaming-endpoint");
      assert.equal(run.ofType(T.endpoint).length, 1, "one endpoint");
      assert.deepEqual(associations(run), [
        {
          name: "streaming",
          directoryId: lab,
          vpcEndpointId: endpoint,
          allowPcoipOverInternet: false,
          aliases: [ROOT],
        },
        {
          name: `streaming-${DA}`,
          directoryId: DA,
          vpcEndpointId: endpoint,
          allowPcoipOverInternet: true,
          aliases: [ROOT],
        },
        {
          name: `streaming-${DB}`,
          directoryId: DB,
          vpcEndpointId: endpoint,
          allowPcoipOverInternet: false,
          aliases: [ROOT],
        },
      ]);
      for (const a of run.ofType(T.association)) {
        assert.ok(
          a.dependencies.includes(run.get(T.endpoint, "streaming-endpoint").urn),
          `${a.name} depends on the endpoint`,
        );
      }
      assert.deepEqual(run.outputs.directoryIds, [lab, DA, DB]);
      assert.equal(run.outputs.directoryId, lab);
      assert.deepEqual(run.outputs.streamingAssociations, {
        [lab]: { associated: true, allowPcoipOverInternet: false, ...OBSERVED },
        [DA]: { associated: true, allowPcoipOverInternet: true, ...OBSERVED },
        [DB]: { associated: true, allowPcoipOverInternet: false, ...OBSERVED },
      });
    });

    it("registers no association for a directory switched off, and says so in the outputs", async () => {
      const run = await runStack("dev", list({ directoryId: DA, associate: false }));
      assert.deepEqual(
        run.ofType(T.association).map((a) => a.name),
        ["streaming"],
      );
      assert.deepEqual(run.outputs.directoryIds, [idOf(run, T.dsDirectory, "workspaces-directory"), DA]);
      assert.deepEqual((run.outputs.streamingAssociations as Record<string, unknown>)[DA], {
        associated: false,
        allowPcoipOverInternet: false,
      });
    });

    it("switches the single directory of today's shape off with directory.associate", async () => {
      const run = await runStack("prod", {
        [`${P}:directory`]: JSON.stringify({
          mode: "existing",
          directoryId: "d-95670a1b2c",
          associate: false,
        }),
      });
      assert.deepEqual(run.ofType(T.association), []);
      assert.equal(run.ofType(T.endpoint).length, 1, "the endpoint is built all the same");
      assert.ok(!("streamingAssociation" in run.outputs));
      assert.deepEqual(run.outputs.streamingAssociations, {
        "d-95670a1b2c": { associated: false, allowPcoipOverInternet: false },
      });
      assert.equal(run.outputs.allowPcoipOverInternet, false);
    });

    it("makes no lab directory with directories alone, and needs no password", async () => {
      const run = await listStack({ directoryId: DA }, { directoryId: DB });
      assert.deepEqual(run.ofType(T.dsDirectory), []);
      assert.deepEqual(run.ofType(T.registration), []);
      assert.deepEqual(run.ofType(T.role), []);
      assert.equal(run.ofType(T.vpc).length, 2, "both networks are built");
      assert.equal(run.outputs.directoryId, DA);
      assert.deepEqual(run.outputs.directoryIds, [DA, DB]);
    });

    it("names the list's associations by their directory IDs, so reordering renames nothing", async () => {
      const names = async (...ids: string[]) =>
        Object.fromEntries(
          (await listStack(...ids.map((directoryId) => ({ directoryId }))))
            .ofType(T.association)
            .map((a) => [a.inputs.directoryId, a.name]),
        );
      const before = await names(DA, DB, DC);
      assert.deepEqual(before, { [DA]: `streaming-${DA}`, [DB]: `streaming-${DB}`, [DC]: `streaming-${DC}` });
      assert.deepEqual(await names(DC, DA, DB), before);
    });

    it("keeps the association of a stack moved from directory to directories (same ID first): an alias, no replacement", async () => {
      const moved = await listStack({ directoryId: "d-95670a1b2c" }, { directoryId: DA });
      assert.deepEqual(
        associations(moved).find((a) => a.directoryId === "d-95670a1b2c"),
        {
          name: "streaming-d-95670a1b2c",
          directoryId: "d-95670a1b2c",
          vpcEndpointId: idOf(moved, T.endpoint, "streaming-endpoint"),
          allowPcoipOverInternet: false,
          aliases: [ROOT, { name: "streaming", ...ROOT }],
        },
      );
      const before = await runStack("prod");
      const { __provider: _a, ...was } = before.get(T.association, "streaming").inputs;
      const { __provider: _b, ...now } = moved.get(T.association, "streaming-d-95670a1b2c").inputs;
      assert.deepEqual(
        { ...now, vpcEndpointId: "(the endpoint)" },
        { ...was, vpcEndpointId: "(the endpoint)" },
        "the same inputs: the engine sees the alias and keeps the resource",
      );
    });
  });

  describe("the Windows client's instance type, asked of EC2 before any resource", () => {
    const refused = (instanceType: string) =>
      assert.rejects(
        runStack("dev", { [`${P}:client`]: JSON.stringify({ instanceType }) }),
        (error: unknown) => {
          assert.ok(error instanceof ProgramFailed);
          assert.deepEqual(error.resources, [], "nothing registered");
          return (error as Error).message === expectedMessage(instanceType);
        },
      );
    const expectedMessage = (instanceType: string) =>
      "The stack configuration has 1 problem; nothing was deployed:\n" +
      `  - ${P}:client.instanceType: ${JSON.stringify(instanceType)} is not offered by EC2 in apne1-az1 (ap-northeast-1), where the client runs` +
      (instanceType === "t3.mediun" ? ' (did you mean "t3.medium"?)' : "") +
      "; aws ec2 describe-instance-type-offerings --region ap-northeast-1 --location-type availability-zone-id --filters Name=location,Values=apne1-az1 lists what is";

    it('refuses a type EC2 does not offer there, suggesting the near one: "t3.mediun"', () =>
      refused("t3.mediun"));
    it('refuses a type no one offers, with no guess: "x9.large"', () => refused("x9.large"));

    it("asks once, for the client's zone, and not at all without a client", async () => {
      const dev = await runStack("dev");
      assert.deepEqual(
        dev.invokes
          .filter((i) => i.token === "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings")
          .map((i) => i.inputs),
        [{ locationType: "availability-zone-id", filters: [{ name: "location", values: ["apne1-az1"] }] }],
      );
      const prod = await runStack("prod");
      assert.equal(
        prod.invokes.filter((i) => i.token === "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings")
          .length,
        0,
      );
    });
  });

  describe("variants", () => {
    it("stops the NAT instead of deleting it when internetAccess is none", async () => {
      const run = await runStack("dev", { [`${P}:internetAccess`]: "none" });
      const nat = run.get(T.instance, "nat-instance");
      assert.deepEqual(run.get(T.instanceState, "nat-state").inputs, {
        instanceId: nat.id,
        state: "stopped",
      });
      assert.equal(run.outputs.internetAccess, "none");
    });

    it("puts the endpoint in the WorkSpaces VPC when asked, admitting the given ranges", async () => {
      const run = await runStack("prod", {
        [`${P}:streamingEndpoint`]: JSON.stringify({ vpc: "workspaces", allowedCidrs: ["172.16.0.0/12"] }),
      });
      const endpoint = run.get(T.endpoint, "streaming-endpoint").inputs;
      assert.equal(endpoint.vpcId, idOf(run, T.vpc, "workspaces-vpc"));
      assert.deepEqual(endpoint.subnetIds, [
        idOf(run, T.subnet, "workspaces-private-apne1-az1"),
        idOf(run, T.subnet, "workspaces-private-apne1-az4"),
      ]);
      assert.equal(rulesOf(run, idOf(run, T.sg, "streaming-sg")).length, 4);
    });

    it("makes a Standard-edition Microsoft AD for the lab when directory.type is MicrosoftAD", async () => {
      const run = await runStack("dev", {
        [`${P}:directory`]: JSON.stringify({ mode: "lab", type: "MicrosoftAD" }),
      });
      const ad = run.get(T.dsDirectory, "workspaces-directory");
      assert.deepEqual(
        [ad.inputs.type, ad.inputs.edition, ad.inputs.size, ad.inputs.name],
        ["MicrosoftAD", "Standard", undefined, "corp.example.com"],
      );
      const registration = run.get(T.registration, "workspaces-registration");
      assert.equal(registration.inputs.directoryId, ad.id);
      assert.equal(registration.inputs.workspaceType, "PERSONAL");
    });

    it("shares one serialized provider between associations", async () => {
      const run = await runProgram({
        config: { "aws:region": "ap-northeast-1" },
        program: require.resolve("../fixtures/twoAssociations"),
      });
      const providers = run.ofType(T.association).map((a) => a.inputs.__provider);
      assert.equal(providers.length, 2);
      assert.equal(providers[0], providers[1]);
    });

    it("picks an x86_64 NAT AMI for an Intel instance type", () => {
      assert.deepEqual(
        [
          "t4g.nano",
          "c7gn.large",
          "m6gd.xlarge",
          "a1.large",
          "t3.micro",
          "m7i.large",
          "c6a.large",
          "g4dn.xlarge",
        ].map(architectureOf),
        ["arm64", "arm64", "arm64", "arm64", "x86_64", "x86_64", "x86_64", "x86_64"],
      );
    });
  });
});
