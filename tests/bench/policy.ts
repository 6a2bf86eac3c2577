/**
 * `npm run bench:policy`: the policy pack on one core (the npm script pins it with taskset; the
 * pack's process inherits the pin), in a real analysis: policy/index.ts served by CrossGuard's
 * analyzer host and asked over gRPC, as `pulumi preview --policy-pack` asks it. For one stack
 * analysis it prints the whole time the engine waits, the part spent in the pack's own code (inside
 * the policies), the rest (CrossGuard's host: it deserialises every resource once per stack policy,
 * and gRPC), and how many times the topology was built. Then the offline evaluator
 * (`npm run policy:check`) over 1,000 to 10,000 resources, to show how the time grows. Figures,
 * not assertions.
 *
 * Goals, one core: the pack's own work for 14,000 resources (2,000 streaming setups with their own
 * IDs) under 500 ms, for 10,000 plain generated resources under 200 ms; the topology built once
 * per analysis.
 */
import { unknownCheckingProxy } from "@pulumi/policy";
import { ASSOCIATION_TYPE } from "../../policy/facts";
import { policies } from "../../policy/policies";
import { SnapshotResource, UNKNOWN, evaluate } from "../../policy/offline/evaluate";
import { AnalyzeStackRequest } from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerHost, analyzeStackRequest } from "../standins/analyzerHost";
import { median, table } from "./figures";

const STACK = "urn:pulumi:bench::workspaces-privatelink::";
const RUNS = 5;

// CrossGuard's own deserialiser, to measure its share apart (it has no public typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties(struct: unknown, keepUnknowns: boolean): Record<string, unknown>;
};

/** Adds one resource to the snapshot, its links recorded as the engine records them; returns its URN. */
function addTo(
  resources: SnapshotResource[],
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
  links: Record<string, string[]> = {},
  ignoreChanges: string[] = [],
): string {
  const urn = `${STACK}${type}::${name}`;
  resources.push({
    type,
    name,
    urn,
    inputs,
    outputs,
    parent: "",
    dependencies: Object.values(links).flat(),
    propertyDependencies: links,
    ignoreChanges,
  });
  return urn;
}

/** Eight resources per streaming setup: endpoint, group, four ingress rules, directory, association. */
function generate(count: number): SnapshotResource[] {
  const resources: SnapshotResource[] = [];
  const add = (
    type: string,
    name: string,
    props: Record<string, unknown>,
    links: Record<string, string[]> = {},
  ) => addTo(resources, type, name, props, { ...props, id: `${name}-id` }, links);
  for (let i = 0; resources.length < count; i++) {
    const group = add("aws:ec2/securityGroup:SecurityGroup", `sg-${i}`, {
      vpcId: "vpc-1",
      description: "streaming",
    });
    for (const [protocol, port] of [
      ["tcp", 443],
      ["tcp", 4195],
      ["udp", 443],
      ["udp", 4195],
    ]) {
      add(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        `rule-${i}-${protocol}${port}`,
        {
          securityGroupId: `sg-${i}-id`,
          ipProtocol: protocol,
          fromPort: port,
          toPort: port,
          cidrIpv4: i % 50 === 0 ? "0.0.0.0/0" : "10.0.0.0/16", // one setup in 50 is open: the reporting paths run too
        },
        { securityGroupId: [group] },
      );
    }
    const endpoint = add(
      "aws:ec2/vpcEndpoint:VpcEndpoint",
      `endpoint-${i}`,
      {
        serviceName: "com.amazonaws.ap-northeast-1.highlander",
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        ipAddressType: i % 100 === 0 ? "dualstack" : "ipv4",
        dnsOptions: { dnsRecordIpType: "ipv4" },
        securityGroupIds: [`sg-${i}-id`],
      },
      { securityGroupIds: [group] },
    );
    const directory = add("aws:workspaces/directory:Directory", `directory-${i}`, {
      directoryId: `d-${String(i).padStart(10, "0")}`,
    });
    add(
      ASSOCIATION_TYPE,
      `association-${i}`,
      {
        directoryId: `d-${String(i).padStart(10, "0")}`,
        vpcEndpointId: `endpoint-${i}-id`,
        allowPcoipOverInternet: false,
        region: "ap-northeast-1",
        directoryState: "REGISTERED",
        workspaceType: "PERSONAL",
        endpointEncryptionMode: "STANDARD_TLS",
        globalAcceleratorMode: "DISABLED",
        ipGroupIds: [],
        pcoipWorkspaceCount: 0,
        globalAcceleratorWorkspaceCount: 0,
      },
      { directoryId: [directory], vpcEndpointId: [endpoint] },
    );
  }
  return resources.slice(0, count);
}

/**
 * Streaming setups of seven resources each (a VPC, a security group, two ingress rules covering
 * 443-4195 on TCP and UDP, an endpoint, the registered directory, an association), every one with
 * its own IDs. With `firstPreview`, every ID (and every value made from one) is unknown and the
 * associations have observed nothing yet, as in the first preview of a new stack: only the links
 * connect them.
 */
function setups(count: number, firstPreview: boolean): SnapshotResource[] {
  const resources: SnapshotResource[] = [];
  const id = (value: string) => (firstPreview ? UNKNOWN.string : value);
  const add = (
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    outputs: Record<string, unknown>,
    links: Record<string, string[]> = {},
    ignoreChanges: string[] = [],
  ) => addTo(resources, type, name, inputs, { ...outputs, id: id(`${name}-id`) }, links, ignoreChanges);
  for (let i = 0; i < count; i++) {
    const cidr = `10.${i % 250}.0.0/16`;
    const vpcUrn = add("aws:ec2/vpc:Vpc", `vpc-${i}`, { cidrBlock: cidr }, { cidrBlock: cidr });
    const vpc = id(`vpc-${i}-id`);
    const group = add(
      "aws:ec2/securityGroup:SecurityGroup",
      `sg-${i}`,
      { vpcId: vpc },
      { vpcId: vpc },
      { vpcId: [vpcUrn] },
    );
    for (const protocol of ["tcp", "udp"]) {
      const rule = {
        ipProtocol: protocol,
        fromPort: 443,
        toPort: 4195,
        cidrIpv4: i % 50 === 0 ? "0.0.0.0/1" : `10.${i % 250}.0.0/16`,
      };
      add(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        `rule-${i}-${protocol}`,
        { ...rule, securityGroupId: id(`sg-${i}-id`) },
        { ...rule, securityGroupId: id(`sg-${i}-id`) },
        { securityGroupId: [group] },
      );
    }
    const endpointProps = {
      vpcId: vpc,
      serviceName: "com.amazonaws.ap-northeast-1.highlander",
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      securityGroupIds: [id(`sg-${i}-id`)],
    };
    const endpoint = add("aws:ec2/vpcEndpoint:VpcEndpoint", `endpoint-${i}`, endpointProps, endpointProps, {
      securityGroupIds: [group],
      vpcId: [vpcUrn],
    });
    const directoryId = `d-${i.toString(16).padStart(10, "0")}`;
    const registration = { directoryId, workspaceType: "PERSONAL", subnetIds: [id(`subnet-${i}`)] };
    const directory = add(
      "aws:workspaces/directory:Directory",
      `registration-${i}`,
      registration,
      { ...registration, registrationCode: id(`code-${i}`) },
      {},
      ["workspaceAccessProperties.accessEndpointConfig"],
    );
    const observed = firstPreview
      ? {
          workspaceType: UNKNOWN.string,
          endpointEncryptionMode: UNKNOWN.string,
          globalAcceleratorMode: UNKNOWN.string,
          ipGroupIds: UNKNOWN.array,
          pcoipWorkspaceCount: UNKNOWN.number,
          globalAcceleratorWorkspaceCount: UNKNOWN.number,
        }
      : {
          workspaceType: "PERSONAL",
          endpointEncryptionMode: "STANDARD_TLS",
          globalAcceleratorMode: "DISABLED",
          ipGroupIds: [],
          pcoipWorkspaceCount: 0,
          globalAcceleratorWorkspaceCount: 0,
        };
    const inputs = {
      directoryId,
      vpcEndpointId: id(`endpoint-${i}-id`),
      allowPcoipOverInternet: false,
      region: "ap-northeast-1",
    };
    add(
      ASSOCIATION_TYPE,
      `association-${i}`,
      inputs,
      { ...inputs, ...observed },
      {
        vpcEndpointId: [endpoint],
        directoryId: [directory],
      },
    );
  }
  return resources;
}

/**
 * CrossGuard's own work for one analysis, measured apart: the analyzer deserialises every
 * resource's properties and wraps them in its unknown-checking proxy once for every stack policy.
 */
function hostWork(snapshot: SnapshotResource[]): { decodeMs: number; deserialiseMs: number } {
  const bytes = analyzeStackRequest(snapshot).serializeBinary();
  const stackPolicies = policies.filter((p) => "validateStack" in p).length;
  const start = process.hrtime.bigint();
  const request = AnalyzeStackRequest.deserializeBinary(bytes);
  const decoded = process.hrtime.bigint();
  for (let p = 0; p < stackPolicies; p++) {
    for (const r of request.getResourcesList()) {
      unknownCheckingProxy(deserializeProperties(r.getProperties(), false));
    }
  }
  const end = process.hrtime.bigint();
  return { decodeMs: Number(decoded - start) / 1e6, deserialiseMs: Number(end - decoded) / 1e6 };
}

async function throughTheHost(host: AnalyzerHost): Promise<void> {
  const cases: { title: string; snapshot: SnapshotResource[]; goalMs?: number }[] = [
    { title: "2,000 setups, own IDs", snapshot: setups(2000, false), goalMs: 500 },
    { title: "2,000 setups, first preview", snapshot: setups(2000, true) },
    { title: "10,000 generated", snapshot: generate(10000), goalMs: 200 },
  ];
  const rows: string[][] = [];
  for (const { title, snapshot, goalMs } of cases) {
    const request = analyzeStackRequest(snapshot);
    await host.analyzeStack(request); // warm up the JIT
    const wall: number[] = [];
    const own: number[] = [];
    const builds: number[] = [];
    let findings = 0;
    for (let run = 0; run < RUNS; run++) {
      const before = (await host.analyzeStack(analyzeStackRequest([]))).timings.at(-1)?.topologyBuilds ?? 0;
      const analysis = await host.analyzeStack(request);
      wall.push(analysis.wallMs);
      own.push(analysis.timings.reduce((sum, t) => sum + t.ms, 0));
      builds.push((analysis.timings.at(-1)?.topologyBuilds ?? 0) - before);
      findings = analysis.served.length;
    }
    const [w, o] = [median(wall), median(own)];
    rows.push([
      title,
      String(snapshot.length),
      w.toFixed(0),
      `${o.toFixed(0)} (${((o / w) * 100).toFixed(0)}%)`,
      (w - o).toFixed(0),
      ...((h) => [h.decodeMs.toFixed(0), h.deserialiseMs.toFixed(0)])(hostWork(snapshot)),
      builds.join(","),
      String(findings),
      goalMs === undefined ? "-" : `< ${goalMs} ms: ${o < goalMs ? "met" : "MISSED"}`,
    ]);
  }
  const stackPolicies = policies.filter((p) => "validateStack" in p).length;
  table(
    `One stack analysis through CrossGuard's analyzer host over gRPC (${stackPolicies} stack policies, median of ${RUNS}, one core)`,
    [
      "case",
      "resources",
      "whole ms",
      "pack's own ms",
      "host's ms",
      "of which decoding ms",
      "of which deserialising ms",
      "topology builds per run",
      "findings",
      "goal (pack's own)",
    ],
    rows,
  );
  console.log(
    "whole: what the engine waits for analyzeStack. pack's own: time inside the policies. host's: the rest, CrossGuard's own work and gRPC; of it, measured apart in this process: decoding the request (protobuf), and deserialising every resource once per stack policy (CrossGuard's deserializeProperties and proxy, as its analyzeStack does). Topology builds goal: 1 per run.",
  );
}

async function offline(): Promise<void> {
  const timeIt = async (snapshot: SnapshotResource[]) => {
    const start = process.hrtime.bigint();
    const findings = await evaluate(snapshot, policies);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, findings: findings.length };
  };
  await timeIt(generate(2000)); // warm up the JIT
  const rows: string[][] = [];
  let base: number | undefined;
  for (const size of [1000, 2000, 5000, 10000]) {
    const snapshot = generate(size);
    const runs: { ms: number; findings: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      runs.push(await timeIt(snapshot));
    }
    const ms = median(runs.map((r) => r.ms));
    base ??= ms / size;
    rows.push([
      String(size),
      ms.toFixed(1),
      ((ms / size) * 1000).toFixed(1),
      (ms / size / base).toFixed(2),
      String(runs[0].findings),
    ]);
  }
  table(
    `The offline evaluator (npm run policy:check) over generated stacks (median of ${RUNS}, one core)`,
    ["resources", "median ms", "us/resource", "per-resource vs 1k", "findings"],
    rows,
  );
}

async function main(): Promise<void> {
  const host = await AnalyzerHost.start({ instrument: true });
  try {
    await throughTheHost(host);
  } finally {
    host.stop();
  }
  await offline();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
