/**
 * The program's read of an existing directory during preview (providers/directoryFacts.ts), with
 * the real AWS SDK against the WorkSpaces stand-in: what it reports, that it only reads, and whose
 * credentials sign it.
 */
import { strict as assert } from "assert";
import { readDirectoryFacts } from "../../providers/directoryFacts";
import {
  AwsStandIns,
  ENV_ACCESS_KEY_ID,
  REGION,
  startAwsStandInsOrSkip,
  withEnv,
  writeProfile,
} from "../standins/aws";

const D1 = "d-1111111111";

describe("the preview read of an existing directory", function () {
  this.timeout(60_000);
  let aws: AwsStandIns;

  before(async function () {
    aws = await startAwsStandInsOrSkip(this);
  });

  after(async () => {
    await aws?.stop();
  });

  beforeEach(() => {
    aws.workspaces.reset();
    aws.workspaces.addDirectory({ DirectoryId: D1, EndpointEncryptionMode: "FIPS_VALIDATED" });
    aws.workspaces.addWorkspaces(D1, 30, { Protocols: ["PCOIP"] });
    aws.resetCalls();
  });

  it("reports the directory's facts with one directory read and one read per 25 WorkSpaces, and no write", async () => {
    assert.deepEqual(await readDirectoryFacts(D1, REGION), {
      source: `read from WorkSpaces in ${REGION} during preview`,
      workspaceType: "PERSONAL",
      endpointEncryptionMode: "FIPS_VALIDATED",
      globalAcceleratorMode: "DISABLED",
      ipGroupIds: [],
      pcoipWorkspaceCount: 30,
      globalAcceleratorWorkspaceCount: 0,
    });
    assert.deepEqual(
      [aws.workspaces.count("DescribeWorkspaceDirectories"), aws.workspaces.count("DescribeWorkspaces")],
      [1, 2],
    );
    assert.equal(aws.workspaces.count("ModifyWorkspaceAccessProperties"), 0);
    assert.deepEqual(aws.signers(), [ENV_ACCESS_KEY_ID]);
  });

  it("signs with the stack's aws:profile when the stack names one, as pulumi-aws does", async () => {
    const profile = writeProfile("workspaces-preview");
    const facts = await withEnv(profile.env, () => readDirectoryFacts(D1, REGION, "workspaces-preview"));
    assert.equal("unknown" in facts, false, JSON.stringify(facts));
    assert.deepEqual(aws.signers(), [profile.accessKeyId]);
  });

  it("says why, instead of failing the preview, when the profile does not exist", async () => {
    const profile = writeProfile("another-one");
    const facts = await withEnv(profile.env, () => readDirectoryFacts(D1, REGION, "no-such-profile"));
    assert.ok("unknown" in facts);
    assert.match(
      facts.unknown,
      /^could not read directory d-1111111111 in ap-northeast-1 with AWS profile no-such-profile \(CredentialsProviderError: /,
    );
    assert.equal(aws.calls(), 0, "nothing was sent unsigned or with other credentials");
  });
});
