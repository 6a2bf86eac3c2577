/**
 * The program through the real Pulumi engine (built from Pulumi's Go modules, engine/), with the
 * stand-in aws and tls providers and the local AWS stand-ins (tests/engine/run.ts): what only the
 * engine decides, asserted on its own output (`--json`, `pulumi stack export`).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { AccountDescription } from "../../testing/cloud";
import { OUTPUTS } from "../../outputs";
import { PROJECT_ROOT } from "../../scripts/stackConfig";
import { SHIPPED as LAB_STACKS } from "../fixtures/urns/shapes";
import { prodSwitched, shippedStack } from "../standins/project";
import { changedSteps, changeSummary, engineOrSkip, engineProject, linkTree, pulumiOk } from "./project";
import type { Engine } from "./run";

const PASSWORD = "Stand-in-Passw0rd-not-real";
/** What the stand-in aws provider gives a registered directory (testing/resources.ts). */
const REGISTRATION_CODE = "SLiad+ABCDEF";

/** The network and directory Pulumi.prod.yaml names. */
const PROD_ACCOUNT: AccountDescription = {
  vpcs: [{ id: "vpc-0a1b2c3d4e5f60718", cidrBlock: "10.20.0.0/16" }],
  subnets: [
    { id: "subnet-0aaa1111bbbb22223", vpcId: "vpc-0a1b2c3d4e5f60718" },
    { id: "subnet-0ccc3333dddd44445", vpcId: "vpc-0a1b2c3d4e5f60718" },
  ],
  directories: ["d-95670a1b2c"],
};

describe("the real engine", function () {
  this.timeout(1800_000); // the first build of the engine takes minutes; later runs reuse it

  describe("the lab stack", () => {
    const suite = accountPerSuite("engine-lab-");
    let project: string;

    before(async () => {
      project = engineProject(path.join(suite.root, "project"), "dev", shippedStack("dev"));
      await pulumiOk(suite.engine, project, ["stack", "init", "dev"]);
      await setPassword(suite.engine, project);
    });

    it("goes up, and a second preview changes nothing, the association included", async () => {
      const up = await pulumiOk(suite.engine, project, [
        "up",
        "--yes",
        "--skip-preview",
        "--suppress-progress",
      ]);
      assert.ok(!up.stdout.includes(PASSWORD), "up printed the directory password");
      assert.ok(!up.stdout.includes(REGISTRATION_CODE), "up printed the registration code");
      const again = await pulumiOk(suite.engine, project, ["preview", "--json"]);
      assert.deepEqual(changedSteps(again), []);
      const summary = changeSummary(again);
      assert.deepEqual(Object.keys(summary), ["same"]);
      assert.ok(summary.same > 60, `${summary.same} resources`);
    });

    it("keeps the directory's password and the registration code as ciphertext in the state", async () => {
      const exported = await pulumiOk(suite.engine, project, ["stack", "export"]);
      assert.ok(!exported.stdout.includes(PASSWORD), "the password is in the exported state in clear");
      assert.ok(
        !exported.stdout.includes(REGISTRATION_CODE),
        "the registration code is in the exported state in clear",
      );
      const shown = await pulumiOk(suite.engine, project, [
        "stack",
        "output",
        "registrationCode",
        "--show-secrets",
      ]);
      assert.equal(shown.stdout.trim(), REGISTRATION_CODE);
      const state = JSON.parse(exported.stdout) as {
        deployment: { resources: { type: string; inputs?: Record<string, unknown> }[] };
      };
      const directory = state.deployment.resources.find(
        (r) => r.type === "aws:directoryservice/directory:Directory",
      );
      assert.ok(directory, "no directory in the state");
      assert.ok(
        typeof directory.inputs?.password === "object" &&
          "ciphertext" in (directory.inputs.password as Record<string, unknown>),
        `the password is ${JSON.stringify(directory.inputs?.password)}`,
      );
    });

    it("keeps the directory and every WorkSpace on it when the administrator password changes", async () => {
      // pulumi-aws replaces a directory on a new password (REPLACE_ON, from ds/directory.go);
      // the program ignores the change, and docs/lab.md says how to reset the real one.
      await pulumiOk(suite.engine, project, [
        "config",
        "set",
        "--secret",
        "workspaces-privatelink:directoryAdminPassword",
        `${PASSWORD}-rotated`,
      ]);
      try {
        const preview = await pulumiOk(suite.engine, project, ["preview", "--json"]);
        assert.deepEqual(changedSteps(preview), []);
      } finally {
        await setPassword(suite.engine, project);
      }
    });
  });

  describe("an existing network (the prod stack) and its association", () => {
    const DIRECTORY = "d-95670a1b2c";
    const OTHER_ENDPOINT = "vpce-0ffffffffffffffff";
    const suite = accountPerSuite(
      "engine-prod-",
      // and another team's endpoint, which the directory streams through in the take-over case
      {
        ...PROD_ACCOUNT,
        endpoints: [{ id: OTHER_ENDPOINT, vpcId: "vpc-0a1b2c3d4e5f60718" }],
      },
    );
    let project: string;
    const stackFile = (associate: boolean, extra = "") =>
      shippedStack("prod").replace(
        /^( +)associate: false$/m,
        `$1associate: ${associate}${extra ? `\n$1${extra}` : ""}`,
      );
    const streamsThrough = () => suite.engine.cloud.streamsThrough(DIRECTORY);
    const endpointId = () =>
      Object.entries(suite.engine.cloud.state.resources).find(
        ([, r]) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint",
      )?.[0];
    const writeStack = (text: string) => {
      const file = path.join(project, "Pulumi.prod.yaml");
      const salt = /^encryptionsalt: .*$/m.exec(fs.readFileSync(file, "utf8"))?.[0];
      fs.writeFileSync(file, salt ? `${salt}\n${text}` : text);
    };

    before(async () => {
      project = engineProject(path.join(suite.root, "project"), "prod", stackFile(false));
      await pulumiOk(suite.engine, project, ["stack", "init", "prod"]);
    });

    it("goes up with associate: false, switching nothing, and a second preview changes nothing", async () => {
      await pulumiOk(suite.engine, project, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      assert.equal(streamsThrough(), undefined);
      assert.ok(endpointId(), "no endpoint made");
      assert.deepEqual(changedSteps(await pulumiOk(suite.engine, project, ["preview", "--json"])), []);
    });

    it("switches the directory with associate: true, then changes nothing on the next preview", async () => {
      writeStack(stackFile(true));
      await pulumiOk(suite.engine, project, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      assert.equal(streamsThrough(), endpointId());
      assert.deepEqual(changedSteps(await pulumiOk(suite.engine, project, ["preview", "--json"])), []);
    });

    it("updates the PCoIP flag in place, never replacing the association or the endpoint", async () => {
      writeStack(stackFile(true).replace("allowPcoipOverInternet: false", "allowPcoipOverInternet: true"));
      const preview = await pulumiOk(suite.engine, project, ["preview", "--json"]);
      const changed = changedSteps(preview);
      assert.ok(changed.length > 0, "the flag's change shows no step");
      assert.deepEqual(
        changed.filter((c) => !c.startsWith("update ")),
        [],
      );
      assert.ok(
        changed.some((c) => c.includes("StreamingEndpointAssociation")),
        changed.join("\n"),
      );
      await pulumiOk(suite.engine, project, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      assert.deepEqual(
        suite.engine.cloud.workspaces.truth(DIRECTORY).WorkspaceAccessProperties.AccessEndpointConfig
          ?.InternetFallbackProtocols,
        ["PCOIP"],
      );
    });

    it("shows a change made behind its back on refresh, and the next up restores it", async () => {
      const before = await associationState(suite.engine, project);
      suite.engine.cloud.workspaces.changeOutOfBand(DIRECTORY, (d) => {
        d.WorkspaceAccessProperties.AccessEndpointConfig = undefined;
      });
      await pulumiOk(suite.engine, project, ["refresh", "--yes", "--skip-preview", "--suppress-progress"]);
      // the directory streams through nothing now, PCoIP fallback gone: refresh reads both into the state
      assert.deepEqual(changedKeys(before, await associationState(suite.engine, project)), [
        "inputs.allowPcoipOverInternet",
        "inputs.previousVpcEndpointId",
        "inputs.vpcEndpointId",
        "outputs.allowPcoipOverInternet",
        "outputs.vpcEndpointId",
      ]);
      const preview = await pulumiOk(suite.engine, project, ["preview", "--json"]);
      assert.deepEqual(
        changedSteps(preview).map((c) => c.split(" ")[0]),
        ["update"],
        changedSteps(preview).join("\n"),
      );
      await pulumiOk(suite.engine, project, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      assert.equal(streamsThrough(), endpointId());
      assert.deepEqual(changedSteps(await pulumiOk(suite.engine, project, ["preview", "--json"])), []);
    });

    it("serves its outputs to another project's StackReference by the contract's names", async () => {
      const reader = path.join(suite.root, "reader");
      fs.mkdirSync(reader, { recursive: true });
      fs.writeFileSync(
        path.join(reader, "Pulumi.yaml"),
        "name: streaming-reader\nruntime: nodejs\nmain: index.ts\n",
      );
      for (const link of ["node_modules", "tsconfig.json"]) {
        fs.symlinkSync(path.join(PROJECT_ROOT, link), path.join(reader, link));
      }
      fs.writeFileSync(
        path.join(reader, "index.ts"),
        [
          'import * as pulumi from "@pulumi/pulumi";',
          'const streaming = new pulumi.StackReference("organization/workspaces-privatelink/prod");',
          `const names = ${JSON.stringify(Object.keys(OUTPUTS))};`,
          "export const read = pulumi.all(names.map((n) => streaming.getOutput(n))).apply((values) =>",
          "  Object.fromEntries(names.map((n, i) => [n, values[i] === undefined ? null : typeof values[i]])));",
          'export const endpointId = streaming.requireOutput("streamingEndpointId");',
          "",
        ].join("\n"),
      );
      await pulumiOk(suite.engine, reader, ["stack", "init", "reader"]);
      await pulumiOk(suite.engine, reader, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      const outputs = JSON.parse(
        (await pulumiOk(suite.engine, reader, ["stack", "output", "--json", "--show-secrets"])).stdout,
      ) as { read: Record<string, string | null>; endpointId: string };
      assert.equal(outputs.endpointId, endpointId());
      const exported = JSON.parse(
        (await pulumiOk(suite.engine, project, ["stack", "output", "--json", "--show-secrets"])).stdout,
      ) as Record<string, unknown>;
      assert.deepEqual(
        Object.keys(outputs.read)
          .filter((n) => outputs.read[n] !== null)
          .sort(),
        Object.keys(OUTPUTS)
          .filter((n) => exported[n] !== undefined && exported[n] !== null)
          .sort(),
      );
      assert.ok(Object.keys(exported).length > 10, Object.keys(exported).join(", "));
      await pulumiOk(suite.engine, reader, ["destroy", "--yes", "--skip-preview", "--suppress-progress"]);
    });

    it("gives the directory back on destroy, leaving its device settings as they were", async () => {
      const before = suite.engine.cloud.workspaces.truth(DIRECTORY).WorkspaceAccessProperties;
      await pulumiOk(suite.engine, project, ["destroy", "--yes", "--skip-preview", "--suppress-progress"]);
      const after = suite.engine.cloud.workspaces.truth(DIRECTORY).WorkspaceAccessProperties;
      assert.equal(streamsThrough(), undefined); // cleared: `AccessEndpoints: []`
      assert.deepEqual(after.AccessEndpointConfig?.InternetFallbackProtocols ?? [], []);
      assert.deepEqual(
        { ...after, AccessEndpointConfig: undefined },
        { ...before, AccessEndpointConfig: undefined },
      );
      assert.deepEqual(Object.keys(suite.engine.cloud.state.resources), []);
    });

    it("recovers from a create AWS refuses in the middle of an up: the next up makes only what is missing", async () => {
      const resolver = "aws:route53/resolverEndpoint:ResolverEndpoint";
      suite.engine.cloud.failCreate.set(
        resolver,
        "LimitExceededException: Account limit of resolver endpoints reached",
      );
      const failed = await pulumiOk(
        suite.engine,
        project,
        ["up", "--yes", "--skip-preview", "--suppress-progress"],
        1,
      );
      assert.match(
        failed.stdout + failed.stderr,
        /LimitExceededException: Account limit of resolver endpoints reached/,
      );
      assert.equal(suite.engine.cloud.made(resolver).length, 0);
      // whatever the engine made before the failure (its order varies) is in the state: nothing leaks
      const exported = JSON.parse((await pulumiOk(suite.engine, project, ["stack", "export"])).stdout) as {
        deployment: { resources: { id?: string }[] };
      };
      const inState = new Set(exported.deployment.resources.map((r) => r.id));
      assert.deepEqual(
        Object.keys(suite.engine.cloud.state.resources).filter((id) => !inState.has(id)),
        [],
      );
      // what the failed up left out is made now; nothing it made is touched again
      const next = await pulumiOk(suite.engine, project, ["preview", "--json"]);
      const otherThanCreates = changedSteps(next).filter(
        (c) =>
          !c.startsWith("create ") &&
          !c.includes("StreamingEndpointAssociation") &&
          !c.includes("pulumi:pulumi:Stack"),
      );
      assert.deepEqual(otherThanCreates, []);
      assert.ok(
        changedSteps(next).some((c) => c.startsWith("create ") && c.includes(resolver)),
        changedSteps(next).join("\n"),
      );
      await pulumiOk(suite.engine, project, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      assert.equal(suite.engine.cloud.made(resolver).length, 1);
      assert.equal(suite.engine.cloud.made("aws:ec2/vpcEndpoint:VpcEndpoint").length, 1);
      assert.deepEqual(changedSteps(await pulumiOk(suite.engine, project, ["preview", "--json"])), []);
      await pulumiOk(suite.engine, project, ["destroy", "--yes", "--skip-preview", "--suppress-progress"]);
    });

    it("refuses to take a directory another endpoint streams through, and goes up once told to take it over", async () => {
      suite.engine.cloud.workspaces.changeOutOfBand(DIRECTORY, (d) => {
        d.WorkspaceAccessProperties.AccessEndpointConfig = {
          AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: OTHER_ENDPOINT }],
        };
      });
      writeStack(stackFile(true));
      const refused = await pulumiOk(
        suite.engine,
        project,
        ["up", "--yes", "--skip-preview", "--suppress-progress"],
        1,
      );
      assert.match(refused.stdout + refused.stderr, new RegExp(OTHER_ENDPOINT));
      assert.equal(streamsThrough(), OTHER_ENDPOINT);
      writeStack(stackFile(true, "takeOver: true"));
      await pulumiOk(suite.engine, project, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      assert.equal(streamsThrough(), endpointId());
      assert.deepEqual(changedSteps(await pulumiOk(suite.engine, project, ["preview", "--json"])), []);
      // taken over: destroy gives the directory back to the endpoint it streamed through before
      await pulumiOk(suite.engine, project, ["destroy", "--yes", "--skip-preview", "--suppress-progress"]);
      assert.equal(streamsThrough(), OTHER_ENDPOINT);
    });
  });

  describe("the policy pack in the preview (pulumi preview --policy-pack policy)", () => {
    const DIRECTORY = "d-95670a1b2c";
    const suite = accountPerSuite("engine-pack-", PROD_ACCOUNT);
    let project: string;
    const pack = path.join(PROJECT_ROOT, "policy");

    before(async () => {
      project = engineProject(path.join(suite.root, "project"), "prod", prodSwitched());
      await pulumiOk(suite.engine, project, ["stack", "init", "prod"]);
    });

    it("fails on a mandatory policy, naming it: a directory in FIPS mode, read at preview", async () => {
      suite.engine.cloud.workspaces.changeOutOfBand(DIRECTORY, (d) => {
        d.EndpointEncryptionMode = "FIPS_VALIDATED";
      });
      const preview = await pulumiOk(suite.engine, project, ["preview", "--policy-pack", pack], 1);
      const printed = preview.stdout + preview.stderr;
      assert.match(printed, /\[mandatory\] +workspaces-streaming-no-fips/);
      assert.match(printed, new RegExp(`${DIRECTORY}.*FIPS`));
      suite.engine.cloud.workspaces.changeOutOfBand(DIRECTORY, (d) => {
        d.EndpointEncryptionMode = "STANDARD_TLS";
      });
    });

    it("warns on an advisory one and passes; --policy-pack-config makes it mandatory", async () => {
      suite.engine.cloud.workspaces.changeOutOfBand(DIRECTORY, (d) => {
        d.ipGroupIds = ["wsipg-0123456789"];
      });
      const advised = await pulumiOk(suite.engine, project, ["preview", "--policy-pack", pack]);
      assert.match(advised.stdout + advised.stderr, /\[advisory\] +workspaces-streaming-ip-access-groups/);
      const config = path.join(suite.root, "policy-config.json");
      fs.writeFileSync(config, JSON.stringify({ "workspaces-streaming-ip-access-groups": "mandatory" }));
      const refused = await pulumiOk(
        suite.engine,
        project,
        ["preview", "--policy-pack", pack, "--policy-pack-config", config],
        1,
      );
      assert.match(refused.stdout + refused.stderr, /\[mandatory\] +workspaces-streaming-ip-access-groups/);
    });
  });

  describe("upgrades: stacks deployed by earlier releases preview with no create, delete or replace", () => {
    /** The stacks of each release: at 46d6f25 those recorded for the URN test, later the shipped ones. */
    const RELEASES: { commit: string; stacks: Record<string, () => string> }[] = [
      {
        commit: "46d6f25",
        stacks: {
          dev: () => fs.readFileSync(path.join(LAB_STACKS, "Pulumi.dev.yaml"), "utf8"),
          prod: () => fs.readFileSync(path.join(LAB_STACKS, "Pulumi.prod.yaml"), "utf8"),
        },
      },
      {
        commit: "703a1a5",
        stacks: {
          dev: () => gitShow("703a1a5", "Pulumi.dev.yaml"),
          prod: () => gitShow("703a1a5", "Pulumi.prod.yaml"),
        },
      },
    ];
    const suite = accountPerSuite("engine-upgrade-", PROD_ACCOUNT);

    for (const release of RELEASES) {
      for (const stack of Object.keys(release.stacks)) {
        it(`${stack} as deployed at ${release.commit}`, async () => {
          const old = releaseTree(release.commit, path.join(suite.root, `tree-${release.commit}`));
          const name = `${stack}-${release.commit}`;
          const project = engineProject(path.join(suite.root, name), name, release.stacks[stack](), old);
          await pulumiOk(suite.engine, project, ["stack", "init", name]);
          if (stack === "dev") {
            await setPassword(suite.engine, project);
          }
          await pulumiOk(suite.engine, project, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
          engineProject(project, name, fs.readFileSync(path.join(project, `Pulumi.${name}.yaml`), "utf8"));
          const preview = await pulumiOk(suite.engine, project, ["preview", "--json"]);
          // Components new since (WorkspacesStreaming) are created: nothing in AWS. Any other
          // create, delete or replace is a URN an alias failed to carry over.
          assert.deepEqual(awsChanges(preview), []);
          assert.ok(changedSteps(preview).length < 20, changedSteps(preview).join("\n"));
        });
      }
    }
  });

  describe("upgrades: a team's setup deployed by the library at 0.1.0", () => {
    // An account of its own: the stacks above switched PROD_ACCOUNT's directory already.
    const suite = accountPerSuite("engine-team-upgrade-", PROD_ACCOUNT);

    // 0.1.0 (be30ac3) named a setup's children `<setup>-<part>`: a setup named "streaming" had
    // `streaming-streaming` (its endpoint) and `streaming-streaming-d-...` (its association). The
    // word is said once now; the old names are aliases, and what the endpoint makes follows them.
    it('a team\'s setup named "streaming", as the library deployed it at be30ac3, whose doubled names became aliases', async () => {
      const old = releaseTree("be30ac3", path.join(suite.root, "tree-be30ac3"));
      const project = teamProject(path.join(suite.root, "team-be30ac3"), old);
      await pulumiOk(suite.engine, project, ["stack", "init", "team"]);
      await pulumiOk(suite.engine, project, ["up", "--yes", "--skip-preview", "--suppress-progress"]);
      const before = JSON.parse((await pulumiOk(suite.engine, project, ["stack", "export"])).stdout) as {
        deployment: { resources: { urn: string }[] };
      };
      assert.ok(
        before.deployment.resources.some((r) => r.urn.endsWith("::streaming-streaming-d-95670a1b2c")),
        "the old release did not name the association as this test says",
      );
      teamProject(project, PROJECT_ROOT);
      const preview = await pulumiOk(suite.engine, project, ["preview", "--json"]);
      assert.deepEqual(awsChanges(preview), []);
      // Only the endpoint's and its group's Name tags change ("streaming", not "streaming-streaming").
      assert.deepEqual(
        changedSteps(preview)
          .map((step) => step.replace(/^(\w+) .*::([^:]+)$/, "$1 $2"))
          .sort(),
        ["update streaming-endpoint", "update streaming-sg"],
      );
    });
  });
});

/**
 * A team's project that makes one setup named "streaming" on PROD_ACCOUNT's network with the
 * library of `tree` (a release's, or this checkout's): written again to move it to another tree.
 */
function teamProject(dir: string, tree: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: team\nruntime: nodejs\nmain: index.ts\n");
  fs.writeFileSync(path.join(dir, "Pulumi.team.yaml"), "config:\n  aws:region: ap-northeast-1\n");
  fs.writeFileSync(
    path.join(dir, "index.ts"),
    [
      `import { WorkspacesStreaming } from ${JSON.stringify(path.join(tree, "library"))};`,
      `const streaming = new WorkspacesStreaming("streaming", {`,
      `  network: "existing",`,
      `  streamingEndpoint: {`,
      `    vpcId: "vpc-0a1b2c3d4e5f60718",`,
      `    subnetIds: ["subnet-0aaa1111bbbb22223", "subnet-0ccc3333dddd44445"],`,
      `    allowedCidrs: ["192.168.0.0/16"],`,
      `  },`,
      `  directories: [{ directoryId: "d-95670a1b2c", associate: true }],`,
      `});`,
      `export const streamingEndpointId = streaming.streamingEndpointId;`,
      "",
    ].join("\n"),
  );
  return linkTree(dir, tree);
}

/**
 * An engine over an account of its own for the suite it is called in, in a temporary folder:
 * started before its tests (or the suite skipped with why), stopped and removed after them.
 */
function accountPerSuite(prefix: string, account?: AccountDescription): { engine: Engine; root: string } {
  const suite = {} as { engine: Engine; root: string };
  before(async function () {
    suite.root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    suite.engine = await engineOrSkip(this, path.join(suite.root, "state"), account);
  });
  after(async () => {
    await suite.engine?.stop();
    fs.rmSync(suite.root, { recursive: true, force: true });
  });
  return suite;
}

/** A file of this repository at a commit. */
function gitShow(commit: string, file: string): string {
  return execFileSync("git", ["show", `${commit}:${file}`], { cwd: PROJECT_ROOT, encoding: "utf8" });
}

/** The program of this repository at a commit, in `dir` (made once), with today's node_modules. */
function releaseTree(commit: string, dir: string): string {
  if (!fs.existsSync(path.join(dir, "index.ts"))) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${commit} | tar -x -C "${dir}"`], { cwd: PROJECT_ROOT });
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"));
  }
  return dir;
}

/** The association's inputs and outputs in the exported state. */
async function associationState(
  engine: Engine,
  project: string,
): Promise<Record<string, Record<string, unknown>>> {
  const exported = JSON.parse(
    (await pulumiOk(engine, project, ["stack", "export", "--show-secrets"])).stdout,
  ) as {
    deployment: {
      resources: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
    };
  };
  const association = exported.deployment.resources.find((r) =>
    r.type.endsWith(":StreamingEndpointAssociation"),
  );
  assert.ok(association, "no association in the state");
  return { inputs: association.inputs ?? {}, outputs: association.outputs ?? {} };
}

/** `inputs.key` and `outputs.key` that differ between two states of a resource. */
function changedKeys(
  olds: Record<string, Record<string, unknown>>,
  news: Record<string, Record<string, unknown>>,
): string[] {
  return (["inputs", "outputs"] as const)
    .flatMap((part) =>
      [...new Set([...Object.keys(olds[part]), ...Object.keys(news[part])])]
        .filter((k) => JSON.stringify(olds[part][k]) !== JSON.stringify(news[part][k]))
        .map((k) => `${part}.${k}`),
    )
    .sort();
}

/** The steps of a `--json` preview that create, delete or replace a resource of a provider (not a component). */
function awsChanges(preview: { stdout: string }): string[] {
  const parsed = JSON.parse(preview.stdout) as {
    steps?: { op: string; urn: string; newState?: { custom?: boolean }; oldState?: { custom?: boolean } }[];
  };
  return (parsed.steps ?? [])
    .filter((s) => !["same", "update", "read", "refresh"].includes(s.op))
    .filter((s) => (s.newState ?? s.oldState)?.custom !== false)
    .map((s) => `${s.op} ${s.urn}`);
}

/** The lab's directory password, set as a user sets it: `pulumi config set --secret`. */
async function setPassword(engine: Engine, project: string): Promise<void> {
  await pulumiOk(engine, project, [
    "config",
    "set",
    "--secret",
    "workspaces-privatelink:directoryAdminPassword",
    PASSWORD,
  ]);
}
