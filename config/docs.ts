/**
 * The configuration table in docs/reference.md, from the data the code runs on: each key's default and meaning
 * from settings.ts, its allowed values from its zod schema (schema.ts). `npm run docs` writes it.
 */
import { z } from "zod";
import { Key, schemas } from "./schema";
import { SETTINGS, SettingKey } from "./settings";

/** A JSON Schema node, as zod writes it; only what the table reads. */
interface JsonSchema {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

/** The schema nodes of a property path: one per branch of a union that has it. */
function nodesAt(root: JsonSchema, path: readonly string[]): JsonSchema[] {
  let nodes = [root];
  for (const part of path) {
    nodes = nodes
      .flatMap((n) => [n, ...(n.oneOf ?? []), ...(n.anyOf ?? [])])
      .map((n) => n.properties?.[part])
      .filter((n): n is JsonSchema => n !== undefined);
  }
  return nodes;
}

/** What a key may hold, in words: its values, or its kind. */
export function allowedValues(key: string): string {
  const [top, ...path] = key.split(".");
  if (!(top in schemas)) {
    return "text";
  }
  const root = z.toJSONSchema(schemas[top as Key], { unrepresentable: "any", io: "input" }) as JsonSchema;
  const nodes = nodesAt(root, path);
  const values = nodes.flatMap((n) => n.enum ?? (n.const === undefined ? [] : [n.const]));
  if (values.length > 0) {
    return [...new Set(values)].map(code).join(", ");
  }
  const node = nodes[0] ?? root;
  switch (node.type) {
    case "boolean":
      return "`true`, `false`";
    case "integer":
      // zod writes the safe-integer range for an unbounded int: no bound worth printing.
      return node.minimum !== undefined &&
        node.maximum !== undefined &&
        node.maximum < Number.MAX_SAFE_INTEGER
        ? `a whole number, ${node.minimum} to ${node.maximum}`
        : "a whole number";
    case "number":
      return node.exclusiveMinimum !== undefined && node.exclusiveMaximum !== undefined
        ? `a number above ${node.exclusiveMinimum} and below ${node.exclusiveMaximum}`
        : "a number";
    case "array":
      return node.items?.type === "object" ? "a list of objects" : "a list";
    default:
      return "text";
  }
}

function allowedOf(key: SettingKey): string {
  const setting = SETTINGS[key] as { allowedText?: string };
  return setting.allowedText ?? allowedValues(key);
}

function defaultOf(key: SettingKey): string {
  const setting = SETTINGS[key] as { default?: unknown; defaultText?: string };
  return setting.defaultText ?? code(setting.default);
}

/** The configuration table, as Markdown (prettier formats it in docs/reference.md). */
export function configTable(): string {
  const rows = (Object.keys(SETTINGS) as SettingKey[]).map((key) => [
    code(key),
    defaultOf(key),
    allowedOf(key),
    SETTINGS[key].meaning,
  ]);
  return [
    "| key | default | allowed | meaning |",
    "| --- | --- | --- | --- |",
    ...rows.map((cells) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`),
  ].join("\n");
}
