/**
 * Mocha root hooks for every test file (.mocharc.json requires this file, and so does
 * scripts/testNodeVersions.ts). A test that leaves both a profile and static keys where the AWS
 * SDK looks makes it print "Multiple credential sources detected" (once per process, so the test
 * that caused it is the one running): that test fails, named.
 */
import type { RootHookObject } from "mocha";

/** The SDK's warning when a profile and static keys in the environment are both set. */
export const CREDENTIAL_SOURCES_WARNING = "Multiple credential sources detected";

let leaked: string | undefined;
const warn = console.warn.bind(console);

export const mochaHooks: RootHookObject = {
  beforeAll() {
    console.warn = (...args: unknown[]) => {
      if (args.some((a) => String(a).includes(CREDENTIAL_SOURCES_WARNING))) {
        leaked =
          "the AWS SDK warned: Multiple credential sources detected (AWS_PROFILE or a profile, and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); give a test one source of credentials";
      }
      warn(...args);
    };
  },
  afterEach() {
    if (leaked !== undefined) {
      const message = leaked;
      leaked = undefined;
      throw new Error(message);
    }
  },
  afterAll() {
    console.warn = warn;
  },
};
