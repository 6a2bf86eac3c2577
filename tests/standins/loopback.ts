/** An HTTP server on 127.0.0.1 and a free port: the base of the local AWS stand-ins. */
import * as http from "http";
import type { AddressInfo } from "net";

/** The access key ID that signed a request (SigV4 `Credential=`), or undefined. */
export function signerOf(req: http.IncomingMessage): string | undefined {
  return /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1];
}

export abstract class LoopbackServer {
  private server?: http.Server;
  /** `http://127.0.0.1:<port>` once started. */
  url = "";
  /** The access key IDs that signed requests (SigV4 `Credential=`), in order of first use. */
  readonly signers = new Set<string>();

  /** Answers one request whose body has been read whole. */
  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void>;

  async start(): Promise<this> {
    this.server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
      }
      const signer = signerOf(req);
      if (signer) {
        this.signers.add(signer);
      }
      await this.handle(req, res, Buffer.concat(chunks));
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
