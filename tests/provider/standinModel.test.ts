/**
 * The WorkSpaces stand-in against the API model it imitates: botocore's service definition (the
 * model the AWS SDKs are generated from; botocore comes with moto). Every constraint the stand-in
 * enforces must be the model's, so a green provider test means something.
 */
import { strict as assert } from "assert";
import { skipSuite } from "../standins/skips";
import { spawnSync } from "child_process";
import { MODEL } from "../standins/workspaces";

const DUMP = `
import botocore, gzip, json, os
root = os.path.join(os.path.dirname(botocore.__file__), "data", "workspaces")
version = sorted(os.listdir(root))[-1]
with gzip.open(os.path.join(root, version, "service-2.json.gz")) as f:
    model = json.load(f)
shapes, ops = model["shapes"], model["operations"]
print(json.dumps({
    "directoryIdPattern": shapes["DirectoryId"]["pattern"],
    "vpcEndpointIdPattern": shapes[shapes["AccessEndpoint"]["members"]["VpcEndpointId"]["shape"]]["pattern"],
    "maxLimit": shapes["Limit"]["max"],
    "maxDirectoryIds": shapes["DirectoryIdList"]["max"],
    "nextTokenLength": [shapes["PaginationToken"]["min"], shapes["PaginationToken"]["max"]],
    "accessPropertyValues": shapes["AccessPropertyValue"]["enum"],
    "deviceTypes": [m for m in shapes["WorkspaceAccessProperties"]["members"] if m.startswith("DeviceType")],
    "accessEndpointTypes": shapes["AccessEndpointType"]["enum"],
    "internetFallbackProtocols": shapes["InternetFallbackProtocol"]["enum"],
    "errors": {op: [e["shape"] for e in ops[op].get("errors", [])] for op in
               ["DescribeWorkspaceDirectories", "DescribeWorkspaces", "ModifyWorkspaceAccessProperties"]},
    "required": {
        "ModifyWorkspaceAccessPropertiesRequest": shapes["ModifyWorkspaceAccessPropertiesRequest"]["required"],
        "AccessEndpointConfig": shapes["AccessEndpointConfig"]["required"],
    },
}))
`;

describe("the WorkSpaces stand-in against the API model", () => {
  let model: Record<string, unknown> | undefined;

  before(function () {
    const result = spawnSync("python3", ["-c", DUMP], { encoding: "utf8" });
    if (result.status !== 0) {
      const reason = `botocore's model cannot be read (${(result.stderr || String(result.error)).trim().split("\n").pop()}); it comes with moto`;
      skipSuite(this, {
        reason,
        packages: [],
        fix: "install moto for python3 (pip install 'moto[server]'), which brings botocore",
      });
    }
    model = JSON.parse(result.stdout);
  });

  for (const key of Object.keys(MODEL) as (keyof typeof MODEL)[]) {
    it(`enforces the model's ${key}`, () => {
      assert.deepEqual(MODEL[key], model![key]);
    });
  }

  it("requires what the model requires of a write", () => {
    assert.deepEqual(model!.required, {
      ModifyWorkspaceAccessPropertiesRequest: ["ResourceId", "WorkspaceAccessProperties"],
      AccessEndpointConfig: ["AccessEndpoints"],
    });
  });
});
