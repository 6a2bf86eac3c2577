/**
 * The StreamingEndpointAssociation provider against the real AWS SDK: EC2 from moto (behind an
 * overlay), WorkSpaces from the wire-level stand-in. Lifecycle runs go through the serialized
 * provider, loaded back as the engine's dynamic provider host loads it.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  AssociationOutputs,
  StreamingEndpointAssociationProvider,
} from "../../providers/streamingEndpointAssociation";
import { AwsStandIns, ENV_ACCESS_KEY_ID, REGION, startAwsStandInsOrSkip } from "../standins/aws";
import { MiniEngine, SERIALIZED_PROVIDER_GUARD, load, serialize } from "../standins/engine";
import { DEVICE_ACCESS, WorkspacesStandIn } from "../standins/workspaces";

const D1 = "d-1111111111";
const D2 = "d-2222222222";
const FAST = { waits: { propagationMs: 8_000, endpointAvailableMs: 5_000, directoryRegisteredMs: 5_000 } };
const WRITE = "ModifyWorkspaceAccessProperties";

type Bag = Record<string, unknown>;

function program(overrides: Bag = {}): Bag {
  return { directoryId: D1, vpcEndpointId: "", allowPcoipOverInternet: false, region: REGION, ...overrides };
}

/** The directory's access properties minus the one the association owns. */
function deviceAccess(ws: WorkspacesStandIn, id: string): Bag {
  const { AccessEndpointConfig: _owned, ...rest } = ws.truth(id).WorkspaceAccessProperties;
  return rest;
}

function streamingOf(ws: WorkspacesStandIn, id: string) {
  return ws.truth(id).WorkspaceAccessProperties.AccessEndpointConfig;
}

describe("StreamingEndpointAssociation provider", function () {
  this.timeout(120_000);
  let aws: AwsStandIns;
  let endpointA: string;
  let endpointB: string;

  before(async function () {
    aws = await startAwsStandInsOrSkip(this);
    endpointA = await aws.createEndpoint();
    endpointB = await aws.createEndpoint();
  });

  after(async () => {
    await aws?.stop();
  });

  beforeEach(() => {
    if (!aws) {
      return;
    }
    aws.workspaces.reset();
    aws.workspaces.addDirectory({ DirectoryId: D1 });
    aws.workspaces.addDirectory({ DirectoryId: D2 });
    aws.ec2.overrides.clear();
    aws.resetCalls();
  });

  const calls = () => aws.calls();
  const resetCalls = () => aws.resetCalls();

  describe("lifecycle through the serialized provider", () => {
    it("creates, no-ops, updates each field, replaces, refreshes drift away, and deletes", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      const before = deviceAccess(aws.workspaces, D1);

      assert.equal(await engine.up(program({ vpcEndpointId: endpointA })), "create");
      assert.deepEqual(streamingOf(aws.workspaces, D1), {
        AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: endpointA }],
        InternetFallbackProtocols: [],
      });
      assert.equal(engine.state!.id, D1);
      const { __provider: _p, ...outputs } = engine.state!.outputs;
      assert.deepEqual(outputs, {
        directoryId: D1,
        vpcEndpointId: endpointA,
        allowPcoipOverInternet: false,
        ownDns: false,
        takeOver: false,
        region: REGION,
        directoryState: "REGISTERED",
        workspaceType: "PERSONAL",
        endpointEncryptionMode: "STANDARD_TLS",
        globalAcceleratorMode: "DISABLED",
        ipGroupIds: [],
        vpcEndpointServiceName: `com.amazonaws.${REGION}.highlander`,
        vpcEndpointState: "available",
        vpcEndpointType: "Interface",
        vpcEndpointIpAddressType: "ipv4",
        vpcEndpointDnsRecordIpType: "ipv4",
        vpcEndpointPrivateDnsEnabled: true,
        pcoipWorkspaceCount: 0,
        globalAcceleratorWorkspaceCount: 0,
        warnings: [],
      });
      assert.equal(aws.workspaces.effectiveWrites, 1);

      resetCalls();
      assert.equal(await engine.up(program({ vpcEndpointId: endpointA })), "same");
      assert.equal(calls(), 0, "a no-op up makes no AWS call");

      assert.equal(await engine.up(program({ vpcEndpointId: endpointB })), "update");
      assert.equal(streamingOf(aws.workspaces, D1)!.AccessEndpoints[0].VpcEndpointId, endpointB);

      assert.equal(
        await engine.up(program({ vpcEndpointId: endpointB, allowPcoipOverInternet: true })),
        "update",
      );
      assert.deepEqual(streamingOf(aws.workspaces, D1)!.InternetFallbackProtocols, ["PCOIP"]);
      assert.equal(engine.state!.outputs.allowPcoipOverInternet, true);

      assert.equal(
        await engine.up(program({ directoryId: D2, vpcEndpointId: endpointB, allowPcoipOverInternet: true })),
        "replace",
      );
      assert.equal(streamingOf(aws.workspaces, D2)!.AccessEndpoints[0].VpcEndpointId, endpointB);
      assert.deepEqual(
        streamingOf(aws.workspaces, D1)!.AccessEndpoints,
        [],
        "the old directory was released",
      );
      assert.deepEqual(
        deviceAccess(aws.workspaces, D1),
        before,
        "D1's other access settings survived it all",
      );

      aws.workspaces.changeOutOfBand(D2, (d) => {
        d.WorkspaceAccessProperties.AccessEndpointConfig = { AccessEndpoints: [] };
      });
      resetCalls();
      assert.equal(await engine.refresh(), true);
      assert.equal(calls(), 1, "a refresh is one describe call");
      assert.equal(engine.state!.outputs.vpcEndpointId, "", "refresh reports the drift");
      assert.equal(engine.state!.inputs.vpcEndpointId, "", "and returns inputs, so the next diff sees it");
      assert.equal(
        await engine.up(program({ directoryId: D2, vpcEndpointId: endpointB, allowPcoipOverInternet: true })),
        "update",
      );
      assert.equal(
        streamingOf(aws.workspaces, D2)!.AccessEndpoints[0].VpcEndpointId,
        endpointB,
        "the next up repaired it",
      );

      const d2Before = deviceAccess(aws.workspaces, D2);
      await engine.destroy();
      assert.deepEqual(streamingOf(aws.workspaces, D2)!.AccessEndpoints, []);
      assert.deepEqual(deviceAccess(aws.workspaces, D2), d2Before);
      assert.deepEqual(deviceAccess(aws.workspaces, D2), DEVICE_ACCESS);
    });

    it("adopts a directory that already has exactly the wanted setting, writing nothing; delete clears it", async () => {
      aws.workspaces.changeOutOfBand(D1, (d) => {
        d.WorkspaceAccessProperties.AccessEndpointConfig = {
          AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: endpointA }],
          InternetFallbackProtocols: [],
        };
      });
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      assert.equal(await engine.up(program({ vpcEndpointId: endpointA })), "create");
      assert.equal(aws.workspaces.count(WRITE), 0);
      assert.equal(calls(), 3, "directory, endpoint and WorkSpaces reads only");
      assert.equal(engine.state!.outputs.takenOver, undefined, "its own: nothing taken over");
      await engine.destroy();
      assert.deepEqual(streamingOf(aws.workspaces, D1)?.AccessEndpoints, []);
    });

    it("sees a changed endpoint on refresh and sets it back on the next up", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      await engine.up(program({ vpcEndpointId: endpointA }));
      aws.workspaces.changeOutOfBand(D1, (d) => {
        d.WorkspaceAccessProperties.AccessEndpointConfig!.AccessEndpoints[0].VpcEndpointId = endpointB;
      });
      await engine.refresh();
      assert.equal(engine.state!.outputs.vpcEndpointId, endpointB);
      assert.equal(await engine.up(program({ vpcEndpointId: endpointA })), "update");
      assert.equal(streamingOf(aws.workspaces, D1)!.AccessEndpoints[0].VpcEndpointId, endpointA);
    });

    it("drops the resource from state when the directory was deregistered", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      await engine.up(program({ vpcEndpointId: endpointA }));
      aws.workspaces.changeOutOfBand(D1, (d) => (d.State = "DEREGISTERED"));
      assert.equal(await engine.refresh(), false);
      assert.equal(engine.state, undefined);
    });

    it("deletes successfully when the directory is already gone", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      await engine.up(program({ vpcEndpointId: endpointA }));
      aws.workspaces.directories.delete(D1);
      resetCalls();
      await engine.destroy();
      assert.equal(aws.workspaces.count(WRITE), 0);
    });

    it("uses the stack's aws:region when the program gives none, and keeps it in state", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST), {
        "aws:region": REGION,
      });
      await engine.up({ directoryId: D1, vpcEndpointId: endpointA });
      assert.equal(engine.state!.inputs.region, REGION);
      assert.equal(engine.state!.outputs.region, REGION);
      assert.equal(engine.state!.outputs.allowPcoipOverInternet, false);
    });
  });

  it("needs no permission beyond the shipped IAM policy, and the policy grants nothing unused", async () => {
    const policy = JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "..", "providers", "iam-policy.json"), "utf8"),
    ) as {
      Statement: { Action: string[] }[];
    };
    const granted = new Set(policy.Statement.flatMap((s) => s.Action));
    const used = new Set<string>();
    const collect = () => {
      aws.workspaces.calls.forEach((c) => used.add(`workspaces:${c.operation}`));
      aws.ec2.actions.forEach((a) => used.add(`ec2:${a}`));
      resetCalls();
    };
    const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
    // A preview's reads (the sign-in log's, FilterLogEvents, are held to the policy by the cut-over tests).
    await engine.provider.check!({}, { ...program({ vpcEndpointId: endpointA }), previewRead: {} });
    collect();
    await engine.up(program({ vpcEndpointId: endpointA }));
    collect();
    await engine.up(program({ vpcEndpointId: endpointB }));
    collect();
    await engine.refresh();
    collect();
    await engine.destroy();
    collect();
    // GetCallerIdentity needs no permission (AWS STS); the sign-in log's read is the cut-over's.
    assert.deepEqual([...used, "logs:FilterLogEvents"].sort(), [...granted].sort());
  });

  describe("ownership: a directory another endpoint streams", () => {
    /** Another team's endpoint, tagged as this project's stacks tag theirs. */
    let theirs: string;
    const OWNER = `(project other-team, stack prod, "other-team-streaming")`;
    before(async function () {
      if (aws) {
        theirs = await aws.createEndpoint("highlander", "Interface", {
          project: "other-team",
          stack: "prod",
          Name: "other-team-streaming",
        });
      }
    });
    /** D1 streams through their endpoint, PCoIP allowed over the internet. */
    const streamsThroughTheirs = (endpoint = theirs) =>
      aws.workspaces.changeOutOfBand(D1, (d) => {
        d.WorkspaceAccessProperties.AccessEndpointConfig = {
          AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: endpoint }],
          InternetFallbackProtocols: ["PCOIP"],
        };
      });
    const THEIRS = () => ({
      AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: theirs }],
      InternetFallbackProtocols: ["PCOIP"],
    });
    const refusal = (endpoint: string) =>
      `Cannot stream directory ${D1} through endpoint ${endpointA}; nothing was changed:\n  - directory ${D1} streams through ${endpoint} ${OWNER}, an endpoint this resource did not set: taking it would cut off every DCV user of that endpoint's network. Remove directory ${D1} from the stack that owns it, or set takeOver: true to take it over (the state records ${endpoint}, and deleting the association gives it back).`;

    it("refuses to create over it, before any write, naming the endpoint, its owner and the two ways out", async () => {
      streamsThroughTheirs();
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      resetCalls();
      await assert.rejects(engine.up(program({ vpcEndpointId: endpointA })), (error: Error) => {
        assert.equal(error.message, refusal(theirs));
        return true;
      });
      assert.equal(aws.workspaces.count(WRITE), 0);
      assert.deepEqual(streamingOf(aws.workspaces, D1), THEIRS());
      assert.equal(engine.state, undefined);
    });

    it("takes it over with takeOver, records what was there, warns, and gives it back on delete", async () => {
      streamsThroughTheirs();
      // Its warnings are asserted from the state; the serialized copy's own log is kept quiet.
      const engine = await MiniEngine.from(
        new StreamingEndpointAssociationProvider({ ...FAST, warn: () => undefined }),
      );
      assert.equal(await engine.up(program({ vpcEndpointId: endpointA, takeOver: true })), "create");
      assert.equal(aws.workspaces.count(WRITE), 1);
      assert.equal(streamingOf(aws.workspaces, D1)!.AccessEndpoints[0].VpcEndpointId, endpointA);
      const taken = { vpcEndpointId: theirs, allowPcoipOverInternet: true };
      assert.deepEqual(engine.state!.outputs.takenOver, taken);
      assert.deepEqual(engine.state!.outputs.warnings, [
        `Took directory ${D1} over from ${theirs} ${OWNER} (takeOver): its DCV sessions start through endpoint ${endpointA} now; deleting this association gives ${theirs} back.`,
      ]);

      // Later updates keep the record; takeOver alone changes nothing.
      assert.equal(await engine.up(program({ vpcEndpointId: endpointA, takeOver: false })), "same");
      assert.equal(await engine.up(program({ vpcEndpointId: endpointB })), "update");
      assert.deepEqual(engine.state!.outputs.takenOver, taken);

      resetCalls();
      // Delete's warnings go to the host's log: the provider itself, unserialized, keeps them here.
      const warnings: string[] = [];
      const provider = new StreamingEndpointAssociationProvider({ ...FAST, warn: (m) => warnings.push(m) });
      await provider.delete(engine.state!.id, engine.state!.outputs as unknown as AssociationOutputs);
      assert.deepEqual(
        streamingOf(aws.workspaces, D1),
        THEIRS(),
        "their endpoint and fallback, as they were",
      );
      assert.equal(aws.workspaces.count(WRITE), 1);
      assert.deepEqual(warnings, [
        `Gave directory ${D1} back to ${theirs}, which it streamed through before this association took it over.`,
      ]);
    });

    it("clears instead of giving back an endpoint that is gone, and says which", async () => {
      const gone = await aws.createEndpoint();
      streamsThroughTheirs(gone);
      const warnings: string[] = [];
      const provider = new StreamingEndpointAssociationProvider({ ...FAST, warn: (m) => warnings.push(m) });
      const created = await provider.create(program({ vpcEndpointId: endpointA, takeOver: true }));
      await aws.deleteEndpoint(gone);
      await provider.delete(created.id, created.outs!);
      assert.deepEqual(streamingOf(aws.workspaces, D1)?.AccessEndpoints ?? [], []);
      assert.match(
        warnings.join("\n"),
        new RegExp(
          `directory ${D1} streamed through ${gone} before this association took it over; that endpoint is \\w+, so directory ${D1} is cleared to stream over the internet instead\\.`,
        ),
      );
    });

    it("refuses an update over a change it has not seen, and goes ahead after a refresh", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      await engine.up(program({ vpcEndpointId: endpointA }));
      streamsThroughTheirs();
      resetCalls();
      await assert.rejects(
        engine.up(program({ vpcEndpointId: endpointA, allowPcoipOverInternet: true })),
        (error: Error) => {
          assert.equal(error.message, refusal(theirs));
          return true;
        },
      );
      assert.equal(aws.workspaces.count(WRITE), 0);
      assert.deepEqual(streamingOf(aws.workspaces, D1), THEIRS());
      // pulumi refresh: the state is what is there; the update (its preview showed it) goes ahead.
      await engine.refresh();
      assert.equal(engine.state!.outputs.vpcEndpointId, theirs);
      assert.equal(await engine.up(program({ vpcEndpointId: endpointA })), "update");
      assert.equal(streamingOf(aws.workspaces, D1)!.AccessEndpoints[0].VpcEndpointId, endpointA);
    });

    it("keeps working on state from before ownership existed: no diff, no write", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      await engine.up(program({ vpcEndpointId: endpointA }));
      const { takeOver: _t, ...outputs } = engine.state!.outputs;
      const { takeOver: _u, ...inputs } = engine.state!.inputs;
      engine.state = { ...engine.state!, outputs, inputs };
      resetCalls();
      assert.equal(await engine.up(program({ vpcEndpointId: endpointA })), "same");
      assert.equal(calls(), 0);
      await engine.destroy();
      assert.deepEqual(streamingOf(aws.workspaces, D1)?.AccessEndpoints, []);
    });
  });

  describe("whose account: the credentials it is given, checked before any write", () => {
    const STACK_ACCOUNT = "111111111111";
    const ROLE = "arn:aws:iam::222222222222:role/platform-deployer";

    it("refuses to create with credentials that reach another account than the stack's, naming both", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      await assert.rejects(engine.up(program({ vpcEndpointId: endpointA, accountId: STACK_ACCOUNT })), {
        message: `The association's credentials (the AWS SDK's default credential chain) reach account 123456789012, not ${STACK_ACCOUNT}, the account of the aws provider the rest of the stack deploys into; nothing was changed. Give the WorkspacesStreaming component credentials that reach ${STACK_ACCOUNT} (credentials: { profile } or { assumeRole: { roleArn: "arn:aws:iam::${STACK_ACCOUNT}:role/..." } }), or set them in the environment (AWS_PROFILE).`,
      });
      assert.deepEqual(
        [aws.sts.count("GetCallerIdentity"), aws.workspaces.count()],
        [1, 0],
        "one STS call, and nothing asked of (let alone written to) WorkSpaces",
      );
    });

    it("refuses, at preview, as a check failure on accountId, so the preview fails before any write", async () => {
      const provider = await load((await serialize(new StreamingEndpointAssociationProvider(FAST))).text);
      const checked = await provider.check!(
        {},
        { ...program({ vpcEndpointId: endpointA, accountId: STACK_ACCOUNT }), previewRead: {} },
      );
      assert.deepEqual(
        checked.failures?.map((f) => [f.property, f.reason.split(";")[0]]),
        [
          [
            "accountId",
            `The association's credentials (the AWS SDK's default credential chain) reach account 123456789012, not ${STACK_ACCOUNT}, the account of the aws provider the rest of the stack deploys into`,
          ],
        ],
      );
      assert.equal(aws.workspaces.count(), 0);
    });

    it("refuses to refresh or delete from another account: it would find no directory, and drop or leave it", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      await engine.up(program({ vpcEndpointId: endpointA }));
      // The state says the stack's account; the credentials now reach another.
      engine.state!.outputs.accountId = STACK_ACCOUNT;
      await assert.rejects(engine.refresh(), /reach account 123456789012, not 111111111111/);
      await assert.rejects(engine.destroy(), /reach account 123456789012, not 111111111111/);
      assert.equal(
        streamingOf(aws.workspaces, D1)!.AccessEndpoints[0].VpcEndpointId,
        endpointA,
        "nothing changed on the directory",
      );
    });

    it("assumes the role it is given, and acts in the role's account with the role's credentials", async () => {
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      const inputs = program({
        vpcEndpointId: endpointA,
        accountId: "222222222222",
        assumeRole: { roleArn: ROLE, sessionName: "landing-zone" },
      });
      assert.equal(await engine.up(inputs), "create");
      assert.equal(streamingOf(aws.workspaces, D1)!.AccessEndpoints[0].VpcEndpointId, endpointA);
      const assumed = aws.sts.calls.find((c) => c.action === "AssumeRole");
      assert.deepEqual(
        [assumed?.params.RoleArn, assumed?.params.RoleSessionName, assumed?.signer],
        [ROLE, "landing-zone", ENV_ACCESS_KEY_ID],
        "assumed with the environment's credentials",
      );
      assert.equal(aws.sts.count("AssumeRole"), 1, "one role session for the operation's clients");
      const session = [...aws.sts.accounts.keys()].filter((k) => aws.sts.accounts.get(k) === "222222222222");
      assert.deepEqual(
        [...aws.workspaces.signers],
        session,
        "every WorkSpaces call signed with the role's credentials",
      );
      assert.deepEqual(
        aws.sts.calls.filter((c) => c.action === "GetCallerIdentity").map((c) => c.signer),
        session,
        "the account checked is the role's",
      );
    });
    it("finds no directory with another account's credentials where WorkSpaces answers per account, and changes nothing", async () => {
      // As the engine tier's WorkSpaces does (tests/engine/cloud.ts): a caller sees its own
      // account's directories only. D1 is registered in 123456789012; the role is in 222222222222.
      aws.workspaces.callerAccount = (req) => aws.sts.accountOf(req); // reset() forgets it
      const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
      const inputs = program({
        vpcEndpointId: endpointA,
        assumeRole: { roleArn: ROLE, sessionName: "landing-zone" },
      });
      await assert.rejects(
        engine.up(inputs),
        new RegExp(`directory ${D1} is not a WorkSpaces directory in ${REGION}; register it`),
      );
      assert.deepEqual(
        [...new Set(aws.workspaces.calls.map((c) => `${c.operation} in ${c.account}`))],
        ["DescribeWorkspaceDirectories in 222222222222"],
      );
      assert.equal(streamingOf(aws.workspaces, D1)?.AccessEndpoints.length ?? 0, 0);
    });
  });

  describe("device access settings, whatever AWS does with omitted fields", () => {
    for (const semantics of ["merge", "replace"] as const) {
      it(`keeps every device setting through create, update and delete when AWS ${semantics === "merge" ? "leaves omitted fields alone" : "resets omitted fields to defaults"}`, async () => {
        aws.workspaces.writeSemantics = semantics;
        const custom = { ...DEVICE_ACCESS, DeviceTypeOsx: "DENY", DeviceTypeLinux: "DENY" };
        aws.workspaces.changeOutOfBand(D1, (d) => Object.assign(d.WorkspaceAccessProperties, custom));
        const engine = await MiniEngine.from(new StreamingEndpointAssociationProvider(FAST));
        assert.equal(await engine.up(program({ vpcEndpointId: endpointA })), "create");
        assert.deepEqual(deviceAccess(aws.workspaces, D1), custom);
        assert.equal(
          await engine.up(program({ vpcEndpointId: endpointB, allowPcoipOverInternet: true })),
          "update",
        );
        assert.deepEqual(deviceAccess(aws.workspaces, D1), custom);
        await engine.destroy();
        assert.deepEqual(deviceAccess(aws.workspaces, D1), custom);
        assert.deepEqual(streamingOf(aws.workspaces, D1)?.AccessEndpoints, []);
      });
    }

    it("fails, naming the change, when AWS changes a device setting anyway, and says it changed nothing else", async () => {
      aws.workspaces.writeSemantics = "clobber";
      const provider = new StreamingEndpointAssociationProvider(FAST);
      await assert.rejects(
        provider.create(program({ vpcEndpointId: endpointA })),
        (error: Error & { id?: string; properties?: Bag }) => {
          assert.match(
            error.message,
            /^AWS changed access settings of directory d-1111111111 that this resource does not own, from .*"DeviceTypeWeb":"DENY".* to .*"DeviceTypeWeb":"ALLOW".*; restore them in the WorkSpaces console/,
          );
          // Partial state for the engine: the device settings before the write, so a retry can compare.
          assert.equal(error.id, D1);
          assert.equal(typeof error.properties?.deviceAccessBaseline, "string");
          return true;
        },
      );
    });
  });

  describe("delete", () => {
    it("keeps the endpoint and says what to do when AWS refuses the empty list", async () => {
      const provider = new StreamingEndpointAssociationProvider(FAST);
      const { outs } = await provider.create(program({ vpcEndpointId: endpointA }));
      aws.workspaces.refuseEmptyAccessEndpoints = true;
      await assert.rejects(
        provider.delete(D1, outs!),
        new RegExp(
          `^Error: AWS refused to clear the streaming endpoint of directory ${D1} \\(AccessEndpoints must not be empty\\.\\); ${endpointA} stays, as deleting it would end live sessions\\. Set the directory to stream over the internet in the WorkSpaces console, then destroy again\\.$`,
        ),
      );
      assert.equal(streamingOf(aws.workspaces, D1)?.AccessEndpoints[0].VpcEndpointId, endpointA);
    });

    it("leaves a directory that someone pointed at another endpoint, and warns", async () => {
      const warnings: string[] = [];
      const provider = new StreamingEndpointAssociationProvider({ ...FAST, warn: (m) => warnings.push(m) });
      const created = await provider.create(program({ vpcEndpointId: endpointA }));
      aws.workspaces.changeOutOfBand(D1, (d) => {
        d.WorkspaceAccessProperties.AccessEndpointConfig!.AccessEndpoints[0].VpcEndpointId = endpointB;
      });
      resetCalls();
      await provider.delete(D1, created.outs!);
      assert.equal(aws.workspaces.count(WRITE), 0);
      assert.equal(streamingOf(aws.workspaces, D1)!.AccessEndpoints[0].VpcEndpointId, endpointB);
      assert.deepEqual(warnings, [
        `Left directory ${D1} alone: it streams through ${endpointB} now, not ${endpointA}, so someone else owns that setting.`,
      ]);
    });

    it("says so, with the wait, when AWS never shows the endpoint removed", async () => {
      const provider = new StreamingEndpointAssociationProvider({ waits: { propagationMs: 1_500 } });
      const created = await provider.create(program({ vpcEndpointId: endpointA }));
      aws.workspaces.setFaults({ staleReadMs: 60_000 });
      await assert.rejects(
        provider.delete(D1, created.outs!),
        new RegExp(
          `^Error: Gave up after \\d+ s waiting for directory ${D1} to drop endpoint ${endpointA} \\(removal by an empty AccessEndpoints list, which AWS does not document\\); run the update again later\\.$`,
        ),
      );
    });
  });

  describe("preflight: a clear error and no write", () => {
    async function failure(
      inputs: Bag,
      setup: () => void | Promise<void> = () => undefined,
    ): Promise<string> {
      await setup();
      resetCalls();
      const provider = new StreamingEndpointAssociationProvider({ ...FAST, warn: () => undefined });
      const error = await provider.create(program(inputs)).then(
        () => assert.fail("create succeeded"),
        (e: Error) => e,
      );
      assert.equal(aws.workspaces.count(WRITE), 0, "no write");
      return error.message;
    }

    const cannot = (endpoint: string, directory = D1) =>
      `Cannot stream directory ${directory} through endpoint ${endpoint}; nothing was changed:\n  - `;

    it("rejects an endpoint that does not exist", async () => {
      const missing = "vpce-0123456789abcdef0";
      assert.equal(
        await failure({ vpcEndpointId: missing }),
        `${cannot(missing)}endpoint ${missing} does not exist in ${REGION}; create an Interface endpoint for com.amazonaws.${REGION}.highlander.`,
      );
    });

    it("rejects a gateway endpoint", async () => {
      const gateway = await aws.createEndpoint("s3", "Gateway");
      assert.equal(
        await failure({ vpcEndpointId: gateway }),
        `${cannot(gateway)}endpoint ${gateway} is a Gateway endpoint; streaming needs an Interface endpoint.\n` +
          `  - endpoint ${gateway} serves com.amazonaws.${REGION}.s3, but streaming needs com.amazonaws.${REGION}.highlander.`,
      );
    });

    it("explains the naming trap for a ...workspaces endpoint", async () => {
      const api = await aws.createEndpoint("workspaces");
      assert.equal(
        await failure({ vpcEndpointId: api }),
        `${cannot(api)}endpoint ${api} serves com.amazonaws.${REGION}.workspaces, but streaming needs com.amazonaws.${REGION}.highlander: ...workspaces is the WorkSpaces API; only ...highlander streams.`,
      );
    });

    it("rejects a dualstack endpoint", async () => {
      const dual = await aws.createEndpoint();
      aws.ec2.overrides.set(dual, { ipAddressType: "dualstack", dnsRecordIpType: "dualstack" });
      assert.equal(
        await failure({ vpcEndpointId: dual }),
        `${cannot(dual)}endpoint ${dual} has ipAddressType dualstack and dnsRecordIpType dualstack; streaming is IPv4 only: recreate it with both "ipv4".`,
      );
    });

    it("accepts service-defined DNS records on an IPv4 endpoint", async () => {
      const endpoint = await aws.createEndpoint();
      aws.ec2.overrides.set(endpoint, { ipAddressType: "ipv4", dnsRecordIpType: "service-defined" });
      const provider = new StreamingEndpointAssociationProvider(FAST);
      await provider.create(program({ vpcEndpointId: endpoint }));
      assert.equal(streamingOf(aws.workspaces, D1)?.AccessEndpoints[0].VpcEndpointId, endpoint);
    });

    it("rejects an endpoint with private DNS off, unless the user runs their own DNS (ownDns)", async () => {
      const endpoint = await aws.createEndpoint();
      aws.ec2.overrides.set(endpoint, { privateDnsEnabled: false });
      assert.equal(
        await failure({ vpcEndpointId: endpoint }),
        `${cannot(endpoint)}endpoint ${endpoint} has private DNS off, and clients find it only by its private name; turn private DNS on, or set ownDns: true if your own DNS answers privatelink.prod.${REGION}.highlander.aws.a2z.com.`,
      );
      const provider = new StreamingEndpointAssociationProvider(FAST);
      await provider.create(program({ vpcEndpointId: endpoint, ownDns: true }));
      assert.equal(aws.workspaces.count(WRITE), 1);
    });

    it("rejects an endpoint of another account than the directory's (shared VPCs included)", async () => {
      const endpoint = await aws.createEndpoint();
      aws.ec2.overrides.set(endpoint, { ownerId: "210987654321" });
      assert.equal(
        await failure({ vpcEndpointId: endpoint }),
        `${cannot(endpoint)}endpoint ${endpoint} belongs to account 210987654321, not to 123456789012, the directory's; AWS supports only endpoints in the directory's account (not shared VPCs).`,
      );
    });

    it("rejects a failed endpoint", async () => {
      const broken = await aws.createEndpoint();
      aws.ec2.overrides.set(broken, { states: ["failed"] });
      assert.equal(
        await failure({ vpcEndpointId: broken }),
        `${cannot(broken)}endpoint ${broken} is failed; it must be available.`,
      );
    });

    it("gives up on an endpoint that stays pending, saying what it waited for and how long", async () => {
      const pending = await aws.createEndpoint();
      aws.ec2.overrides.set(pending, { states: ["pending"] });
      const provider = new StreamingEndpointAssociationProvider({ waits: { endpointAvailableMs: 1_500 } });
      await assert.rejects(
        provider.create(program({ vpcEndpointId: pending })),
        new RegExp(
          `^Error: Gave up after \\d+ s waiting for endpoint ${pending} to become available; run the update again later\\.$`,
        ),
      );
      assert.equal(aws.workspaces.count(WRITE), 0);
    });

    const directoryCases: [string, () => void, string][] = [
      [
        "a missing directory",
        () => aws.workspaces.directories.delete(D1),
        `directory ${D1} is not a WorkSpaces directory in ${REGION}; register it with WorkSpaces Personal.`,
      ],
      [
        "a deregistered directory",
        () => aws.workspaces.changeOutOfBand(D1, (d) => (d.State = "DEREGISTERED")),
        `directory ${D1} is DEREGISTERED; register it with WorkSpaces first.`,
      ],
      [
        "a Pools directory",
        () => aws.workspaces.changeOutOfBand(D1, (d) => (d.WorkspaceType = "POOLS")),
        `directory ${D1} is a WorkSpaces Pools directory; streaming over PrivateLink is for WorkSpaces Personal only.`,
      ],
      [
        "a directory in FIPS mode",
        () => aws.workspaces.changeOutOfBand(D1, (d) => (d.EndpointEncryptionMode = "FIPS_VALIDATED")),
        `directory ${D1} uses FIPS endpoint encryption, which PrivateLink streaming does not support; set it to STANDARD_TLS.`,
      ],
      [
        "a directory with Global Accelerator on",
        () =>
          aws.workspaces.changeOutOfBand(
            D1,
            (d) => (d.StreamingProperties = { GlobalAccelerator: { Mode: "ENABLED_AUTO" } }),
          ),
        `directory ${D1} has Global Accelerator on, which PrivateLink streaming does not support; turn it off.`,
      ],
      [
        "WorkSpaces with Global Accelerator explicitly on, naming them",
        () => {
          aws.workspaces.addWorkspaces(D1, 30);
          aws.workspaces.addWorkspaces(D1, 2, { GlobalAccelerator: { Mode: "ENABLED_AUTO" } });
          aws.workspaces.addWorkspaces(D1, 1, { GlobalAccelerator: { Mode: "INHERITED" } });
        },
        "WorkSpaces ws-00000001f, ws-000000020 have Global Accelerator on; set them to INHERITED or DISABLED.",
      ],
    ];
    for (const [what, setup, message] of directoryCases) {
      it(`rejects ${what}`, async () => {
        assert.equal(await failure({ vpcEndpointId: endpointA }, setup), `${cannot(endpointA)}${message}`);
      });
    }

    it("waits for a registering directory, then sets it", async () => {
      aws.workspaces.changeOutOfBand(D1, (d) => (d.State = "REGISTERING"));
      setTimeout(() => aws.workspaces.changeOutOfBand(D1, (d) => (d.State = "REGISTERED")), 700);
      const provider = new StreamingEndpointAssociationProvider(FAST);
      const created = await provider.create(program({ vpcEndpointId: endpointA }));
      assert.equal(created.outs!.directoryState, "REGISTERED");
      assert.equal(aws.workspaces.effectiveWrites, 1);
    });

    it("waits for a pending endpoint, then sets it", async () => {
      const pending = await aws.createEndpoint();
      aws.ec2.overrides.set(pending, { states: ["pendingAcceptance", "pending", "available"] });
      const created = await new StreamingEndpointAssociationProvider(FAST).create(
        program({ vpcEndpointId: pending }),
      );
      assert.equal(created.outs!.vpcEndpointState, "available");
      assert.equal(aws.ec2.actions.filter((a) => a === "DescribeVpcEndpoints").length, 3);
    });
  });

  describe("warnings", () => {
    it("warns that IP access control groups stop applying and that PCoIP WorkSpaces become unreachable", async () => {
      aws.workspaces.changeOutOfBand(D1, (d) => (d.ipGroupIds = ["wsipg-abc123"]));
      aws.workspaces.addWorkspaces(D1, 3, { Protocols: ["PCOIP"] });
      aws.workspaces.addWorkspaces(D1, 2);
      const warnings: string[] = [];
      const provider = new StreamingEndpointAssociationProvider({ ...FAST, warn: (m) => warnings.push(m) });
      const created = await provider.create(program({ vpcEndpointId: endpointA }));
      const expected = [
        `directory ${D1} has IP access control groups (wsipg-abc123); they stop applying while a streaming endpoint is set.`,
        `directory ${D1} has 3 PCoIP WorkSpaces; with allowPcoipOverInternet false they fail to connect ("Invalid State Error").`,
      ];
      assert.deepEqual(warnings, expected);
      const outs = created.outs as AssociationOutputs;
      assert.deepEqual(outs.warnings, expected);
      assert.equal(outs.pcoipWorkspaceCount, 3);
      assert.deepEqual(outs.ipGroupIds, ["wsipg-abc123"]);
    });

    it("does not warn about PCoIP when PCoIP may still use the internet", async () => {
      aws.workspaces.addWorkspaces(D1, 3, { Protocols: ["PCOIP"] });
      const warnings: string[] = [];
      const provider = new StreamingEndpointAssociationProvider({ ...FAST, warn: (m) => warnings.push(m) });
      await provider.create(program({ vpcEndpointId: endpointA, allowPcoipOverInternet: true }));
      assert.deepEqual(warnings, []);
    });
  });

  describe("under faults", () => {
    it("converges with one effective write despite 30% throttling, 10% 5xx and 3 s stale reads", async () => {
      aws.workspaces.setFaults({ throttleRate: 0.3, serverErrorRate: 0.1, staleReadMs: 3_000, seed: 1 });
      const engine = await MiniEngine.from(
        new StreamingEndpointAssociationProvider({ waits: { propagationMs: 30_000 } }),
      );
      assert.equal(await engine.up(program({ vpcEndpointId: endpointA })), "create");
      assert.equal(aws.workspaces.effectiveWrites, 1);
      assert.equal(
        aws.workspaces.truth(D1).WorkspaceAccessProperties.AccessEndpointConfig!.AccessEndpoints[0]
          .VpcEndpointId,
        endpointA,
      );
      const outcomes = new Set(aws.workspaces.calls.map((c) => c.outcome));

      aws.workspaces.resetCounters();
      assert.equal(await engine.up(program({ vpcEndpointId: endpointB })), "update");
      assert.equal(aws.workspaces.effectiveWrites, 1);

      aws.workspaces.calls.forEach((c) => outcomes.add(c.outcome));
      aws.workspaces.resetCounters();
      await engine.destroy();
      aws.workspaces.calls.forEach((c) => outcomes.add(c.outcome));
      assert.ok(
        outcomes.has("throttled") && outcomes.has("server-error"),
        `faults were injected: ${[...outcomes]}`,
      );
      assert.equal(aws.workspaces.effectiveWrites, 1);
      assert.deepEqual(streamingOf(aws.workspaces, D1)!.AccessEndpoints, []);
      assert.deepEqual(deviceAccess(aws.workspaces, D1), DEVICE_ACCESS);
    });

    it("rides out dropped connections and latency", async () => {
      aws.workspaces.setFaults({ dropRate: 0.2, latencyMs: 50, seed: 3 });
      const provider = new StreamingEndpointAssociationProvider(FAST);
      await provider.create(program({ vpcEndpointId: endpointA }));
      assert.equal(aws.workspaces.effectiveWrites, 1);
      assert.ok(
        aws.workspaces.calls.some((c) => c.outcome === "dropped"),
        "connections were dropped",
      );
    });
  });

  describe("three directories on one endpoint", () => {
    const D3 = "d-3333333333";
    const wanted = (pcoip: boolean) => ({
      AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: endpointA }],
      InternetFallbackProtocols: pcoip ? ["PCOIP"] : [],
    });
    const engines = async () =>
      Promise.all([D1, D2, D3].map(() => MiniEngine.from(new StreamingEndpointAssociationProvider(FAST))));

    beforeEach(() => {
      aws.workspaces.addDirectory({ DirectoryId: D3 });
    });

    it("writes each directory once, on its own, and removing one leaves the others streaming", async () => {
      const [e1, e2, e3] = await engines();
      const before = [D1, D2, D3].map((d) => deviceAccess(aws.workspaces, d));
      assert.equal(await e1.up(program({ directoryId: D1, vpcEndpointId: endpointA })), "create");
      assert.equal(
        await e2.up(program({ directoryId: D2, vpcEndpointId: endpointA, allowPcoipOverInternet: true })),
        "create",
      );
      assert.equal(await e3.up(program({ directoryId: D3, vpcEndpointId: endpointA })), "create");
      assert.deepEqual(
        [D1, D2, D3].map((d) => streamingOf(aws.workspaces, d)),
        [wanted(false), wanted(true), wanted(false)],
      );
      assert.equal(aws.workspaces.effectiveWrites, 3);
      assert.deepEqual(
        aws.workspaces.calls.filter((c) => c.operation === WRITE).map((c) => (c.input as Bag).ResourceId),
        [D1, D2, D3],
        "one write per directory, to that directory only",
      );

      resetCalls();
      await e2.destroy();
      assert.deepEqual(streamingOf(aws.workspaces, D2)!.AccessEndpoints, []);
      assert.deepEqual(
        [streamingOf(aws.workspaces, D1), streamingOf(aws.workspaces, D3)],
        [wanted(false), wanted(false)],
      );
      assert.deepEqual(
        [
          ...new Set(
            aws.workspaces.calls.flatMap((c) => {
              const input = c.input as Bag;
              return (input.DirectoryIds as string[] | undefined) ?? [input.ResourceId ?? input.DirectoryId];
            }),
          ),
        ],
        [D2],
        "only D2 was read and written",
      );
      assert.deepEqual(
        [D1, D2, D3].map((d) => deviceAccess(aws.workspaces, d)),
        before,
      );
    });

    it("fails one directory's association without touching the others", async () => {
      aws.workspaces.changeOutOfBand(D2, (d) => (d.EndpointEncryptionMode = "FIPS_VALIDATED"));
      const [e1, e2, e3] = await engines();
      await e1.up(program({ directoryId: D1, vpcEndpointId: endpointA }));
      await assert.rejects(
        e2.up(program({ directoryId: D2, vpcEndpointId: endpointA })),
        /uses FIPS endpoint encryption/,
      );
      await e3.up(program({ directoryId: D3, vpcEndpointId: endpointA }));
      assert.deepEqual(
        [D1, D2, D3].map((d) => streamingOf(aws.workspaces, d)?.AccessEndpoints.length ?? 0),
        [1, 0, 1],
      );
      assert.equal(aws.workspaces.effectiveWrites, 2);
    });

    it("names the directory and says to give it its own stack when AWS refuses a shared endpoint", async () => {
      aws.workspaces.refuseSharedEndpoints = true;
      const [e1, e2] = await engines();
      await e1.up(program({ directoryId: D1, vpcEndpointId: endpointA }));
      await assert.rejects(e2.up(program({ directoryId: D2, vpcEndpointId: endpointA })), (error: Error) => {
        assert.equal(
          error.message,
          `AWS refused endpoint ${endpointA} for directory ${D2} (InvalidParameterValuesException: The VPC endpoint is already associated with directory ${D1}.); one endpoint may not serve several directories: give directory ${D2} a stack of its own.`,
        );
        return true;
      });
      assert.deepEqual(streamingOf(aws.workspaces, D1), wanted(false), "the first directory keeps streaming");
      assert.equal(streamingOf(aws.workspaces, D2)?.AccessEndpoints.length ?? 0, 0);
    });
  });

  describe("serialization", () => {
    it("captures no client, credential, endpoint or secret, and stays small", async () => {
      const { text, containsSecrets } = await serialize(new StreamingEndpointAssociationProvider());
      console.log(
        `      serialized provider: ${text.length} bytes (guard ${SERIALIZED_PROVIDER_GUARD} bytes)`,
      );
      assert.equal(containsSecrets, false);
      for (const value of Object.values(aws.env).filter((v): v is string => !!v && v.length > 4)) {
        assert.ok(!text.includes(value), `the serialized provider contains ${value}`);
      }
      assert.ok(
        !/WorkSpacesClient\(\{|EC2Client\(\{/.test(text.split("async function /*association*/")[0]),
        "no client built at load",
      );
      // Modules the host's require finds by name: Node.js's own and the program's @pulumi/pulumi.
      assert.deepEqual([...new Set(text.match(/require\("[^"]+"\)/g))].sort(), [
        'require("@pulumi/pulumi/log/index.js")',
        'require("path/posix")', // where the installed library is
      ]);
      // The AWS SDK: loaded when an operation runs, from where the library is installed.
      const sdks = [...text.matchAll(/dependency\)?(?:<[^>]*>)?\("([^"]+)"\)/g)].map((m) => m[1]);
      assert.deepEqual([...new Set(sdks)].sort(), [
        "@aws-sdk/client-cloudwatch-logs", // the sign-in log, read at preview
        "@aws-sdk/client-ec2",
        "@aws-sdk/client-sts", // which account the credentials reach
        "@aws-sdk/client-workspaces",
        "@aws-sdk/credential-providers", // a role to assume
      ]);
      assert.ok(
        text.length < SERIALIZED_PROVIDER_GUARD,
        `serialized provider grew to ${text.length} bytes (guard: ${SERIALIZED_PROVIDER_GUARD} bytes)`,
      );
      const loaded = await load(text);
      assert.deepEqual(Object.keys(loaded).sort(), ["options", "stackProfile", "stackRegion"]);
    });
  });
});
