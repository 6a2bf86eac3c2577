/**
 * Preloaded (`node -r`) into the policy pack's process by tests/standins/analyzerHost.ts, before
 * policy/index.ts hands the policies to CrossGuard: wraps every stack policy's validateStack so
 * that each run appends one line to $WPL_POLICY_TIMINGS: the policy, the time spent inside it (the
 * pack's own code: everything CrossGuard does around it, deserialising the resources included, is
 * outside), and how many times the topology has been built in this process so far.
 */
import * as fs from "fs";
import * as path from "path";
import type { Policies, StackValidationPolicy } from "@pulumi/policy";

export interface PolicyTiming {
  readonly policy: string;
  readonly ms: number;
  readonly topologyBuilds: number;
}

const file = process.env.WPL_POLICY_TIMINGS;
if (file) {
  const root = path.join(__dirname, "..", "..", "policy");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very modules index.ts loads, by path
  const { policies } = require(path.join(root, "policies")) as { policies: Policies };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const topology = require(path.join(root, "topology")) as { topologyBuilds(): number };
  for (const policy of policies) {
    if (!("validateStack" in policy)) {
      continue;
    }
    const stackPolicy = policy as StackValidationPolicy & {
      validateStack: StackValidationPolicy["validateStack"];
    };
    const validate = stackPolicy.validateStack;
    stackPolicy.validateStack = async (args, report) => {
      const start = process.hrtime.bigint();
      try {
        return await validate(args, report);
      } finally {
        const timing: PolicyTiming = {
          policy: policy.name,
          ms: Number(process.hrtime.bigint() - start) / 1e6,
          topologyBuilds: topology.topologyBuilds(),
        };
        fs.appendFileSync(file, `${JSON.stringify(timing)}\n`);
      }
    };
  }
}
