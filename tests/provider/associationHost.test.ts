/**
 * The StreamingEndpointAssociation provider as the engine runs it: the very provider text the
 * resource serializes into `__provider`, loaded by Pulumi's own dynamic-provider host and driven
 * over gRPC with google.protobuf Struct values (tests/standins/hostEngine.ts), against the real AWS
 * SDK talking to moto and the WorkSpaces stand-in. Nothing of the provider is shortened or swapped:
 * the production wait bounds run, capped by WORKSPACES_PRIVATELINK_MAX_WAIT_MS as users can.
 */
import { strict as assert } from "assert";
import { MAX_WAIT_ENV } from "../../providers/streamingEndpointAssociation";
import { runProgram } from "../standins/mockProgram";
import {
  AwsStandIns,
  ENV_ACCESS_KEY_ID,
  REGION,
  startAwsStandInsOrSkip,
  writeProfile,
} from "../standins/aws";
import { HostEngine, InitFailed, UNKNOWN } from "../standins/hostEngine";
import { DEVICE_ACCESS } from "../standins/workspaces";

const D1 = "d-1111111111";
const D2 = "d-2222222222";
const WRITE = "ModifyWorkspaceAccessProperties";

describe("StreamingEndpointAssociation through Pulumi's dynamic-provider host", function () {
  this.timeout(180_000);
  let aws: AwsStandIns;
  let endpointA: string;
  let endpointB: string;
  let providerText: string;
  let engine: HostEngine | undefined;

  before(async function () {
    // The provider text exactly as the resource serializes it for the engine.
    const run = await runProgram({
      config: { "aws:region": REGION },
      program: require.resolve("../fixtures/twoAssociations"),
    });
    providerText = String(run.resources.find((r) => r.name === "first")!.inputs.__provider);
    aws = await startAwsStandInsOrSkip(this);
    endpointA = await aws.createEndpoint();
    endpointB = await aws.createEndpoint();
  });

  after(async () => {
    await aws?.stop();
  });

  beforeEach(() => {
    aws.workspaces.reset();
    aws.workspaces.addDirectory({ DirectoryId: D1 });
    aws.workspaces.addDirectory({ DirectoryId: D2 });
    aws.ec2.overrides.clear();
    aws.resetCalls();
  });

  afterEach(() => {
    engine?.stop();
    engine = undefined;
  });

  async function start(
    maxWaitMs = 8_000,
    config: Record<string, string> = { "aws:region": REGION },
    env: Record<string, string | undefined> = {},
  ): Promise<HostEngine> {
    engine = new HostEngine(
      providerText,
      { ...process.env, ...env, [MAX_WAIT_ENV]: String(maxWaitMs) },
      config,
    );
    await engine.start();
    return engine;
  }

  it("creates, no-ops without an AWS call, updates, replaces, refreshes drift, and deletes after a host restart", async () => {
    const host = await start();
    assert.equal(await host.up({ directoryId: D1, vpcEndpointId: endpointA }), "create");
    assert.equal(host.state!.id, D1);
    assert.equal(
      host.state!.outputs.region,
      REGION,
      "the stack's aws:region reached the provider through Configure",
    );
    assert.equal(host.state!.outputs.directoryState, "REGISTERED");
    assert.equal(host.state!.outputs.__provider, providerText);
    assert.equal(
      aws.workspaces.truth(D1).WorkspaceAccessProperties.AccessEndpointConfig?.AccessEndpoints[0]
        .VpcEndpointId,
      endpointA,
    );

    aws.resetCalls();
    assert.equal(await host.up({ directoryId: D1, vpcEndpointId: endpointA }), "same");
    assert.equal(aws.calls(), 0, "a second up with the same inputs makes no AWS call");

    assert.equal(
      await host.up({ directoryId: D1, vpcEndpointId: endpointB, allowPcoipOverInternet: true }),
      "update",
    );
    assert.deepEqual(aws.workspaces.truth(D1).WorkspaceAccessProperties.AccessEndpointConfig, {
      AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: endpointB }],
      InternetFallbackProtocols: ["PCOIP"],
    });

    assert.equal(await host.up({ directoryId: D2, vpcEndpointId: endpointB }), "replace");
    assert.equal(host.state!.id, D2);
    assert.deepEqual(
      aws.workspaces.truth(D1).WorkspaceAccessProperties.AccessEndpointConfig?.AccessEndpoints,
      [],
    );

    aws.workspaces.changeOutOfBand(D2, (d) => {
      d.WorkspaceAccessProperties.AccessEndpointConfig = { AccessEndpoints: [] };
    });
    assert.equal(await host.refresh(), true);
    assert.equal(host.state!.outputs.vpcEndpointId, "", "refresh reports the drift");
    assert.equal(
      await host.up({ directoryId: D2, vpcEndpointId: endpointB }),
      "update",
      "and the next up repairs it",
    );

    await host.restart(); // a later `pulumi destroy`: a new host, only the state carried over
    await host.destroy();
    assert.deepEqual(
      aws.workspaces.truth(D2).WorkspaceAccessProperties.AccessEndpointConfig?.AccessEndpoints,
      [],
    );
    for (const directory of [D1, D2]) {
      const { AccessEndpointConfig: _owned, ...devices } =
        aws.workspaces.truth(directory).WorkspaceAccessProperties;
      assert.deepEqual(devices, DEVICE_ACCESS, `${directory}'s device settings are untouched`);
    }
  });

  it("refuses a directory another endpoint streams, takes it over when told, and gives it back after a host restart", async () => {
    const theirs = await aws.createEndpoint("highlander", "Interface", {
      project: "other-team",
      stack: "prod",
    });
    aws.workspaces.changeOutOfBand(D1, (d) => {
      d.WorkspaceAccessProperties.AccessEndpointConfig = {
        AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: theirs }],
        InternetFallbackProtocols: ["PCOIP"],
      };
    });
    const before = aws.workspaces.truth(D1).WorkspaceAccessProperties.AccessEndpointConfig;
    const host = await start();
    await assert.rejects(host.up({ directoryId: D1, vpcEndpointId: endpointA }), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(
          `directory ${D1} streams through ${theirs} \\(project other-team, stack prod\\), an endpoint this resource did not set: .* set takeOver: true to take it over`,
        ),
      );
      return true;
    });
    assert.equal(aws.workspaces.count(WRITE), 0, "refused before any write");

    assert.equal(await host.up({ directoryId: D1, vpcEndpointId: endpointA, takeOver: true }), "create");
    assert.deepEqual(host.state!.outputs.takenOver, { vpcEndpointId: theirs, allowPcoipOverInternet: true });
    assert.equal(
      aws.workspaces.truth(D1).WorkspaceAccessProperties.AccessEndpointConfig?.AccessEndpoints[0]
        .VpcEndpointId,
      endpointA,
    );
    aws.resetCalls();
    assert.equal(await host.up({ directoryId: D1, vpcEndpointId: endpointA, takeOver: false }), "same");
    assert.equal(aws.calls(), 0, "takeOver alone: no AWS call");

    await host.restart();
    await host.destroy();
    assert.deepEqual(aws.workspaces.truth(D1).WorkspaceAccessProperties.AccessEndpointConfig, before);
  });

  it("previews with values still unknown: check passes them through, diff says it will change, no AWS call", async () => {
    const host = await start();
    await host.up({ directoryId: D1, vpcEndpointId: endpointA });
    aws.resetCalls();
    const preview = await host.preview({ directoryId: D1, vpcEndpointId: UNKNOWN });
    assert.equal(preview.inputs.vpcEndpointId, UNKNOWN);
    assert.deepEqual([preview.changes, preview.replaces], ["some", []]);
    const replacing = await host.preview({ directoryId: UNKNOWN, vpcEndpointId: endpointA });
    assert.deepEqual(replacing.replaces, ["directoryId"]);
    assert.equal(aws.calls(), 0);
  });

  it("answers bad inputs with check failures naming the property, and no region anywhere too", async () => {
    const host = await start();
    await assert.rejects(
      host.check({ directoryId: "wsd-0123abcd9", vpcEndpointId: "vpc-0123456789abcdef0", region: REGION }),
      {
        message:
          'check failed: directoryId: "wsd-0123abcd9" is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only, so Pools cannot use an endpoint; ' +
          'vpcEndpointId: "vpc-0123456789abcdef0" is not a VPC endpoint ID ("vpce-..."); pass the endpoint\'s id',
      },
    );
    const env: NodeJS.ProcessEnv = { ...process.env, [MAX_WAIT_ENV]: "8000" };
    delete env.AWS_REGION;
    delete env.AWS_DEFAULT_REGION;
    engine?.stop();
    engine = new HostEngine(providerText, env, {});
    await engine.start();
    await assert.rejects(engine.check({ directoryId: D1, vpcEndpointId: endpointA }), {
      message: "check failed: region: (not set) is required; pass region, or set aws:region or AWS_REGION",
    });
  });

  it("signs with the stack's aws:profile, as pulumi-aws does, and with the environment's keys without it", async () => {
    const first = await start();
    await first.up({ directoryId: D1, vpcEndpointId: endpointA });
    assert.deepEqual(aws.signers(), [ENV_ACCESS_KEY_ID]);
    first.stop();

    const profile = writeProfile("workspaces-lab");
    const host = await start(8_000, { "aws:region": REGION, "aws:profile": "workspaces-lab" }, profile.env);
    aws.resetCalls();
    assert.equal(await host.up({ directoryId: D2, vpcEndpointId: endpointA }), "create");
    assert.equal(await host.refresh(), true);
    await host.destroy();
    assert.deepEqual(aws.signers(), [profile.accessKeyId], "create, read and delete: WorkSpaces and EC2");
  });

  it("runs the production wait bounds, capped by WORKSPACES_PRIVATELINK_MAX_WAIT_MS", async () => {
    const pending = await aws.createEndpoint();
    aws.ec2.overrides.set(pending, { states: ["pending"] });
    const host = await start(1_500);
    await assert.rejects(
      host.up({ directoryId: D1, vpcEndpointId: pending }),
      new RegExp(
        `Gave up after \\d+ s waiting for endpoint ${pending} to become available; run the update again later\\.`,
      ),
    );
    assert.equal(aws.workspaces.count(WRITE), 0);
  });

  it("records the device settings when AWS changes them, and refuses a retry that would adopt them", async () => {
    const host = await start();
    aws.workspaces.writeSemantics = "clobber";
    const error = await host.up({ directoryId: D1, vpcEndpointId: endpointA }).then(
      () => assert.fail("the create succeeded"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof InitFailed, `partial state for the engine, got ${String(error)}`);
    assert.match(
      error.message,
      /^AWS changed access settings of directory d-1111111111 that this resource does not own/,
    );
    assert.equal(
      host.state!.outputs.deviceAccessBaseline,
      JSON.stringify(DEVICE_ACCESS, Object.keys(DEVICE_ACCESS).sort()),
    );

    aws.workspaces.writeSemantics = "merge";
    aws.resetCalls();
    await assert.rejects(
      host.up({ directoryId: D1, vpcEndpointId: endpointA }),
      /directory d-1111111111's device access settings are .*"DeviceTypeWeb":"ALLOW".*, not .*"DeviceTypeWeb":"DENY".* as before the failed attempt; restore them, or run pulumi refresh to accept them\./,
    );
    assert.equal(aws.workspaces.count(WRITE), 0, "the retry writes nothing");

    // The user accepts the settings as they are now: refresh, then up.
    assert.equal(await host.refresh(), true);
    assert.equal(host.state!.outputs.deviceAccessBaseline, undefined);
    // The engine updates a resource with init errors whatever the diff says; now it goes through.
    assert.equal(await host.up({ directoryId: D1, vpcEndpointId: endpointA }), "update");
    assert.equal(
      aws.workspaces.truth(D1).WorkspaceAccessProperties.DeviceTypeWeb,
      "ALLOW",
      "as accepted, not reverted",
    );
    assert.equal(host.state!.outputs.vpcEndpointId, endpointA);
  });

  it("writes pulumi.log warnings to the host's stderr, not to the engine (the program logs them on the resource)", async () => {
    aws.workspaces.changeOutOfBand(D1, (d) => {
      d.ipGroupIds = ["wsipg-0123abcd"];
    });
    const host = await start();
    await host.up({ directoryId: D1, vpcEndpointId: endpointA });
    assert.deepEqual(host.state!.outputs.warnings, [
      "directory d-1111111111 has IP access control groups (wsipg-0123abcd); they stop applying while a streaming endpoint is set.",
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.match(host.stderr, /IP access control groups \(wsipg-0123abcd\)/);
  });
});
