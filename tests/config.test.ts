import { strict as assert } from "assert";
import { ConfigError, checkDirectoryPassword, parseStackConfig } from "../config";
import * as pulumi from "@pulumi/pulumi";
import { ProgramFailed, runProgram } from "../scripts/mockProgram";
import { readStackConfig } from "../scripts/stackConfig";

const P = "workspaces-privatelink";
const PASSWORD = "Lab-Passw0rd!";

/** A valid lab configuration; each case changes one thing. */
function lab(overrides: Record<string, unknown> = {}): Record<string, string> {
  const config: Record<string, string> = {
    "aws:region": "ap-northeast-1",
    [`${P}:directoryAdminPassword`]: PASSWORD,
  };
  for (const [key, value] of Object.entries(overrides)) {
    const full = key.includes(":") ? key : `${P}:${key}`;
    if (value === undefined) {
      delete config[full];
    } else {
      config[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return config;
}

function problemsOf(config: Record<string, string>): string[] {
  try {
    parseStackConfig(config);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems.map((p) => `${p.key}: ${p.message}`);
  }
  assert.fail("the configuration was accepted");
}

describe("stack configuration", () => {
  it("resolves the defaults: the walkthrough's lab", () => {
    const config = parseStackConfig(lab());
    assert.deepEqual(
      { ...config, directory: { ...config.directory, adminPassword: undefined } },
      {
        region: "ap-northeast-1",
        internetAccess: "https-only",
        sourceVpc: { cidr: "10.0.0.0/16", availabilityZoneIds: ["apne1-az1", "apne1-az4"] },
        workspacesVpc: { cidr: "10.1.0.0/16", availabilityZoneIds: ["apne1-az1", "apne1-az4"] },
        client: { enabled: true, instanceType: "t3.medium", keyName: undefined },
        directory: {
          mode: "lab",
          name: "corp.example.com",
          shortName: undefined,
          size: "Small",
          createWorkspacesDefaultRole: true,
          adminPassword: undefined,
        },
        streamingEndpoint: { vpc: "source", allowedCidrs: ["10.0.0.0/16"] },
        allowPcoipOverInternet: false,
      },
    );
  });

  it("accepts the shipped dev and prod stacks", () => {
    const dev = readStackConfig("dev").config;
    dev[`${P}:directoryAdminPassword`] = PASSWORD;
    assert.equal(parseStackConfig(dev).directory.mode, "lab");
    const prod = parseStackConfig(readStackConfig("prod").config);
    assert.deepEqual(prod.directory, { mode: "existing", directoryId: "d-95670a1b2c" });
    assert.deepEqual(prod.streamingEndpoint, { vpc: "source", allowedCidrs: ["192.168.0.0/16"] });
    assert.equal(prod.client.enabled, false);
  });

  const cases: [string, Record<string, unknown>, string[]][] = [
    [
      "rejects a malformed VPC block",
      { sourceVpc: { cidr: "10.0.0.0/33" } },
      [`${P}:sourceVpc.cidr: "10.0.0.0/33" is not an IPv4 CIDR block; write e.g. "10.0.0.0/16"`],
    ],
    [
      "rejects a VPC block with host bits",
      { workspacesVpc: { cidr: "10.1.2.3/16" } },
      [`${P}:workspacesVpc.cidr: "10.1.2.3/16" has host bits set; write "10.1.0.0/16"`],
    ],
    [
      "rejects a VPC block too large for AWS",
      { sourceVpc: { cidr: "10.0.0.0/8" } },
      [
        `${P}:sourceVpc.cidr: "10.0.0.0/8" must be a /16 to /24 block (AWS allows /16 to /28 per VPC, and this project splits it into 16 subnets); write e.g. "10.0.0.0/16"`,
      ],
    ],
    [
      "rejects overlapping VPC blocks",
      { sourceVpc: { cidr: "10.0.0.0/16" }, workspacesVpc: { cidr: "10.0.128.0/17" } },
      [
        `${P}:workspacesVpc.cidr: "10.0.128.0/17" overlaps sourceVpc.cidr "10.0.0.0/16"; the two networks must be routable to each other, so give them disjoint blocks, e.g. "10.1.0.0/16"`,
      ],
    ],
    [
      "rejects an existing directory without an ID",
      { directory: { mode: "existing" }, directoryAdminPassword: undefined },
      [
        `${P}:directory.directoryId: (not set) is required; set it with: pulumi config set --path directory.directoryId VALUE`,
      ],
    ],
    [
      "rejects a malformed directory ID",
      { directory: { mode: "existing", directoryId: "d-12345" }, directoryAdminPassword: undefined },
      [
        `${P}:directory.directoryId: "d-12345" is not a directory ID ("d-" and 10 hex digits); copy it from the WorkSpaces console, e.g. "d-9067a1b2c3"`,
      ],
    ],
    [
      "rejects an unknown directory mode",
      { directory: { mode: "managed" } },
      [`${P}:directory.mode: "managed" is not a known mode; use one of "lab" or "existing"`],
    ],
    [
      "rejects an unknown internet access mode",
      { internetAccess: "full" },
      [`${P}:internetAccess: "full" is not allowed; use one of "https-only", "none"`],
    ],
    [
      "rejects an IPv6 client range",
      { streamingEndpoint: { allowedCidrs: ["10.0.0.0/16", "2001:db8::/32"] } },
      [
        `${P}:streamingEndpoint.allowedCidrs[1]: "2001:db8::/32" is IPv6; WorkSpaces streaming over PrivateLink is IPv4 only: list the clients' IPv4 ranges`,
      ],
    ],
    [
      "rejects an unknown top-level key and suggests the right one",
      { internetAcess: "none" },
      [
        `${P}:internetAcess: is not a setting of workspaces-privatelink (did you mean "internetAccess"?); known: internetAccess, sourceVpc, workspacesVpc, client, directory, directoryAdminPassword, streamingEndpoint, allowPcoipOverInternet. Remove it with: pulumi config rm internetAcess`,
      ],
    ],
    [
      "rejects an unknown nested key",
      { client: { enabled: true, instanceTyp: "t3.large" } },
      [
        `${P}:client.instanceTyp: is not a setting of workspaces-privatelink (did you mean "instanceType"?); known: enabled, instanceType, keyName. Remove it with: pulumi config rm --path client.instanceTyp`,
      ],
    ],
    [
      "rejects a lab without the administrator password",
      { directoryAdminPassword: undefined },
      [
        `${P}:directoryAdminPassword: (not set) is required when directory.mode is "lab" (the Simple AD administrator's password); set it with: pulumi config set --secret directoryAdminPassword`,
      ],
    ],
    [
      "rejects a weak password without printing it",
      { directoryAdminPassword: "lowercaseonly" },
      [
        `${P}:directoryAdminPassword: (secret) must mix three of: lower case, upper case, digits, symbols; set it with: pulumi config set --secret directoryAdminPassword`,
      ],
    ],
    [
      "rejects a WorkSpaces AZ the service does not run in",
      { workspacesVpc: { availabilityZoneIds: ["apne1-az1", "apne1-az2"] } },
      [
        `${P}:workspacesVpc.availabilityZoneIds[1]: "apne1-az2" is not a zone where WorkSpaces Personal runs in ap-northeast-1; use some of apne1-az1, apne1-az4`,
      ],
    ],
    [
      "requires AZ IDs in a region without a table",
      { "aws:region": "eu-north-1", sourceVpc: { availabilityZoneIds: ["eun1-az1", "eun1-az2"] } },
      [
        `${P}:workspacesVpc.availabilityZoneIds: (not set) has no default in region "eu-north-1" (known: us-east-1, us-west-2, ap-south-1, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, sa-east-1); list two AZ IDs where WorkSpaces Personal runs, from the WorkSpaces Administration Guide's "Availability Zones for WorkSpaces Personal"`,
      ],
    ],
    [
      "requires client ranges for an endpoint in the WorkSpaces VPC",
      { streamingEndpoint: { vpc: "workspaces" } },
      [
        `${P}:streamingEndpoint.allowedCidrs: (not set) is required when streamingEndpoint.vpc is "workspaces": the source VPC has no route there, so list the ranges your clients reach that VPC from (VPN, Direct Connect, peering), e.g. ["192.168.0.0/16"]`,
      ],
    ],
    [
      "rejects a boolean written as text",
      { allowPcoipOverInternet: "yes" },
      [`${P}:allowPcoipOverInternet: "yes" must be true or false (unquoted)`],
    ],
    [
      "rejects a missing region",
      { "aws:region": undefined },
      [
        "aws:region: (not set) is not an AWS region; set it with: pulumi config set aws:region ap-northeast-1",
      ],
    ],
  ];
  for (const [title, overrides, expected] of cases) {
    it(title, () => {
      assert.deepEqual(problemsOf(lab(overrides)), expected);
    });
  }

  it("leaves a client range open to the whole internet to the policy pack (workspaces-streaming-ports)", () => {
    const config = parseStackConfig(lab({ streamingEndpoint: { allowedCidrs: ["0.0.0.0/0"] } }));
    assert.deepEqual(config.streamingEndpoint.allowedCidrs, ["0.0.0.0/0"]);
  });

  it("reports every problem at once", () => {
    const problems = problemsOf(
      lab({
        internetAccess: "open",
        sourceVpc: { cidr: "10.0.0.0/33" },
        directory: { mode: "existing", directoryId: "x" },
        streamingEndpoint: { allowedCidrs: ["::/0"] },
        directoryAdminPassword: undefined,
      }),
    );
    assert.deepEqual(
      problems.map((p) => p.split(":").slice(0, 2).join(":")),
      [
        `${P}:internetAccess`,
        `${P}:sourceVpc.cidr`,
        `${P}:directory.directoryId`,
        `${P}:streamingEndpoint.allowedCidrs[0]`,
      ],
    );
  });

  const passwords: [string, string | undefined][] = [
    ["Passw0rd!", undefined],
    ["Short1!", "(secret) must be 8 to 64 characters long (it has 7)"],
    ["alllowercase1", "(secret) must mix three of: lower case, upper case, digits, symbols"],
    ["MyAdmin-Pass1", '(secret) must not contain the word "admin"'],
  ];
  for (const [password, expected] of passwords) {
    it(`judges a password like ${JSON.stringify(password.replace(/./g, "*"))} (${expected ?? "accepted"})`, () => {
      assert.equal(checkDirectoryPassword(password), expected);
    });
  }

  it("fails the program before any resource is registered, naming the problems", async () => {
    await assert.rejects(
      runProgram({ config: lab({ sourceVpc: { cidr: "10.0.0.0/33" }, internetAccess: "open" }) }),
      (error: unknown) => {
        assert.ok(error instanceof ProgramFailed);
        assert.ok(pulumi.RunError.isInstance(error.cause), "a RunError prints without a stack trace");
        assert.equal(
          error.message,
          "The stack configuration has 2 problems; nothing was deployed:\n" +
            `  - ${P}:internetAccess: "open" is not allowed; use one of "https-only", "none"\n` +
            `  - ${P}:sourceVpc.cidr: "10.0.0.0/33" is not an IPv4 CIDR block; write e.g. "10.0.0.0/16"`,
        );
        assert.deepEqual(error.resources, []);
        return true;
      },
    );
  });
});
