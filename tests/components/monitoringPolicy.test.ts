/**
 * The deployer's policy for the dashboard and alarms (components/monitoring-iam-policy.json) against
 * what pulumi-aws calls for each resource the Monitoring component registers. pulumi-aws runs
 * terraform-provider-aws; the calls below are its create, read, update and delete functions for each
 * resource (internal/service/cloudwatch, sns, kms), plus the permissions AWS documents beyond the
 * call itself (PutMetricAlarm with an EC2 action creates CloudWatch's service-linked role; tags
 * given at create need TagResource). The test fails when the component gains a resource type the
 * policy does not cover, when a name leaves the policy's scope, or when the policy grants more.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ProgramRun, runProgram } from "../standins/mockProgram";
import { readStackConfig } from "../../scripts/stackConfig";
import { KEY_TAG } from "../../components/monitoring";
import { SHIPPED as LAB_STACKS } from "../fixtures/urns/shapes";

const P = "workspaces-privatelink";

/** What pulumi-aws calls, per resource type, with how each call is authorised (which ARN). */
type Resource = ProgramRun["resources"][number];
/** A request: the ARN it is authorised on, and the condition keys it carries. */
type Request = { arn: string; context?: Record<string, string> };
const CALLS: Record<string, { actions: string[]; on: (r: Resource) => string | Request }[]> = {
  "aws:cloudwatch/dashboard:Dashboard": [
    {
      actions: ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
      on: (r) => `arn:aws:cloudwatch::123456789012:dashboard/${r.inputs.dashboardName}`,
    },
  ],
  "aws:cloudwatch/metricAlarm:MetricAlarm": [
    {
      actions: [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
      ],
      on: (r) => `arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:${r.inputs.name}`,
    },
    { actions: ["cloudwatch:DescribeAlarms"], on: () => "*" },
  ],
  "aws:sns/topic:Topic": [
    {
      actions: [
        "sns:CreateTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:DeleteTopic",
        "sns:ListTagsForResource",
        "sns:TagResource",
        "sns:UntagResource",
      ],
      on: (r) => `arn:aws:sns:ap-northeast-1:123456789012:${r.inputs.name}`,
    },
  ],
  "aws:sns/topicPolicy:TopicPolicy": [
    { actions: ["sns:GetTopicAttributes", "sns:SetTopicAttributes"], on: (r) => String(r.inputs.arn) },
  ],
  "aws:sns/topicSubscription:TopicSubscription": [
    { actions: ["sns:Subscribe"], on: (r) => String(r.inputs.topic) },
    {
      actions: ["sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:Unsubscribe"],
      on: (r) => `${r.inputs.topic}:0d6c7a7e-0000-4000-8000-000000000000`,
    },
  ],
  "aws:kms/key:Key": [
    {
      actions: ["kms:CreateKey", "kms:TagResource"],
      on: (r) => ({ arn: "*", context: requestTags(r) }),
    },
    {
      actions: [
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:EnableKeyRotation",
        "kms:ListResourceTags",
        "kms:UntagResource",
        "kms:UpdateKeyDescription",
        "kms:ScheduleKeyDeletion",
        "kms:TagResource",
      ],
      on: (r) => ({ arn: `arn:aws:kms:ap-northeast-1:123456789012:key/${r.id}`, context: resourceTags(r) }),
    },
  ],
  "aws:kms/alias:Alias": [
    // CreateAlias, UpdateAlias and DeleteAlias are authorised on the alias and on its key.
    {
      actions: ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"],
      on: (r) => `arn:aws:kms:ap-northeast-1:123456789012:${r.inputs.name}`,
    },
    {
      actions: ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"],
      on: (r) => {
        const key = keyOf(String(r.inputs.targetKeyId));
        return { arn: `arn:aws:kms:ap-northeast-1:123456789012:key/${key.id}`, context: resourceTags(key) };
      },
    },
    { actions: ["kms:ListAliases"], on: () => "*" },
  ],
};

/** PutMetricAlarm with an EC2 action (the NAT's recover) creates CloudWatch's service-linked role. */
const RECOVER_ROLE = {
  action: "iam:CreateServiceLinkedRole",
  on: "arn:aws:iam::123456789012:role/aws-service-role/events.amazonaws.com/AWSServiceRoleForCloudWatchEvents",
};

let keyOf: (id: string) => Resource;
const tagsOf = (r: Resource, prefix: string) =>
  Object.fromEntries(
    Object.entries((r.inputs.tags ?? {}) as Record<string, string>).map(([k, v]) => [`${prefix}/${k}`, v]),
  );
/** CreateKey and TagResource carry the tags asked for; calls on a key, the key's own. */
const requestTags = (r: Resource) => tagsOf(r, "aws:RequestTag");
const resourceTags = (r: Resource) => tagsOf(r, "aws:ResourceTag");

interface Statement {
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

/** IAM's wildcard match of a resource pattern (`*` any run of characters, `?` one). */
function matches(pattern: string, arn: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(arn);
}

/** StringEquals and StringLike, the operators the policy uses; a key the request lacks fails. */
function conditionHolds(condition: Statement["Condition"], context: Record<string, string>): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, want]) => {
      const have = context[key];
      if (have === undefined) {
        return false;
      }
      assert.ok(["StringEquals", "StringLike"].includes(operator), `operator ${operator}`);
      return operator === "StringEquals" ? have === want : matches(want, have);
    }),
  );
}

function allows(statements: Statement[], action: string, request: string | Request): boolean {
  const { arn, context = {} } = typeof request === "string" ? { arn: request } : request;
  return statements.some(
    (s) =>
      s.Action.includes(action) &&
      [s.Resource].flat().some((pattern) => (arn === "*" ? pattern === "*" : matches(pattern, arn))) &&
      conditionHolds(s.Condition, context),
  );
}

describe("the deployer's policy for the dashboard and alarms", () => {
  const text = fs.readFileSync(
    path.join(__dirname, "..", "..", "components", "monitoring-iam-policy.json"),
    "utf8",
  );
  const statements = (JSON.parse(text) as { Statement: Statement[] }).Statement;
  let run: ProgramRun;
  before(async () => {
    const { config } = readStackConfig("prod", LAB_STACKS);
    run = await runProgram({
      config: {
        ...config,
        [`${P}:monitoring`]: JSON.stringify({ alarmEmail: "streaming-team@example.com" }),
      },
      stack: "prod",
    });
    keyOf = (id) => run.resources.find((r) => r.type === "aws:kms/key:Key" && r.id === id)!;
  });
  const monitored = () =>
    run.resources.filter((r) => r.urn.includes("workspaces-privatelink:monitoring:Monitoring$"));

  it("covers every call pulumi-aws makes for every resource the component registers, on its own ARN", () => {
    const types = [...new Set(monitored().map((r) => r.type))].sort();
    assert.deepEqual(types, Object.keys(CALLS).sort(), "every resource type has its calls listed");
    for (const resource of monitored()) {
      for (const { actions, on } of CALLS[resource.type]) {
        for (const action of actions) {
          assert.ok(
            allows(statements, action, on(resource)),
            `${resource.name}: ${action} on ${JSON.stringify(on(resource))}`,
          );
        }
      }
    }
    const asked = (service: string) => ({ arn: RECOVER_ROLE.on, context: { "iam:AWSServiceName": service } });
    assert.ok(allows(statements, RECOVER_ROLE.action, asked("events.amazonaws.com")));
    assert.ok(
      !allows(statements, RECOVER_ROLE.action, asked("ec2.amazonaws.com")),
      "no other service's role",
    );
  });

  it("grants nothing more: every action it names is one of those calls", () => {
    const needed = new Set([
      ...Object.values(CALLS).flatMap((calls) => calls.flatMap((c) => c.actions)),
      RECOVER_ROLE.action,
    ]);
    assert.deepEqual(
      statements.flatMap((s) => s.Action).filter((a) => !needed.has(a)),
      [],
    );
    assert.doesNotMatch(text, /arn:aws[a-z-]*:/, "any partition");
    assert.ok(
      statements
        .filter((s) => [s.Resource].flat().includes("*"))
        .flatMap((s) => s.Action)
        .every((a) =>
          ["cloudwatch:DescribeAlarms", "kms:CreateKey", "kms:TagResource", "kms:ListAliases"].includes(a),
        ),
      "only calls that take no resource ARN are granted on *",
    );
  });

  it("keeps another project's alarm, topic and dashboard out of reach", () => {
    for (const [action, arn] of [
      ["cloudwatch:DeleteAlarms", "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:billing-high"],
      ["sns:DeleteTopic", "arn:aws:sns:ap-northeast-1:123456789012:billing-alerts"],
      ["cloudwatch:DeleteDashboards", "arn:aws:cloudwatch::123456789012:dashboard/billing"],
      ["kms:DeleteAlias", "arn:aws:kms:ap-northeast-1:123456789012:alias/billing"],
    ]) {
      assert.ok(!allows(statements, action, arn), `${action} on ${arn}`);
    }
    const otherKey = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    for (const context of [{}, { "aws:ResourceTag/Name": "billing" }] as Record<string, string>[]) {
      assert.ok(!allows(statements, "kms:ScheduleKeyDeletion", { arn: otherKey, context }), "another key");
      assert.ok(!allows(statements, "kms:PutKeyPolicy", { arn: otherKey, context }), "another key");
    }
    assert.ok(
      !allows(statements, "kms:CreateKey", { arn: "*", context: { "aws:RequestTag/Name": "x" } }),
      "a key without the stack's tag",
    );
    const key = run.get("aws:kms/key:Key", "monitoring-alarms-key");
    assert.equal((key.inputs.tags as Record<string, string>)[KEY_TAG], "workspaces-privatelink-prod");
  });
});
