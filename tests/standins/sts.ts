/**
 * A stand-in for AWS STS, the two operations the association makes: GetCallerIdentity (which
 * account do these credentials reach?) and AssumeRole (credentials for a role, as
 * `credentials.assumeRole` asks). It speaks the service's awsQuery protocol (form-encoded POST,
 * XML answers, the shapes of the SDK's model) and keeps accounts by access key: the environment's
 * key reaches `defaultAccount`; credentials it hands out for a role reach the role's account, as AWS
 * does. Every request's signer and action are recorded.
 */
import type * as http from "http";
import { LoopbackServer, signerOf } from "./loopback";

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

export class StsStandIn extends LoopbackServer {
  /** The account credentials reach unless `accounts` says otherwise. */
  defaultAccount = "123456789012";
  /** Access key ID -> the account it reaches. */
  readonly accounts = new Map<string, string>();
  /** Every request, in order: its action and signer. */
  readonly calls: { action: string; signer?: string; params: Record<string, string> }[] = [];
  private issued = 0;

  /** The account a request's credentials reach: an assumed role's for a key handed out here. */
  accountOf(req: http.IncomingMessage): string {
    const signer = signerOf(req);
    return (signer && this.accounts.get(signer)) || this.defaultAccount;
  }

  reset(): void {
    this.calls.length = 0;
    this.signers.clear();
  }

  count(action?: string): number {
    return this.calls.filter((c) => !action || c.action === action).length;
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(body.toString()));
    const signer = signerOf(req);
    this.calls.push({ action: params.Action ?? "", signer, params });
    const account = this.accountOf(req);
    if (params.Action === "GetCallerIdentity") {
      return this.answer(
        res,
        "GetCallerIdentity",
        `<Arn>arn:aws:iam::${account}:user/stand-in</Arn><UserId>AIDASTANDIN</UserId><Account>${account}</Account>`,
      );
    }
    if (params.Action === "AssumeRole") {
      const roleAccount = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(params.RoleArn ?? "")?.[1];
      if (!roleAccount) {
        return this.error(res, 400, "ValidationError", `${params.RoleArn} is not a role ARN`);
      }
      const accessKeyId = `ASIASTANDIN${String(++this.issued).padStart(9, "0")}`;
      this.accounts.set(accessKeyId, roleAccount);
      const expiration = new Date(Date.now() + 3600e3).toISOString();
      return this.answer(
        res,
        "AssumeRole",
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>stand-in-secret</SecretAccessKey><SessionToken>stand-in-token-${this.issued}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>arn:aws:sts::${roleAccount}:assumed-role/${params.RoleArn!.split("/").pop()}/${params.RoleSessionName}</Arn><AssumedRoleId>AROASTANDIN:${params.RoleSessionName}</AssumedRoleId></AssumedRoleUser>`,
      );
    }
    return this.error(res, 400, "InvalidAction", `Could not find operation ${params.Action}`);
  }

  private answer(res: http.ServerResponse, action: string, result: string): void {
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(
      `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></${action}Response>`,
    );
  }

  private error(res: http.ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { "content-type": "text/xml" });
    res.end(
      `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>`,
    );
  }
}
