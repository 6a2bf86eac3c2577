/**
 * How the WorkspacesStreaming component reads its arguments when a program may be JavaScript: each
 * value checked for its kind and with its ground rule, every problem kept with the argument's path
 * as written in code (`directories[1].directoryId`) and a fix in code. Pure; components/arguments.ts
 * composes these into the component's argument stages.
 */
import * as pulumi from "@pulumi/pulumi";
import { closest } from "../doctor/words";
import { problemList } from "../ground/problems";
import type { Rule } from "../ground/values";

/** A problem with one argument: its path as written in code, and what is wrong and how to fix it. */
export interface ArgumentProblem {
  readonly path: string;
  readonly message: string;
}

/** `path` and `key` joined as code writes them: `streamingEndpoint.vpcId`, `directories[1]`. */
export function at(path: string, key: string | number): string {
  if (typeof key === "number") {
    return `${path}[${key}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}

/** A value as a message shows it. */
export function shown(value: unknown): string {
  if (value === undefined) {
    return "(not set)";
  }
  if (pulumi.Output.isInstance(value)) {
    return "(an Output)";
  }
  if (typeof value === "function") {
    return "(a function)";
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Whether a value is an Output or a Promise: a value the program does not know yet. */
export function isPending(value: unknown): value is pulumi.Output<unknown> | Promise<unknown> {
  return pulumi.Output.isInstance(value) || value instanceof Promise;
}

type Bag = Readonly<Record<string, unknown>>;

/** What the checks of one argument set found: the problems, in order, and the warnings. */
export class Checks {
  readonly problems: ArgumentProblem[] = [];
  readonly warnings: string[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  /** Keeps the problem a rule finds in a value, if any. */
  judge<T>(path: string, value: T, rule: Rule<T>): void {
    const problem = rule(value);
    if (problem) {
      this.add(path, `${shown(value)} ${problem}`);
    }
  }

  /**
   * An object argument (undefined when absent), with every key it has that is not `known` reported:
   * a misspelling is told the key it most likely meant.
   */
  object(value: unknown, path: string, known: readonly string[]): Bag | undefined {
    if (value === undefined) {
      return undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value) || isPending(value)) {
      this.add(path, `${shown(value)} must be an object with some of ${known.join(", ")}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        const guess = closest(key, [...known]);
        this.add(
          at(path, key),
          `is not an argument here${guess ? ` (did you mean "${guess}"?)` : ""}; known: ${known.join(", ")}`,
        );
      }
    }
    return value as Bag;
  }

  /** true or false; `fallback` when absent (undefined: required, `missing` says why). */
  flag(value: unknown, path: string, fallback: boolean | undefined, missing = ""): boolean | undefined {
    if (value === undefined) {
      if (fallback === undefined) {
        this.add(path, `(not set) is required: ${missing}`);
      }
      return fallback;
    }
    if (typeof value !== "boolean") {
      this.add(path, `${shown(value)} must be true or false (a boolean, not ${typeof value})`);
      return undefined;
    }
    return value;
  }

  /** A plain string, checked with `rule`; undefined when absent (or wrong). */
  text(value: unknown, path: string, rule?: Rule<string>): string | undefined {
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== "string") {
      this.add(path, `${shown(value)} must be a string`);
      return undefined;
    }
    if (rule) {
      this.judge(path, value, rule);
    }
    return value;
  }

  /** One of `options` (a string-literal union); `fallback` when absent. */
  choice<T extends string>(value: unknown, path: string, options: readonly T[], fallback?: T): T | undefined {
    if (value === undefined) {
      return fallback;
    }
    if (!options.includes(value as T)) {
      this.add(path, `${shown(value)} is not one of ${options.map((o) => JSON.stringify(o)).join(", ")}`);
      return undefined;
    }
    return value as T;
  }

  /** A number checked with `rule`; `fallback` when absent. */
  number(value: unknown, path: string, rule: Rule<number>, fallback: number): number {
    if (value === undefined) {
      return fallback;
    }
    if (typeof value !== "number" || Number.isNaN(value)) {
      this.add(path, `${shown(value)} must be a number`);
      return fallback;
    }
    this.judge(path, value, rule);
    return value;
  }

  /** A plain list of strings, each checked with `rule`; undefined when absent (or not a list). */
  texts(value: unknown, path: string, rule: Rule<string>): string[] | undefined {
    if (value === undefined) {
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.add(path, `${shown(value)} must be a list of strings (plain values, not an Output)`);
      return undefined;
    }
    value.forEach((item, i) => this.text(item, at(path, i), rule));
    return value.filter((item): item is string => typeof item === "string");
  }

  /**
   * A `pulumi.Input<string>`: a plain string is checked with `rule` now; an Output or a Promise is
   * taken as it is (its value is checked where the component uses it, once known).
   */
  input(value: unknown, path: string, rule: Rule<string>): pulumi.Input<string> | undefined {
    if (value === undefined || isPending(value)) {
      return value as pulumi.Input<string> | undefined;
    }
    return this.text(value, path, rule);
  }

  /** A list of objects: each entry read by `read`; absent is empty. */
  list<T>(value: unknown, path: string, read: (entry: unknown, path: string) => T | undefined): T[] {
    if (value === undefined) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.add(path, `${shown(value)} must be a list`);
      return [];
    }
    return value.flatMap((entry, i) => {
      const read_ = read(entry, at(path, i));
      return read_ === undefined ? [] : [read_];
    });
  }
}

/** Thrown by the component (and `checkSetupInAws`): every problem of its arguments, no stack trace. */
export class ArgumentsError extends pulumi.RunError {
  /** `subject` says whose arguments: `WorkspacesStreaming "streaming"`. */
  constructor(
    readonly subject: string,
    readonly problems: readonly ArgumentProblem[],
  ) {
    super(
      problemList(
        `The arguments of ${subject} have`,
        problems.map((p) => ({ name: p.path, message: p.message })),
      ),
    );
    this.name = "ArgumentsError";
    keepMessage(this); // read as raised, even where it fails an output (a check that waited for one)
  }
}

/**
 * The error as it was raised, whatever later prints it. The SDK prefixes the message of an error
 * that fails an output ("error serializing property \"region\": ..."), once for every output the
 * failure reaches, and the component's outputs all wait on its preflight: a RunError keeps the
 * message it was raised with (its identity is kept too, so the language host reports it once).
 */
export function keepMessage(error: unknown): unknown {
  if (pulumi.RunError.isInstance(error)) {
    const message = error.message;
    Object.defineProperty(error, "message", { get: () => message, set: () => {}, configurable: true });
  }
  return error;
}
