/**
 * `npm run bench:policy`: time to evaluate the whole pack over generated stacks of 1,000 to
 * 10,000 resources (goal: 10,000 under one second on one core; the npm script pins one core with
 * taskset), and how the time grows. Figures, not assertions.
 */
import { ASSOCIATION_TYPE } from "../../policy/facts";
import { policies } from "../../policy/policies";
import { SnapshotResource, UNKNOWN, evaluate } from "../../policy/offline/evaluate";

const STACK = "urn:pulumi:bench::workspaces-privatelink::";

/** Adds one resource to the snapshot, its links recorded as the engine records them; returns its URN. */
function addTo(
  resources: SnapshotResource[],
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
  links: Record<string, string[]> = {},
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
    ignoreChanges: [],
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
 * 2,000 streaming setups of five resources each (a group, two ingress rules covering 443-4195 on
 * TCP and UDP, an endpoint, an association), every one with its own IDs: 10,000 resources. With
 * `firstPreview`, every ID (and every value made from one) is unknown and the associations have
 * observed nothing yet, as in the first preview of a new stack: only the links connect them.
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
  ) => addTo(resources, type, name, inputs, { ...outputs, id: id(`${name}-id`) }, links);
  for (let i = 0; i < count; i++) {
    const vpc = `vpc-${i.toString(16).padStart(17, "0")}`;
    const group = add("aws:ec2/securityGroup:SecurityGroup", `sg-${i}`, { vpcId: vpc }, { vpcId: vpc });
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
      serviceName: "com.amazonaws.ap-northeast-1.highlander",
      vpcEndpointType: "Interface",
      privateDnsEnabled: true,
      securityGroupIds: [id(`sg-${i}-id`)],
    };
    const endpoint = add("aws:ec2/vpcEndpoint:VpcEndpoint", `endpoint-${i}`, endpointProps, endpointProps, {
      securityGroupIds: [group],
    });
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
      directoryId: `d-${i.toString(16).padStart(10, "0")}`,
      vpcEndpointId: id(`endpoint-${i}-id`),
      allowPcoipOverInternet: false,
      region: "ap-northeast-1",
    };
    add(
      ASSOCIATION_TYPE,
      `association-${i}`,
      inputs,
      { ...inputs, ...observed },
      { vpcEndpointId: [endpoint] },
    );
  }
  return resources;
}

async function timeIt(snapshot: SnapshotResource[]): Promise<{ ms: number; findings: number }> {
  const start = process.hrtime.bigint();
  const findings = await evaluate(snapshot, policies);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, findings: findings.length };
}

async function main(): Promise<void> {
  await timeIt(generate(2000)); // warm up the JIT
  const rows: string[][] = [];
  let base: number | undefined;
  const median5 = async (snapshot: SnapshotResource[]) => {
    const runs: { ms: number; findings: number }[] = [];
    for (let run = 0; run < 5; run++) {
      runs.push(await timeIt(snapshot));
    }
    runs.sort((a, b) => a.ms - b.ms);
    return runs[2];
  };
  for (const size of [1000, 2000, 5000, 10000]) {
    const snapshot = generate(size);
    const runs: number[] = [];
    let findings = 0;
    for (let run = 0; run < 5; run++) {
      const result = await timeIt(snapshot);
      runs.push(result.ms);
      findings = result.findings;
    }
    const median = runs.sort((a, b) => a - b)[2];
    base ??= median / size;
    rows.push([
      String(size),
      median.toFixed(1),
      ((median / size) * 1000).toFixed(1),
      (median / size / base).toFixed(2),
      String(findings),
      size === 10000 ? (median < 1000 ? "met (< 1000 ms)" : "MISSED (>= 1000 ms)") : "",
    ]);
  }
  const header = ["resources", "median ms", "us/resource", "per-resource vs 1k", "findings", "goal"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log(`Policy pack over generated stacks (${policies.length} policies, 5 runs each, one core)`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  rows.forEach((r) => console.log(line(r)));

  console.log("\n2,000 streaming setups, each with its own IDs (10,000 resources, 5 runs each, one core)");
  for (const [title, firstPreview] of [
    ["IDs known (after the first up)", false],
    ["all IDs unknown (first preview)", true],
  ] as const) {
    const snapshot = setups(2000, firstPreview);
    const { ms, findings } = await median5(snapshot);
    console.log(
      `  ${title.padEnd(34)} ${snapshot.length} resources  median ${ms.toFixed(1)} ms  findings ${findings}  goal < 1000 ms: ${ms < 1000 ? "met" : "MISSED"}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
