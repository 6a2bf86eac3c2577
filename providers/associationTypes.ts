/**
 * The types a program passes to a StreamingEndpointAssociation: plain data, and no dependency's
 * types (they are part of the library's published declarations).
 */

/** A role the association assumes, as pulumi-aws's `assumeRoles` takes one. */
export interface AssumeRole {
  readonly roleArn: string;
  readonly externalId?: string;
  readonly sessionName?: string;
}

/** Upper bounds of every wait, in milliseconds. */
export interface WaitLimits {
  /** An endpoint in `pending` or `pendingAcceptance` becoming `available`. Defaults to 10 minutes. */
  readonly endpointAvailableMs: number;
  /** A directory in `REGISTERING` becoming `REGISTERED`. Defaults to 30 minutes. */
  readonly directoryRegisteredMs: number;
  /** A write showing in a read (the service may be eventually consistent). Defaults to 2 minutes. */
  readonly propagationMs: number;
}

/** What a preview asks an association to read (the `previewRead` input). */
export interface PreviewRead {
  /** The sign-in log, when the setup keeps one: who switching the directory would cut off. */
  readonly signIns?: {
    readonly logGroupName: string;
    /** The ranges the endpoint admits and the routed networks' public egress. */
    readonly routedCidrs: readonly string[];
    /** The window, in days (the cut-over report's default). */
    readonly days: number;
  };
}

/**
 * Serialized by value into the association's provider (Pulumi's closure serializer copies a
 * module so marked), never required by its path: installed under node_modules the library's
 * modules are not exported by those paths, and the state keeps the code it was made with.
 */
export const deploymentOnlyModule = true;
