/**
 * A DNS server on 127.0.0.1 for the tools' tests: it answers A questions for the names it is given
 * (each with its addresses) and NXDOMAIN for any other; RFC 1035's wire format, UDP, nothing else.
 */
import * as dgram from "dgram";
import type { AddressInfo } from "net";

export class DnsStandIn {
  private socket?: dgram.Socket;
  /** `127.0.0.1:<port>` once started: what `--dns-server` takes. */
  address = "";
  /** The names asked, in order. */
  readonly asked: string[] = [];

  constructor(private readonly records: Readonly<Record<string, readonly string[]>>) {}

  async start(): Promise<this> {
    this.socket = dgram.createSocket("udp4");
    this.socket.on("message", (query, from) =>
      this.socket!.send(this.answer(query), from.port, from.address),
    );
    await new Promise<void>((resolve) => this.socket!.bind(0, "127.0.0.1", resolve));
    this.address = `127.0.0.1:${(this.socket.address() as AddressInfo).port}`;
    return this;
  }

  stop(): void {
    this.socket?.close();
  }

  /** The reply to one query: its header and question echoed, with A records or NXDOMAIN. */
  private answer(query: Buffer): Buffer {
    const labels: string[] = [];
    let at = 12;
    while (query[at] !== 0) {
      labels.push(query.subarray(at + 1, at + 1 + query[at]).toString());
      at += query[at] + 1;
    }
    const question = query.subarray(12, at + 5); // name, its end, type and class
    const type = query.readUInt16BE(at + 1);
    const name = labels.join(".").toLowerCase();
    this.asked.push(name);
    const ips = type === 1 ? (this.records[name] ?? []) : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // the ID
    header.writeUInt16BE(0x8180 | (this.records[name] ? 0 : 3), 2); // a response, recursion available; NXDOMAIN for strangers
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(ips.length, 6);
    const answers = ips.map((ip) => {
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0); // the name: the question's
      record.writeUInt16BE(1, 2); // A
      record.writeUInt16BE(1, 4); // IN
      record.writeUInt32BE(60, 6); // TTL
      record.writeUInt16BE(4, 10);
      ip.split(".").forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
      return record;
    });
    return Buffer.concat([header, question, ...answers]);
  }
}
