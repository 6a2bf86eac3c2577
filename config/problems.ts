/**
 * Configuration problems and how they read: the full key path, the bad value and the fix, and the
 * setting a misspelled key meant.
 */
import { closest } from "../doctor/words";
import { problemList } from "../ground/problems";

/** Which word a mistyped one meant: one implementation, shared with the doctor (plain Node.js). */
export { closest, editDistance } from "../doctor/words";

export const PROJECT = "workspaces-privatelink";

/** A configuration problem: the full key path (`workspaces-privatelink:sourceVpc.cidr`) and what to do. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

/** Thrown when the configuration is invalid; `problems` lists every one found. */
export class ConfigError extends Error {
  /** `subject` names what holds the problems (a stack's configuration, or a program's settings), with its verb. */
  constructor(
    readonly problems: readonly ConfigProblem[],
    subject = "The stack configuration has",
  ) {
    super(
      problemList(
        subject,
        problems.map((p) => ({ name: p.key, message: p.message })),
      ),
    );
    this.name = "ConfigError";
  }
}

// ---- turning zod's issues into messages a user can act on ----

export function describeValue(value: unknown): string {
  return value === undefined ? "(not set)" : JSON.stringify(value);
}

export function lookup(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const part of path) {
    if (node === null || typeof node !== "object") {
      return undefined;
    }
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

export function keyPath(key: string, path: readonly PropertyKey[]): string {
  let text = `${PROJECT}:${key}`;
  for (const part of path) {
    text += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return text;
}

export function unknownKeyMessage(name: string, known: readonly string[], removeWith: string): string {
  const guess = closest(name, known);
  return (
    `is not a setting of ${PROJECT}` +
    (guess ? ` (did you mean "${guess}"?)` : "") +
    `; known: ${known.join(", ")}. Remove it with: ${removeWith}`
  );
}
