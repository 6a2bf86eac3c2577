/**
 * The pack as CrossGuard runs it: policy/index.ts is started the way the Pulumi CLI's policy host
 * starts it (its own directory, its tsconfig, the dependencies the root `npm ci` installed), and
 * is asked over its gRPC analyzer protocol what it enforces and what it finds. The findings must
 * be exactly those of the offline evaluator on the same resources: the offline check and
 * `pulumi preview --policy-pack policy` run the same policies the same way.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { snapshotOf } from "../../scripts/policyCheck";
import { SnapshotResource, evaluate } from "../../policy/offline/evaluate";
import { policies } from "../../policy/policies";
import * as pulumi from "@pulumi/pulumi";
import { ownerWarning } from "../../providers/previewRead";
import { runProgram } from "../standins/mockProgram";
import { readStackConfig } from "../../scripts/stackConfig";
import { writeProfile } from "../standins/aws";
import { StsStandIn } from "../standins/sts";
import { WorkspacesStandIn } from "../standins/workspaces";
import { AnalyzerHost, LEVELS, analyzeStackRequest } from "../standins/analyzerHost";
import { SHIPPED as LAB_STACKS } from "../fixtures/urns/shapes";

const FIXTURE = path.join(__dirname, "..", "fixtures", "streamingProgram.ts");

describe("policy pack served over CrossGuard's analyzer protocol", function () {
  this.timeout(120_000);
  let host: AnalyzerHost;

  before(async () => {
    host = await AnalyzerHost.start({ instrument: true });
  });

  after(() => host?.stop());

  it("serves every policy with its name, description and enforcement level", async () => {
    const info = await host.info();
    assert.equal(info.getName(), "workspaces-privatelink");
    assert.deepEqual(
      info.getPoliciesList().map((p) => [p.getName(), p.getDescription(), LEVELS[p.getEnforcementlevel()]]),
      policies.map((p) => [p.name, p.description, p.enforcementLevel]),
    );
  });

  /** Sends the snapshot to the pack as the engine does (each resource, then the stack) and returns what it found. */
  const analyze = (snapshot: SnapshotResource[]) => host.analyze(snapshot);

  describe("the topology, built once per analysis", () => {
    async function fixture(variant: Record<string, unknown>): Promise<SnapshotResource[]> {
      const run = await runProgram({
        config: { "aws:region": "ap-northeast-1", "fixture:variant": JSON.stringify(variant) },
        program: FIXTURE,
      });
      return snapshotOf(run.resources, false);
    }
    const stackPolicies = policies.filter((p) => "validateStack" in p).map((p) => p.name);

    it("is built once for every stack policy of one analysis, though CrossGuard hands each its own resources", async () => {
      const request = analyzeStackRequest(await fixture({}));
      for (let analysis = 0; analysis < 3; analysis++) {
        const { timings } = await host.analyzeStack(request);
        assert.deepEqual(
          timings.map((t) => t.policy),
          stackPolicies,
          "every stack policy ran once",
        );
        const builds = timings.map((t) => t.topologyBuilds - timings[0].topologyBuilds);
        assert.deepEqual(
          builds,
          stackPolicies.map(() => 0),
          "the first policy built it; the others reused it",
        );
        if (analysis > 0) {
          assert.ok(timings[0].topologyBuilds > 0);
        }
      }
    });

    it("judges a new analysis of the same resources with other values afresh", async () => {
      const clean = await fixture({});
      const grouped = await fixture({ ipGroupIds: ["wsipg-1"] });
      assert.deepEqual(
        grouped.map((r) => r.urn),
        clean.map((r) => r.urn),
        "the same URNs, in the same order",
      );
      const first = await host.analyzeStack(analyzeStackRequest(clean));
      const second = await host.analyzeStack(analyzeStackRequest(grouped));
      const third = await host.analyzeStack(analyzeStackRequest(clean));
      assert.deepEqual(first.served, []);
      assert.deepEqual(second.served, [
        'workspaces-streaming-ip-access-groups advisory Directory "example" has IP access control groups (wsipg-1) and a streaming endpoint; they will not apply: restrict clients with the endpoint\'s security group instead.',
      ]);
      assert.deepEqual(third.served, []);
      assert.equal(
        third.timings[0].topologyBuilds - first.timings[0].topologyBuilds,
        2,
        "one build per analysis",
      );
    });
  });

  describe("deciding an existing directory at preview (the program reads it before any write)", () => {
    let workspaces: WorkspacesStandIn;
    let sts: StsStandIn;
    const saved: Record<string, string | undefined> = {};
    const setEnv = (values: Record<string, string | undefined>) => {
      for (const [key, value] of Object.entries(values)) {
        saved[key] ??= process.env[key];
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    };
    before(async () => {
      workspaces = await new WorkspacesStandIn().start();
      sts = await new StsStandIn().start();
    });
    after(async () => {
      setEnv(saved);
      await workspaces.stop();
      await sts.stop();
    });

    /** The SDK pointed at the stand-in, with credentials in the environment. */
    const credentials = () => ({
      AWS_ENDPOINT_URL_WORKSPACES: workspaces.url,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7STANDIN",
      AWS_SECRET_ACCESS_KEY: "stand-in-secret-key-not-real-000000000000",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PROFILE: undefined,
    });

    /** The directory's facts are the point here, not a cut-over: no sign-in log to read (that is cutOverPreview.test.ts). */
    const NO_SIGN_IN_LOG = { "workspaces-privatelink:signInLog": JSON.stringify({ enabled: false }) };

    async function previewProd(extra: Record<string, string> = {}): Promise<SnapshotResource[]> {
      const { config } = readStackConfig("prod", LAB_STACKS);
      const run = await runProgram({
        config: { ...config, ...NO_SIGN_IN_LOG, ...extra },
        stack: "prod",
        preview: true,
        dynamicChecks: true,
      });
      return snapshotOf(run.resources); // the association's observations are unknown at preview
    }

    it("rejects a FIPS directory and advises on its PCoIP WorkSpaces, with two reads and no write", async () => {
      workspaces.reset();
      workspaces.addDirectory({ DirectoryId: "d-95670a1b2c", EndpointEncryptionMode: "FIPS_VALIDATED" });
      workspaces.addWorkspaces("d-95670a1b2c", 2, { Protocols: ["PCOIP"] });
      setEnv(credentials());
      const served = await analyze(await previewProd());
      assert.deepEqual(served.sort(), [
        'workspaces-streaming-no-fips mandatory StreamingEndpointAssociation "streaming" streams directory d-95670a1b2c, which is in FIPS_VALIDATED endpoint encryption; set the directory\'s endpoint encryption to STANDARD_TLS, or stream over the internet.',
        'workspaces-streaming-pcoip-reachability advisory StreamingEndpointAssociation "streaming" disallows PCoIP over the internet while directory d-95670a1b2c has 2 PCoIP WorkSpaces; they will fail with "Invalid State Error": set allowPcoipOverInternet: true, or migrate them to DCV.',
      ]);
      assert.deepEqual(
        [
          workspaces.count("DescribeWorkspaceDirectories"),
          workspaces.count("DescribeWorkspaces"),
          workspaces.count(),
        ],
        [1, 1, 2],
        "the reads the preflight makes, and nothing else",
      );
    });

    it("judges three directories on one endpoint each on its own, each association reading its own", async () => {
      const [D1, D2, D3] = ["d-1111111111", "d-2222222222", "d-3333333333"];
      workspaces.reset();
      workspaces.addDirectory({ DirectoryId: D1 });
      workspaces.addDirectory({ DirectoryId: D2, EndpointEncryptionMode: "FIPS_VALIDATED" });
      workspaces.addDirectory({ DirectoryId: D3 });
      workspaces.addWorkspaces(D3, 30, { Protocols: ["PCOIP"] });
      setEnv(credentials());
      const { config } = readStackConfig("prod", LAB_STACKS);
      Object.assign(config, NO_SIGN_IN_LOG);
      delete config["workspaces-privatelink:directory"];
      config["workspaces-privatelink:directories"] = JSON.stringify([
        { directoryId: D1 },
        { directoryId: D2 },
        { directoryId: D3 },
      ]);
      const run = await runProgram({ config, stack: "prod", preview: true, dynamicChecks: true });
      const served = await analyze(snapshotOf(run.resources));
      assert.deepEqual(served.sort(), [
        `workspaces-streaming-no-fips mandatory StreamingEndpointAssociation "streaming-${D2}" streams directory ${D2}, which is in FIPS_VALIDATED endpoint encryption; set the directory's endpoint encryption to STANDARD_TLS, or stream over the internet.`,
        `workspaces-streaming-pcoip-reachability advisory StreamingEndpointAssociation "streaming-${D3}" disallows PCoIP over the internet while directory ${D3} has 30 PCoIP WorkSpaces; they will fail with "Invalid State Error": set allowPcoipOverInternet: true, or migrate them to DCV.`,
      ]);
      assert.deepEqual(
        [
          workspaces.count("DescribeWorkspaceDirectories"),
          workspaces.count("DescribeWorkspaces"),
          workspaces.count(),
        ],
        [3, 4, 7],
        "one directory read for each, one WorkSpaces page each (two for 30 WorkSpaces), no write",
      );
    });

    it("reads with the stack's aws:profile, the credentials pulumi-aws uses", async () => {
      workspaces.reset();
      workspaces.addDirectory({ DirectoryId: "d-95670a1b2c" });
      const profile = writeProfile("prod-reader");
      setEnv({ ...credentials(), ...profile.env });
      assert.deepEqual(await analyze(await previewProd({ "aws:profile": "prod-reader" })), []);
      assert.deepEqual([...workspaces.signers], [profile.accessKeyId]);
    });

    /** Today's prod stack switched onto an endpoint you have, at preview (the facts read from EC2, as the mocks answer). */
    async function previewMine(): Promise<SnapshotResource[]> {
      const { config } = readStackConfig("prod");
      Object.assign(config, NO_SIGN_IN_LOG, {
        "workspaces-privatelink:streamingEndpoint": JSON.stringify({
          vpcEndpointId: "vpce-0feedface00000001",
        }),
        "workspaces-privatelink:clientNetwork": JSON.stringify({ dnsResolver: false }),
        "workspaces-privatelink:directories": JSON.stringify([
          { directoryId: "d-95670a1b2c", associate: true },
        ]),
      });
      const run = await runProgram({ config, stack: "prod", preview: true, dynamicChecks: true });
      return snapshotOf(run.resources);
    }

    it("decides an endpoint you have from what the preview read of it: nothing to report on a good one", async () => {
      workspaces.reset();
      workspaces.addDirectory({ DirectoryId: "d-95670a1b2c" });
      setEnv(credentials());
      assert.deepEqual(await analyze(await previewMine()), []);
    });

    it("refuses an endpoint you have whose facts say dualstack, pending, without private DNS", async () => {
      workspaces.reset();
      workspaces.addDirectory({ DirectoryId: "d-95670a1b2c" });
      setEnv(credentials());
      // What another program of yours could hand the association; ours refuses it before any resource.
      const wrong = { ipAddressType: "dualstack", state: "pending", privateDnsEnabled: false };
      const withWrongFacts = (props: Record<string, unknown>) => ({
        ...props,
        endpointFacts: { ...(props.endpointFacts as Record<string, unknown>), ...wrong },
      });
      const snapshot = (await previewMine()).map((r) =>
        r.type === "pulumi-nodejs:dynamic/workspaces:StreamingEndpointAssociation"
          ? { ...r, inputs: withWrongFacts(r.inputs), outputs: withWrongFacts(r.outputs) }
          : r,
      );
      const at =
        'workspaces-streaming-found-endpoint mandatory StreamingEndpointAssociation "streaming-d-95670a1b2c" streams through vpce-0feedface00000001 (read from EC2 in ap-northeast-1 during preview), which';
      assert.deepEqual((await analyze(snapshot)).sort(), [
        `${at} has ipAddressType "dualstack" and dnsRecordIpType "ipv4"; WorkSpaces streaming is IPv4 only: use an endpoint with both "ipv4".`,
        `${at} has private DNS off, and clients find the endpoint only by its private name; turn private DNS on, or set ownDns: true if your own DNS answers privatelink.prod.ap-northeast-1.highlander.aws.a2z.com.`,
        `${at} is pending; it must be available (accept it, or wait for it).`,
      ]);
    });

    it("refuses, at preview, a second stack's program that claims a directory the first stack streams", async () => {
      const D = "d-95670a1b2c";
      const stack = (name: string, takeOver?: boolean) => {
        const { config } = readStackConfig("prod");
        Object.assign(config, NO_SIGN_IN_LOG, {
          "workspaces-privatelink:directories": JSON.stringify([
            { directoryId: D, associate: true, ...(takeOver ? { takeOver } : {}) },
          ]),
        });
        return { config, stack: name };
      };
      // Team A's stack is deployed: its association set its endpoint on the directory.
      const teamA = await runProgram(stack("team-a"));
      const endpointA = teamA.get("aws:ec2/vpcEndpoint:VpcEndpoint", "streaming-endpoint").id;
      workspaces.reset();
      workspaces.addDirectory({ DirectoryId: D });
      workspaces.changeOutOfBand(D, (d) => {
        d.WorkspaceAccessProperties.AccessEndpointConfig = {
          AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: endpointA }],
          InternetFallbackProtocols: [],
        };
      });
      setEnv(credentials());

      // Team B lists the same directory by mistake: its preview reads where D streams now.
      const warnings: string[] = [];
      const original = pulumi.log.warn;
      (pulumi.log as { warn: typeof pulumi.log.warn }).warn = async (message) => void warnings.push(message);
      let teamB: Awaited<ReturnType<typeof runProgram>>;
      try {
        teamB = await runProgram({ ...stack("team-b"), preview: true, dynamicChecks: true });
      } finally {
        (pulumi.log as { warn: typeof pulumi.log.warn }).warn = original;
      }
      const association = `StreamingEndpointAssociation "streaming-${D}"`;
      assert.deepEqual(await analyze(snapshotOf(teamB.resources)), [
        `workspaces-streaming-one-owner mandatory ${association} would take directory ${D} from ${endpointA}, the endpoint it streams through now, which this stack did not set: every DCV user of that endpoint's network would be cut off. Remove the directory from this stack if another stack owns it, or set takeOver: true to take it over (deleting the association gives it back).`,
      ]);
      assert.ok(warnings.includes(ownerWarning(D, endpointA)), warnings.join("\n"));
      assert.equal(workspaces.count("ModifyWorkspaceAccessProperties"), 0);

      // Told to take it over, the same preview passes.
      const told = await runProgram({ ...stack("team-b", true), preview: true, dynamicChecks: true });
      assert.deepEqual(await analyze(snapshotOf(told.resources)), []);
    });

    it("says why it could not decide when there are no credentials", async () => {
      workspaces.reset();
      setEnv({
        AWS_ENDPOINT_URL_WORKSPACES: workspaces.url,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: "workspaces-privatelink-no-such-profile",
        AWS_CONFIG_FILE: "/nonexistent/config",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
        AWS_EC2_METADATA_DISABLED: "true",
      });
      const served = await analyze(await previewProd());
      assert.equal(served.length, 5);
      for (const line of served) {
        assert.match(
          line,
          /^workspaces-streaming-[a-z-]+ advisory can't run policy 'workspaces-streaming-[a-z-]+' from policy pack 'workspaces-privatelink@v[^']*' during preview: StreamingEndpointAssociation "streaming": could not read directory d-95670a1b2c in ap-northeast-1 \(CredentialsProviderError: /,
        );
      }
      assert.equal(workspaces.count(), 0, "nothing reached WorkSpaces");
    });
  });

  it("finds exactly what the offline evaluator finds", async () => {
    const run = await runProgram({
      config: {
        "aws:region": "ap-northeast-1",
        "fixture:variant": JSON.stringify({
          ipAddressType: "dualstack",
          omit: ["udp:4195"],
          egress: "standalone",
          ipGroupIds: ["wsipg-1"],
        }),
      },
      program: FIXTURE,
    });
    const snapshot = snapshotOf(run.resources, false);
    const served = await analyze(snapshot);

    const offline = (await evaluate(snapshot, policies)).map((f) => `${f.policy} ${f.level} ${f.message}`);
    assert.deepEqual(served.sort(), offline.sort());
    assert.deepEqual(
      [...new Set(served.map((s) => s.split(" ")[0]))].sort(),
      [
        "workspaces-streaming-ip-access-groups",
        "workspaces-streaming-ipv4-only",
        "workspaces-streaming-no-egress",
        "workspaces-streaming-ports",
      ],
      "the fixture trips four different policies",
    );
  });
});
