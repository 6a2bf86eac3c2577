/**
 * A pass-through proxy in front of moto's EC2 that can make chosen VPC endpoints look the way
 * moto cannot: pending for a while, or dualstack (moto ignores IpAddressType and DnsOptions).
 * Everything else is moto's own answer, byte for byte.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface EndpointOverride {
  /** States to report on successive DescribeVpcEndpoints calls; the last one sticks. */
  states?: string[];
  ipAddressType?: string;
  dnsRecordIpType?: string;
}

export class Ec2Overlay {
  readonly overrides = new Map<string, EndpointOverride>();
  /** EC2 actions seen, in order. */
  readonly actions: string[] = [];
  private server?: http.Server;
  url = "";

  constructor(private readonly upstream: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
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
      if (override.states?.length) {
        const state = override.states.length > 1 ? override.states.shift()! : override.states[0];
        rest = rest.replace(/<state>[^<]*<\/state>/, `<state>${state}</state>`);
      }
      xml = xml.slice(0, at) + tag + extra + rest;
    }
    return xml;
  }
}
