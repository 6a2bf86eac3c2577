import { strict as assert } from "assert";
import * as path from "path";
import { StreamingEndpoint } from "../../components/streamingEndpoint";
import { WorkspacesNetwork } from "../../components/workspacesNetwork";
import { runProgram } from "../standins/mockProgram";

describe("components", () => {
  it("can be instantiated twice in one program without a name or URN collision", async () => {
    const run = await runProgram({
      config: { "aws:region": "ap-northeast-1" },
      program: path.join(__dirname, "..", "fixtures", "twoOfEach.ts"),
    });
    const urns = run.resources.map((r) => r.urn);
    assert.equal(new Set(urns).size, urns.length, "every URN is unique");
    const names = run.resources.map((r) => `${r.type}::${r.name}`);
    assert.equal(new Set(names).size, names.length, "every (type, name) is unique");

    const blue = run.resources.filter((r) => r.name.startsWith("blue-"));
    const green = run.resources.filter((r) => r.name.startsWith("green-"));
    assert.equal(
      blue.length + green.length,
      run.resources.length,
      "every child is named after its component",
    );
    // The only difference between the two: green does not create the account-wide role.
    const shape = (rs: typeof blue) =>
      rs.map((r) => `${r.type} ${r.name.replace(/^(blue|green)-/, "")}`).sort();
    const roleParts = ["default-role", "default-role-self-service-access", "default-role-service-access"];
    assert.deepEqual(
      shape(green),
      shape(blue).filter((line) => !roleParts.some((part) => line.endsWith(` workspaces-${part}`))),
    );

    const physicalNames = run.resources
      .filter((r) => typeof r.inputs.name === "string")
      .map((r) => `${r.type} ${r.inputs.name}`);
    assert.equal(
      new Set(physicalNames).size,
      physicalNames.length,
      `no two resources share a physical name: ${physicalNames}`,
    );
  });

  it("refuses a streaming endpoint in a single subnet", () => {
    assert.throws(
      () =>
        new StreamingEndpoint("x", {
          vpcId: "vpc-1",
          subnetIds: ["subnet-1"],
          allowedCidrs: ["10.0.0.0/16"],
          region: "ap-northeast-1",
        }),
      /StreamingEndpoint x: subnetIds has 1 subnet\(s\); give one subnet in each of at least two AZs/,
    );
  });

  it("refuses a size for a Microsoft AD lab directory, which its edition sizes", () => {
    assert.throws(
      () =>
        new WorkspacesNetwork("x", {
          cidr: "10.1.0.0/16",
          availabilityZoneIds: ["apne1-az1", "apne1-az4"],
          directory: {
            mode: "lab",
            type: "MicrosoftAD",
            size: "Small",
            name: "corp.example.com",
            adminPassword: "not-used",
            createWorkspacesDefaultRole: false,
          },
        }),
      /^Error: WorkspacesNetwork x: directory.size "Small" applies to Simple AD only; a Microsoft AD is sized by its edition \(Standard here\), so drop size\.$/,
    );
  });
});
