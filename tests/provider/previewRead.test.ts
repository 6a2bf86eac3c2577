/**
 * What an association reads during a preview, in its `check` (`previewRead`), as the engine runs
 * the serialized provider: the directory's facts for the pack, whose endpoint it streams through,
 * that it only reads, and whose credentials sign it. The real AWS SDK against the WorkSpaces
 * stand-in.
 */
import { strict as assert } from "assert";
import { StreamingEndpointAssociationProvider } from "../../providers/streamingEndpointAssociation";
import { ownerWarning } from "../../providers/previewRead";
import {
  AwsStandIns,
  ENV_ACCESS_KEY_ID,
  REGION,
  startAwsStandInsOrSkip,
  withEnv,
  writeProfile,
} from "../standins/aws";
import { load, serialize } from "../standins/engine";

const D1 = "d-1111111111";
const ENDPOINT = "vpce-0123456789abcdef0";

describe("what an association reads at preview", function () {
  this.timeout(60_000);
  let aws: AwsStandIns;
  let text: string;

  before(async function () {
    aws = await startAwsStandInsOrSkip(this);
    text = (await serialize(new StreamingEndpointAssociationProvider())).text;
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

  /** The association's check at preview, as the engine runs it (the stack's config in `configure`). */
  async function checkAtPreview(extra: Record<string, unknown> = {}, config: Record<string, string> = {}) {
    const provider = await load(text, config);
    const news = { directoryId: D1, vpcEndpointId: ENDPOINT, region: REGION, previewRead: {}, ...extra };
    const checked = await provider.check!({}, { ...news, __provider: text });
    return { inputs: checked.inputs!, failures: checked.failures ?? [] };
  }

  it("adds the directory's facts to its inputs: one directory read, one read per 25 WorkSpaces, no write", async () => {
    const { inputs, failures } = await checkAtPreview();
    assert.deepEqual(failures, []);
    assert.equal("previewRead" in inputs, false, "the request is not kept");
    assert.deepEqual(inputs.directoryFacts, {
      source: `read from WorkSpaces in ${REGION} during preview`,
      workspaceType: "PERSONAL",
      endpointEncryptionMode: "FIPS_VALIDATED",
      globalAcceleratorMode: "DISABLED",
      ipGroupIds: [],
      pcoipWorkspaceCount: 30,
      globalAcceleratorWorkspaceCount: 0,
    });
    assert.deepEqual(inputs.warnings, []);
    assert.deepEqual(
      [aws.workspaces.count("DescribeWorkspaceDirectories"), aws.workspaces.count("DescribeWorkspaces")],
      [1, 2],
    );
    assert.equal(aws.workspaces.count("ModifyWorkspaceAccessProperties"), 0);
    assert.deepEqual(aws.signers(), [ENV_ACCESS_KEY_ID]);
  });

  it("reads nothing without previewRead: an update's check makes no AWS call", async () => {
    const provider = await load(text);
    const { inputs } = await provider.check!(
      {},
      { directoryId: D1, vpcEndpointId: ENDPOINT, region: REGION },
    );
    assert.equal(inputs!.directoryFacts, undefined);
    assert.equal(aws.calls(), 0);
  });

  it("warns when another endpoint streams the directory, and not when it is the one it set last", async () => {
    const other = "vpce-0fedcba9876543210";
    aws.workspaces.changeOutOfBand(D1, (d) => {
      d.WorkspaceAccessProperties.AccessEndpointConfig = {
        AccessEndpoints: [{ AccessEndpointType: "STREAMING_WSP", VpcEndpointId: other }],
        InternetFallbackProtocols: [],
      };
    });
    // A first preview: the endpoint is not made yet, so any endpoint there is someone else's.
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const first = await checkAtPreview({ vpcEndpointId: unknown });
    assert.deepEqual(first.inputs.warnings, [ownerWarning(D1, other)]);
    assert.equal(
      (first.inputs.directoryFacts as { streamingEndpointId?: string }).streamingEndpointId,
      other,
    );
    const provider = await load(text);
    const ours = await provider.check!(
      { vpcEndpointId: other },
      { directoryId: D1, vpcEndpointId: ENDPOINT, region: REGION, previewRead: {}, __provider: text },
    );
    assert.deepEqual(ours.inputs!.warnings, []);
  });

  it("signs with the stack's aws:profile when the stack names one, as pulumi-aws does", async () => {
    const profile = writeProfile("workspaces-preview");
    const { inputs } = await withEnv(profile.env, () =>
      checkAtPreview({}, { "aws:profile": "workspaces-preview" }),
    );
    assert.equal(
      "unknown" in (inputs.directoryFacts as object),
      false,
      JSON.stringify(inputs.directoryFacts),
    );
    assert.deepEqual(aws.signers(), [profile.accessKeyId]);
  });

  it("says why, instead of failing the preview, when the profile does not exist", async () => {
    const profile = writeProfile("another-one");
    const { inputs, failures } = await withEnv(profile.env, () =>
      checkAtPreview({ profile: "no-such-profile" }),
    );
    assert.deepEqual(failures, []);
    const facts = inputs.directoryFacts as { unknown: string };
    assert.match(
      facts.unknown,
      /^could not read directory d-1111111111 in ap-northeast-1 with AWS profile no-such-profile \(CredentialsProviderError: /,
    );
    assert.equal(aws.calls(), 0, "nothing was sent unsigned or with other credentials");
  });
});
