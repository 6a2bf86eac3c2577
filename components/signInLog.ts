/**
 * The sign-in log: every successful WorkSpaces sign-in (the `WorkSpaces Access` event WorkSpaces
 * sends to EventBridge, best effort, with the client's public address), delivered by an EventBridge
 * rule to a CloudWatch Logs group. The cut-over report and the preview read it to tell who a
 * cut-over would cut off.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Tags, tagged } from "./tags";

/** What EventBridge sends for a sign-in (AWS: "Monitor your WorkSpaces using Amazon EventBridge"). */
export const SIGN_IN_EVENT_PATTERN = { source: ["aws.workspaces"], "detail-type": ["WorkSpaces Access"] };

/**
 * The log group's name. EventBridge's documentation, and its console, keep the log groups it
 * writes to under `/aws/events/`.
 */
export function signInLogGroupName(project: string, stack: string): string {
  return `/aws/events/${project}/${stack}/sign-ins`;
}

export interface SignInLogArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  /** The log group's name ({@link signInLogGroupName}). */
  readonly logGroupName: string;
  /** How long events are kept, in days (a value CloudWatch Logs accepts). */
  readonly retentionDays: number;
}

export class SignInLog extends pulumi.ComponentResource {
  readonly logGroupName: pulumi.Output<string>;
  readonly logGroupArn: pulumi.Output<string>;
  readonly ruleArn: pulumi.Output<string>;

  constructor(name: string, args: SignInLogArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("workspaces-privatelink:monitoring:SignInLog", name, {}, opts);
    const child = { parent: this };
    const group = new aws.cloudwatch.LogGroup(
      `${name}-group`,
      { name: args.logGroupName, retentionInDays: args.retentionDays, tags: tagged(args.tags, name) },
      child,
    );
    const rule = new aws.cloudwatch.EventRule(
      `${name}-rule`,
      {
        description: "WorkSpaces sign-ins (WorkSpaces Access events) to the sign-in log",
        eventPattern: JSON.stringify(SIGN_IN_EVENT_PATTERN),
        tags: tagged(args.tags, name),
      },
      child,
    );
    // CloudWatch Logs takes EventBridge's writes on a resource policy (a target of this kind gets no
    // role): AWS's documented statement, narrowed to this group and this rule.
    const policy = new aws.cloudwatch.LogResourcePolicy(
      `${name}-policy`,
      {
        // One per account and region (a quota of 10): named after the group, so stacks never share one.
        policyName: args.logGroupName.replace(/^\/aws\/events\//, "").replace(/\//g, "-"),
        policyDocument: pulumi.all([group.arn, rule.arn]).apply(([groupArn, ruleArn]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "EventBridgeWritesSignIns",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${groupArn}:*`,
                Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
              },
            ],
          }),
        ),
      },
      child,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-target`,
      { rule: rule.name, arn: group.arn },
      { parent: this, dependsOn: [policy] }, // delivery starts once EventBridge may write
    );

    this.logGroupName = group.name;
    this.logGroupArn = group.arn;
    this.ruleArn = rule.arn;
    this.registerOutputs({
      logGroupName: this.logGroupName,
      logGroupArn: this.logGroupArn,
      ruleArn: this.ruleArn,
    });
  }
}
