/**
 * How the policies read a resource's values and name a resource. A value unknown during preview is
 * never guessed: reading it throws CrossGuard's UnknownValueError, and the policy reports that it
 * could not decide.
 */
import { UnknownValueError } from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";

/** `VpcEndpoint "streaming-endpoint"`: how messages name a resource. */
export function label(resource: { type: string; name: string }): string {
  return `${resource.type.split(":").pop()} "${resource.name}"`;
}

/** Reads a value that may be unknown during preview, treating unknown as absent (for optional links only). */
export function tryRead(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) {
      return undefined;
    }
    throw error;
  }
}

/** Stops a policy with "could not decide", and why (CrossGuard reports it as advisory). */
export function undecided(reason: string): never {
  // The class wants the marker of an unknown value; the message is then replaced by the reason.
  const marker = (proxy as unknown as { unknownObjectValue: string }).unknownObjectValue;
  const error = new UnknownValueError(marker, []);
  error.message = reason;
  throw error;
}
