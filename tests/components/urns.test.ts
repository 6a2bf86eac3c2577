/**
 * No replacement for a deployed stack: every resource a stack had before the WorkspacesStreaming
 * component (the URNs in tests/fixtures/urns/, recorded at commit 46d6f25) is taken over by a
 * resource the program registers now, by its URN or by an alias, as the engine decides it
 * (tests/standins/aliases.ts). A URN left over would be deleted by the next `up`; for the endpoint,
 * that ends every live session.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { claimOldUrns } from "../standins/aliases";
import { ProgramRun, RecordedResource, runProgram } from "../standins/mockProgram";
import { SHAPES, Shape, shapeConfig } from "../fixtures/urns/shapes";

const PROJECT = "workspaces-privatelink";
const FIXTURES = path.join(__dirname, "..", "fixtures", "urns");

function recorded(shape: Shape): string[] {
  return (
    JSON.parse(fs.readFileSync(path.join(FIXTURES, `${shape.name}.json`), "utf8")) as { urns: string[] }
  ).urns;
}

describe("URNs of deployed stacks (no replacement after the WorkspacesStreaming component)", () => {
  const runs = new Map<string, ProgramRun>();
  before(async () => {
    for (const shape of SHAPES) {
      runs.set(shape.name, await runProgram({ ...shapeConfig(shape), stack: shape.stack }));
    }
  });

  for (const shape of SHAPES) {
    it(`takes over every resource of a deployed ${shape.name} stack, by URN or alias`, () => {
      const old = recorded(shape);
      const claims = claimOldUrns(runs.get(shape.name)!.resources, old, shape.stack, PROJECT);
      assert.deepEqual(claims.unclaimed, [], "resources the next up would delete");
      assert.deepEqual(claims.contested, [], "resources two registrations claim");
      assert.equal(claims.claimedBy.size, old.length);
    });
  }

  it("keeps the endpoint, the associations and the directory registration by alias, not by a new URN", () => {
    const run = runs.get("prod-directories")!;
    const claims = claimOldUrns(run.resources, recorded(SHAPES[3]), "prod", PROJECT);
    const at = (suffix: string) => [...claims.claimedBy].find(([old]) => old.endsWith(suffix));
    assert.deepEqual(at("aws:ec2/vpcEndpoint:VpcEndpoint::streaming-endpoint"), [
      `urn:pulumi:prod::${PROJECT}::workspaces-privatelink:streaming:StreamingEndpoint$aws:ec2/vpcEndpoint:VpcEndpoint::streaming-endpoint`,
      `urn:pulumi:prod::${PROJECT}::workspaces-privatelink:index:WorkspacesStreaming$workspaces-privatelink:streaming:StreamingEndpoint$aws:ec2/vpcEndpoint:VpcEndpoint::streaming-endpoint`,
    ]);
    assert.deepEqual(at("StreamingEndpointAssociation::streaming-d-95670a1b2c"), [
      `urn:pulumi:prod::${PROJECT}::pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation::streaming-d-95670a1b2c`,
      `urn:pulumi:prod::${PROJECT}::workspaces-privatelink:index:WorkspacesStreaming$pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation::streaming-d-95670a1b2c`,
    ]);
  });

  it("finds the resources an alias would have kept, when one is missing", () => {
    // The check itself: with the streaming endpoint component's alias dropped, it and everything
    // under it (the endpoint, its security group and rules) are left to be deleted.
    const run = runs.get("prod")!;
    const without = run.resources.map((r): RecordedResource =>
      r.name === "streaming" && !r.custom ? { ...r, aliasSpecs: [] } : r,
    );
    const claims = claimOldUrns(without, recorded(SHAPES[1]), "prod", PROJECT);
    assert.deepEqual(
      claims.unclaimed.map((urn) => urn.split("::").slice(2).join("::")),
      [
        "workspaces-privatelink:streaming:StreamingEndpoint$aws:ec2/securityGroup:SecurityGroup::streaming-sg",
        "workspaces-privatelink:streaming:StreamingEndpoint$aws:ec2/vpcEndpoint:VpcEndpoint::streaming-endpoint",
        "workspaces-privatelink:streaming:StreamingEndpoint$aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::streaming-in-tcp4195-192-168-0-0-16",
        "workspaces-privatelink:streaming:StreamingEndpoint$aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::streaming-in-tcp443-192-168-0-0-16",
        "workspaces-privatelink:streaming:StreamingEndpoint$aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::streaming-in-udp4195-192-168-0-0-16",
        "workspaces-privatelink:streaming:StreamingEndpoint$aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::streaming-in-udp443-192-168-0-0-16",
        "workspaces-privatelink:streaming:StreamingEndpoint::streaming",
      ],
    );
  });
});
