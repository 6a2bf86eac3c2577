/**
 * Reads a stack's `Pulumi.<stack>.yaml` into the flat map the Pulumi engine hands a program
 * (`namespace:key` -> text; structured values as JSON). Used to run the program under mocks
 * with a real stack's configuration, without the Pulumi CLI.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

export interface StackConfigFile {
  /** The project's name (Pulumi.yaml): the namespace of its keys, and what the program is run as. */
  readonly project: string;
  /** What the engine would pass in PULUMI_CONFIG. */
  readonly config: Record<string, string>;
  /** Keys whose values are secrets in the file (`secure:` values); their text is not decryptable here. */
  readonly secretKeys: string[];
}

/** The stacks that have a config file in the project root, sorted. */
export function listStacks(root: string = PROJECT_ROOT): string[] {
  return fs
    .readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

export function readStackConfig(stack: string, root: string = PROJECT_ROOT): StackConfigFile {
  const project = (parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name: string }).name;
  const file = parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as {
    config?: Record<string, unknown>;
  } | null;
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [rawKey, value] of Object.entries(file?.config ?? {})) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    if (value !== null && typeof value === "object" && "secure" in value) {
      secretKeys.push(key);
      continue;
    }
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { project, config, secretKeys };
}

/**
 * The program a project runs: Pulumi.yaml's `main` (a file, or a folder with index.ts or
 * index.js) under `root`, else its index.ts.
 */
export function programOf(root: string): string {
  const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { main?: string };
  const main = path.resolve(root, project.main ?? ".");
  if (fs.existsSync(main) && fs.statSync(main).isFile()) {
    return main;
  }
  const index = ["index.ts", "index.js"].map((f) => path.join(main, f)).find((f) => fs.existsSync(f));
  return index ?? path.join(main, "index.ts");
}
