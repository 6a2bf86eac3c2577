/**
 * Watch it work: a CloudWatch dashboard of the endpoint (AWS/PrivateLinkEndpoints), each streamed
 * directory's sessions (AWS/WorkSpaces), the sign-ins from outside the routed ranges (Logs
 * Insights over the sign-in log) and the NAT instance sign-in depends on; and alarms to one SNS
 * topic, encrypted with a customer managed key CloudWatch may use (alarms cannot publish to a
 * topic under the AWS-managed `alias/aws/sns` key, whose policy cannot be changed).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TOOL } from "../policy/facts";
import { type Tags, tagged } from "./tags";

/** What the dashboard and alarms are about, resolved. */
export interface WatchedStack {
  readonly region: string;
  readonly endpointId: string;
  readonly endpointVpcId: string;
  readonly serviceName: string;
  readonly directoryIds: readonly string[];
  /** The NAT instance sign-in goes through, where the stack has one (a lab). */
  readonly natInstanceId?: string;
  /** The sign-in log, when the stack keeps one. */
  readonly signInLogGroupName?: string;
  /** The ranges the endpoint admits and the routed networks' public egress. */
  readonly routedCidrs: readonly string[];
}

/** The metrics AWS publishes for an interface endpoint, every minute, with how to read each. */
export const ENDPOINT_METRICS: readonly [metric: string, stat: string][] = [
  ["ActiveConnections", "Average"],
  ["NewConnections", "Sum"],
  ["BytesProcessed", "Sum"],
  ["PacketsDropped", "Sum"],
  ["RstPacketsReceived", "Sum"],
];

/** A directory's session metrics (AWS/WorkSpaces, by DirectoryId): counts, then times in ms. */
export const DIRECTORY_COUNTS = [
  "ConnectionAttempt",
  "ConnectionSuccess",
  "ConnectionFailure",
  "SessionDisconnect",
];
export const DIRECTORY_TIMES = ["SessionLaunchTime", "InSessionLatency"];

/**
 * The dimensions AWS publishes an interface endpoint's metrics under (AWS PrivateLink,
 * "CloudWatch metrics for AWS PrivateLink"; the names have spaces).
 */
export function endpointDimensions(w: WatchedStack): string[] {
  return [
    "Endpoint Type",
    "Interface",
    "Service Name",
    w.serviceName,
    "VPC Endpoint Id",
    w.endpointId,
    "VPC Id",
    w.endpointVpcId,
  ];
}

/** The Logs Insights query that lists recent sign-ins from outside the routed addresses. */
export function outsideSignInsQuery(logGroupName: string, routedCidrs: readonly string[]): string {
  return [
    `SOURCE '${logGroupName}'`,
    "fields @timestamp, detail.workspaceId as workspaceId, detail.clientIpAddress as clientIp, detail.clientPlatform as platform",
    'filter ispresent(detail.clientIpAddress) and detail.clientIpAddress != ""',
    ...(routedCidrs.length > 0
      ? [
          `filter ${routedCidrs.map((c) => `not isIpv4InSubnet(detail.clientIpAddress, "${c}")`).join(" and ")}`,
        ]
      : []),
    "sort @timestamp desc",
    "limit 100",
  ].join("\n| ");
}

/** The longest query Logs Insights runs (StartQuery's queryString: at most 10,000 characters). */
export const MAX_QUERY_LENGTH = 10_000;

/** What the dashboard says instead of the sign-in table when the ranges make the query too long. */
export function tooManyRangesText(ranges: number, length: number): string {
  return `### Sign-ins from outside the routed ranges\n\nThe ${ranges} routed and egress ranges make a Logs Insights query of ${length} characters, more than the ${MAX_QUERY_LENGTH} it takes. \`${TOOL} cutover --outputs outputs.json\` lists who signs in from outside.`;
}

/**
 * The name of the dashboard, the topic, the key's alias and every alarm's prefix:
 * `<project>-<stack>`, with what CloudWatch dashboards and SNS topics refuse (anything but letters,
 * digits, `-` and `_`; Pulumi allows `.` in a stack's name) written as `-`.
 */
export function monitoringName(project: string, stack: string): string {
  return `${project}-${stack}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** The dashboard's body (CloudWatch's dashboard JSON), widgets two to a row. */
export function dashboardBody(w: WatchedStack): string {
  const widgets: Record<string, unknown>[] = [];
  const metricWidget = (title: string, metrics: unknown[][], width = 12) =>
    widgets.push({
      type: "metric",
      width,
      height: 6,
      properties: { title, region: w.region, view: "timeSeries", stacked: false, period: 60, metrics },
    });
  metricWidget(
    `Streaming endpoint ${w.endpointId}`,
    ENDPOINT_METRICS.map(([metric, stat]) => [
      "AWS/PrivateLinkEndpoints",
      metric,
      ...endpointDimensions(w),
      { stat },
    ]),
  );
  if (w.natInstanceId !== undefined) {
    const nat = w.natInstanceId;
    metricWidget(
      "NAT instance (sign-in path)",
      ["StatusCheckFailed", "StatusCheckFailed_System", "StatusCheckFailed_Instance"].map((metric) => [
        "AWS/EC2",
        metric,
        "InstanceId",
        nat,
        { stat: "Maximum" },
      ]),
    );
  }
  if (w.signInLogGroupName !== undefined) {
    const query = outsideSignInsQuery(w.signInLogGroupName, w.routedCidrs);
    const title =
      "Sign-ins from outside the routed ranges (cut off once their directory streams through the endpoint)";
    widgets.push(
      query.length <= MAX_QUERY_LENGTH
        ? {
            type: "log",
            width: 24,
            height: 6,
            properties: { title, region: w.region, view: "table", query },
          }
        : {
            type: "text",
            width: 24,
            height: 3,
            properties: { markdown: tooManyRangesText(w.routedCidrs.length, query.length) },
          },
    );
  }
  for (const id of w.directoryIds) {
    metricWidget(
      `Directory ${id}: connections`,
      DIRECTORY_COUNTS.map((m) => ["AWS/WorkSpaces", m, "DirectoryId", id, { stat: "Sum" }]),
    );
    metricWidget(
      `Directory ${id}: session times (ms)`,
      DIRECTORY_TIMES.map((m) => ["AWS/WorkSpaces", m, "DirectoryId", id, { stat: "Average" }]),
    );
  }
  let x = 0;
  let y = 0;
  let rowHeight = 6;
  for (const widget of widgets) {
    const width = widget.width as number;
    if (x + width > 24) {
      x = 0;
      y += rowHeight;
    }
    Object.assign(widget, { x, y });
    x += width;
    rowHeight = widget.height as number;
  }
  return JSON.stringify({ widgets });
}

/** The tag that marks the alarm topic's key, whose value is the stack's name; see the deployer's policy. */
export const KEY_TAG = "workspaces-privatelink-alarms";

export interface MonitoringArgs {
  /** Tags for every resource that takes tags (each gets its own `Name` too). */
  readonly tags?: Tags;
  /** The dashboard's name and the prefix of every alarm's: `workspaces-privatelink-<stack>`. */
  readonly name: string;
  readonly region: string;
  readonly endpointId: pulumi.Input<string>;
  readonly endpointVpcId: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /**
   * Every streamed directory, one failure-ratio alarm each, named by `key` (its ID, or "lab" for
   * the lab's, whose ID AWS gives it), so the alarms are known before any ID is.
   */
  readonly directories: readonly { readonly key: string; readonly directoryId: pulumi.Input<string> }[];
  /** The NAT instance sign-in goes through: its widget and status alarms. None without a NAT. */
  readonly natInstanceId?: pulumi.Input<string>;
  readonly signInLogGroupName?: pulumi.Input<string>;
  readonly routedCidrs: readonly string[];
  /** A directory's alarm fires above this share of failed connection attempts. */
  readonly connectionFailureRatio: number;
  /** Subscribed to the alarm topic by e-mail (AWS asks the recipient to confirm). */
  readonly alarmEmail?: string;
}

/** How every alarm notifies: both states to the topic; missing data is no alarm. */
type Notify = {
  readonly alarmActions: pulumi.Output<string>[];
  readonly okActions: pulumi.Output<string>[];
  readonly treatMissingData: string;
};

export class Monitoring extends pulumi.ComponentResource {
  readonly dashboardName: pulumi.Output<string>;
  readonly alarmTopicArn: pulumi.Output<string>;

  constructor(name: string, args: MonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("workspaces-privatelink:monitoring:Monitoring", name, {}, opts);
    const child = { parent: this };
    const account = aws.getCallerIdentityOutput({}, child).accountId;
    const partition = aws.getPartitionOutput({}, child).partition;

    const topic = this.alarmTopic(name, args, account, partition);
    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: args.name,
        dashboardBody: pulumi
          .all([
            args.endpointId,
            args.endpointVpcId,
            args.serviceName,
            pulumi.all(args.directories.map((d) => d.directoryId)),
            args.natInstanceId,
            args.signInLogGroupName,
          ])
          .apply(
            ([endpointId, endpointVpcId, serviceName, directoryIds, natInstanceId, signInLogGroupName]) =>
              dashboardBody({
                region: args.region,
                endpointId,
                endpointVpcId,
                serviceName,
                directoryIds,
                natInstanceId,
                signInLogGroupName,
                routedCidrs: args.routedCidrs,
              }),
          ),
      },
      child,
    );

    const notify = { alarmActions: [topic.arn], okActions: [topic.arn], treatMissingData: "notBreaching" };
    this.connectionAlarms(name, args, notify);
    this.endpointAlarm(name, args, notify);
    if (args.natInstanceId !== undefined) {
      this.natAlarms(name, args, args.natInstanceId, { ...notify, topicArn: topic.arn }, partition);
    }

    this.dashboardName = dashboard.dashboardName;
    this.alarmTopicArn = topic.arn;
    this.registerOutputs({ dashboardName: this.dashboardName, alarmTopicArn: this.alarmTopicArn });
  }
  /** The SNS topic every alarm notifies, under the stack's own KMS key (and an e-mail subscription). */
  private alarmTopic(
    name: string,
    args: MonitoringArgs,
    account: pulumi.Output<string>,
    partition: pulumi.Output<string>,
  ): aws.sns.Topic {
    const child = { parent: this };
    const key = new aws.kms.Key(
      `${name}-alarms-key`,
      {
        description: `${args.name}: encrypts the alarm topic; CloudWatch alarms may use it`,
        enableKeyRotation: true,
        policy: pulumi.all([account, partition]).apply(([acct, part]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "AccountManagesTheKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${part}:iam::${acct}:root` },
                Action: "kms:*",
                Resource: "*",
              },
              {
                // The statement AWS documents for CloudWatch alarms and encrypted topics.
                Sid: "CloudWatchAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
              },
            ],
          }),
        ),
        // The deployer's policy manages only keys with this tag (components/monitoring-iam-policy.json).
        tags: { ...tagged(args.tags, `${name}-alarms`), [KEY_TAG]: args.name },
      },
      child,
    );
    new aws.kms.Alias(
      `${name}-alarms-key`,
      { name: `alias/${args.name}-alarms`, targetKeyId: key.keyId },
      child,
    );
    const topic = new aws.sns.Topic(
      `${name}-alarms`,
      { name: `${args.name}-alarms`, kmsMasterKeyId: key.arn, tags: tagged(args.tags, `${name}-alarms`) },
      child,
    );
    new aws.sns.TopicPolicy(
      `${name}-alarms`,
      {
        arn: topic.arn,
        policy: pulumi.all([topic.arn, account, partition]).apply(([topicArn, acct, part]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "AccountManagesTheTopic",
                Effect: "Allow",
                Principal: { AWS: `arn:${part}:iam::${acct}:root` },
                Action: [
                  "sns:GetTopicAttributes",
                  "sns:SetTopicAttributes",
                  "sns:Subscribe",
                  "sns:ListSubscriptionsByTopic",
                  "sns:Publish",
                  "sns:DeleteTopic",
                ],
                Resource: topicArn,
              },
              {
                Sid: "TheStacksAlarmsPublish",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: {
                  ArnLike: {
                    "aws:SourceArn": `arn:${part}:cloudwatch:${args.region}:${acct}:alarm:${args.name}-*`,
                  },
                },
              },
            ],
          }),
        ),
      },
      child,
    );
    if (args.alarmEmail !== undefined) {
      new aws.sns.TopicSubscription(
        `${name}-alarms-email`,
        { topic: topic.arn, protocol: "email", endpoint: args.alarmEmail },
        child,
      );
    }

    return topic;
  }

  /**
   * Per directory: the share of failed connection attempts, 3 of 5 minutes. A quiet night has no
   * attempts, so no data: not an outage. Failures that are not reported count as none.
   */
  private connectionAlarms(name: string, args: MonitoringArgs, notify: Notify): void {
    const child = { parent: this };
    for (const { key, directoryId: id } of args.directories) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-failures-${key}`,
        {
          name: `${args.name}-connection-failures-${key}`,
          alarmDescription: pulumi.interpolate`More than ${args.connectionFailureRatio * 100}% of the connection attempts to directory ${id}'s WorkSpaces fail. First: ${TOOL} doctor from the users' network; ${TOOL} cutover for who connects from outside.`,
          comparisonOperator: "GreaterThanThreshold",
          threshold: args.connectionFailureRatio,
          evaluationPeriods: 5,
          datapointsToAlarm: 3,
          metricQueries: [
            {
              id: "ratio",
              expression: "FILL(failures, 0) / attempts",
              label: "failed share",
              returnData: true,
            },
            {
              id: "failures",
              metric: {
                namespace: "AWS/WorkSpaces",
                metricName: "ConnectionFailure",
                dimensions: { DirectoryId: id },
                period: 60,
                stat: "Sum",
              },
            },
            {
              id: "attempts",
              metric: {
                namespace: "AWS/WorkSpaces",
                metricName: "ConnectionAttempt",
                dimensions: { DirectoryId: id },
                period: 60,
                stat: "Sum",
              },
            },
          ],
          ...notify,
        },
        child,
      );
    }
  }

  /** The endpoint dropping packets, five minutes running. */
  private endpointAlarm(name: string, args: MonitoringArgs, notify: Notify): void {
    const child = { parent: this };
    const endpointDims = pulumi
      .all([args.endpointId, args.endpointVpcId, args.serviceName])
      .apply(([endpointId, vpcId, serviceName]) => ({
        "Endpoint Type": "Interface",
        "Service Name": serviceName,
        "VPC Endpoint Id": endpointId,
        "VPC Id": vpcId,
      }));
    new aws.cloudwatch.MetricAlarm(
      `${name}-packets-dropped`,
      {
        name: `${args.name}-endpoint-packets-dropped`,
        alarmDescription: `The streaming endpoint drops packets, 5 minutes running: the endpoint or the service behind it may be unhealthy. First: ${TOOL} doctor from a client network; if it passes, AWS Health for WorkSpaces and VPC in the region.`,
        namespace: "AWS/PrivateLinkEndpoints",
        metricName: "PacketsDropped",
        dimensions: endpointDims,
        statistic: "Sum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        ...notify,
      },
      child,
    );
  }

  /** The NAT's status checks; EC2 recovers an instance whose host fails (the system check). */
  private natAlarms(
    name: string,
    args: MonitoringArgs,
    natInstanceId: pulumi.Input<string>,
    notify: Notify & { topicArn: pulumi.Output<string> },
    partition: pulumi.Output<string>,
  ): void {
    const child = { parent: this };
    const { topicArn, ...actions } = notify;
    const natCheck = (check: "System" | "Instance", extra: pulumi.Input<string>[], what: string) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-nat-${check.toLowerCase()}`,
        {
          name: `${args.name}-nat-status-${check.toLowerCase()}`,
          alarmDescription: `The NAT instance sign-in goes through fails its ${check.toLowerCase()} status check${what}. First: its console output (aws ec2 get-console-output ... | grep nat-boot:).`,
          namespace: "AWS/EC2",
          metricName: `StatusCheckFailed_${check}`,
          dimensions: { InstanceId: natInstanceId },
          statistic: "Maximum",
          period: 60,
          evaluationPeriods: 2,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          threshold: 1,
          ...actions,
          alarmActions: [...extra, topicArn],
        },
        child,
      );
    natCheck(
      "System",
      [pulumi.interpolate`arn:${partition}:automate:${args.region}:ec2:recover`],
      "; EC2 recovers it",
    );
    natCheck("Instance", [], "");
  }
}
