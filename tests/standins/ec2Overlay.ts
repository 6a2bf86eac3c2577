/**
 * A pass-through proxy in front of moto's EC2 that can make chosen VPC endpoints look the way
 * moto cannot: pending for a while, or dualstack (moto ignores IpAddressType and DnsOptions).
 * Everything else is moto's own answer, byte for byte.
 */
import * as http from "http";
import { LoopbackServer } from "./loopback";

export interface EndpointOverride {
  /** States to report on successive DescribeVpcEndpoints calls; the last one sticks. */
  states?: string[];
  ipAddressType?: string;
  dnsRecordIpType?: string;
  /** Reported instead of moto's privateDnsEnabled. */
  privateDnsEnabled?: boolean;
  /** Reported instead of moto's ownerId (another account's endpoint). */
  ownerId?: string;
}

export class Ec2Overlay extends LoopbackServer {
  readonly overrides = new Map<string, EndpointOverride>();
  /** EC2 actions seen, in order. */
  readonly actions: string[] = [];
  constructor(private readonly upstream: string) {
    super();
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const action = new URLSearchParams(body.toString()).get("Action") ?? "";
    this.actions.push(action);
    const upstream = await fetch(`${this.upstream}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k]) => !["host", "content-length", "connection"].includes(k),
        ) as [string, string][],
      ),
      body: req.method === "GET" ? undefined : body,
    });
    let text = await upstream.text();
    if (action === "DescribeVpcEndpoints") {
      text = this.rewrite(text);
    }
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/xml" });
    res.end(text);
  }

  private rewrite(xml: string): string {
    for (const [id, override] of this.overrides) {
      const tag = `<vpcEndpointId>${id}</vpcEndpointId>`;
      const at = xml.indexOf(tag);
      if (at < 0) {
        continue;
      }
      let extra = "";
      if (override.ipAddressType) {
        extra += `<ipAddressType>${override.ipAddressType}</ipAddressType>`;
      }
      if (override.dnsRecordIpType) {
        extra += `<dnsOptions><dnsRecordIpType>${override.dnsRecordIpType}</dnsRecordIpType></dnsOptions>`;
      }
      let rest = xml.slice(at + tag.length);
      if (override.privateDnsEnabled !== undefined) {
        rest = rest.replace(
          /<privateDnsEnabled>[^<]*<\/privateDnsEnabled>/,
          `<privateDnsEnabled>${override.privateDnsEnabled}</privateDnsEnabled>`,
        );
      }
      if (override.ownerId) {
        rest = rest.replace(/<ownerId>[^<]*<\/ownerId>/, `<ownerId>${override.ownerId}</ownerId>`);
      }
      if (override.states?.length) {
        const state = override.states.length > 1 ? override.states.shift()! : override.states[0];
        rest = rest.replace(/<state>[^<]*<\/state>/, `<state>${state}</state>`);
      }
      xml = xml.slice(0, at) + tag + extra + rest;
    }
    return xml;
  }
}
