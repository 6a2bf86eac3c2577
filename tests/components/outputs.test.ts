/**
 * The stack outputs: what the program exports is the contract (outputs.ts) other projects read,
 * and an output that does not apply is left out without Pulumi's "Undefined value" warning.
 */
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { OUTPUTS, stackOutputs } from "../../outputs";
import { defaultCall } from "../../scripts/mockCloud";
import { runStack } from "../../scripts/runStack";
import { readStackConfig } from "../../scripts/stackConfig";
import { runProgram } from "../standins/mockProgram";
import { SHIPPED as LAB_STACKS } from "../fixtures/urns/shapes";

const P = "workspaces-privatelink";
const PASSWORD = "Lab-Passw0rd!";

/** A shipped stack's configuration, or (`root` LAB_STACKS) one as shipped until 46d6f25. */
function stackConfig(
  stack: string,
  change: Record<string, string> = {},
  root?: string,
): Record<string, string> {
  const { config } = readStackConfig(stack, root);
  if (stack === "dev") {
    config[`${P}:directoryAdminPassword`] = PASSWORD;
  }
  return { ...config, ...change };
}

/** Runs the program as the language host does (through the stack resource) and collects Pulumi's warnings. */
async function warningsOf(run: () => Promise<unknown>): Promise<string[]> {
  const original = pulumi.log.warn;
  const warnings: string[] = [];
  (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message) => void warnings.push(message);
  try {
    await run();
  } finally {
    (pulumi.log as { warn: typeof pulumi.log.warn }).warn = original;
  }
  return warnings;
}

describe("the stack outputs", () => {
  it("are exactly the contract, over the shipped stacks and a transit gateway", async () => {
    const exported = new Set<string>();
    for (const [stack, change, root] of [
      ["dev", {}, undefined],
      ["prod", {}, undefined],
      [
        "prod",
        {
          [`${P}:clientNetwork`]: JSON.stringify({
            dnsResolver: true,
            transitGatewayId: "tgw-0123456789abcdef0",
          }),
        },
        LAB_STACKS,
      ],
    ] as const) {
      const run = await runProgram({
        config: stackConfig(stack, change, root),
        secretKeys: [`${P}:directoryAdminPassword`],
        stack,
      });
      Object.keys(run.outputs).forEach((name) => exported.add(name));
    }
    assert.deepEqual([...exported].sort(), Object.keys(OUTPUTS).sort());
  });

  it("leaves out an output whose value resolves to nothing, with no warning from Pulumi", async () => {
    let outputs: Record<string, unknown> = {};
    const warnings = await warningsOf(async () => {
      const run = await runStack({
        config: stackConfig("prod", {}, LAB_STACKS),
        stack: "prod",
        // A provider (or a mock) that answers the existing directory without a registration code.
        call: (args) => {
          const answer = defaultCall(args);
          if (args.token === "aws:workspaces/getDirectory:getDirectory") {
            delete answer.registrationCode;
          }
          return answer;
        },
      });
      outputs = run.outputs;
    });
    assert.deepEqual(
      warnings.filter((w) => w.startsWith("Undefined value")),
      [],
      "no 'Undefined value (...) will not show as a stack output'",
    );
    assert.ok(!("registrationCode" in outputs));
    assert.ok("directoryId" in outputs);
  });

  it("prints no warning for the shipped stacks", async () => {
    for (const stack of ["dev", "prod"]) {
      const warnings = await warningsOf(() =>
        runStack({ config: stackConfig(stack), secretKeys: [`${P}:directoryAdminPassword`], stack }),
      );
      assert.deepEqual(
        warnings.filter((w) => w.startsWith("Undefined value")),
        [],
        stack,
      );
    }
  });

  describe("stackOutputs", () => {
    const setPreview = (preview: boolean) =>
      pulumi.runtime.setMocks(
        { newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs },
        "p",
        "s",
        preview,
      );

    it("drops plain undefined and Outputs of undefined, and keeps secrets secret", async () => {
      await setPreview(false);
      const kept = await stackOutputs({
        region: "ap-northeast-1",
        clientKeyName: undefined,
        registrationCode: pulumi.output(undefined as string | undefined),
        clientPrivateKeyPem: pulumi.secret("key"),
      });
      assert.deepEqual(Object.keys(kept), ["region", "clientPrivateKeyPem"]);
      assert.ok(await pulumi.isSecret(kept.clientPrivateKeyPem as pulumi.Output<string>));
    });

    it("waits for nothing during a preview", async () => {
      await setPreview(true);
      const kept = await stackOutputs({ registrationCode: pulumi.output(undefined as string | undefined) });
      assert.deepEqual(Object.keys(kept), ["registrationCode"]);
    });
  });
});
