/**
 * The project's pages (README.md, DEVELOPERS.md and docs/): every relative link leads to a file
 * and, with a #fragment, to a heading there (as GitHub names its anchors); every `npm run X` they
 * name is a script of package.json; the front page stays a front page and leads to every guide.
 * Markdown is read with markdown-it, so links and headings inside code blocks are not counted.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import MarkdownIt from "markdown-it";
import * as path from "path";
import * as ts from "typescript";
import { main as cliMain } from "../../cli";
import { policies } from "../../policy/policies";
import { PROJECT_ROOT } from "../../scripts/stackConfig";

const markdown = new MarkdownIt();
const DOCS = path.join(PROJECT_ROOT, "docs");
const PAGES = [
  "README.md",
  "DEVELOPERS.md",
  ...fs
    .readdirSync(DOCS)
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];

/** A heading's anchor as GitHub writes it: lower case, punctuation dropped, each space a dash. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** The text of an inline token as it shows (code without its backticks, links without their targets). */
const shownText = (inline: Token) =>
  (inline.children ?? [])
    .filter((c) => c.type === "text" || c.type === "code_inline")
    .map((c) => c.content)
    .join("");

/** Every anchor of a page, a repeated heading numbered as GitHub does (`name`, `name-1`, ...). */
function anchorsOf(tokens: Token[]): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== "heading_open") {
      return;
    }
    const base = anchorOf(shownText(tokens[i + 1]));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  });
  return anchors;
}

const parsed = new Map<string, Token[]>();
function tokensOf(file: string): Token[] {
  if (!parsed.has(file)) {
    parsed.set(file, markdown.parse(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8"), {}));
  }
  return parsed.get(file)!;
}

/** The link targets of a page, outside code. */
function linksOf(file: string): string[] {
  return tokensOf(file)
    .flatMap((t) => t.children ?? [])
    .filter((c) => c.type === "link_open")
    .map((c) => String(c.attrGet("href") ?? ""));
}

/** What is wrong with one link of `page`, or undefined when it leads somewhere. */
function brokenLink(page: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
    return undefined; // https:, mailto: — not this test's to check (no internet here)
  }
  const [target, fragment] = href.split("#", 2);
  const file = target === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), target));
  if (file.startsWith("..") || !fs.existsSync(path.join(PROJECT_ROOT, file))) {
    return `${page}: (${href}) leads to ${file}, which does not exist`;
  }
  if (fragment === undefined) {
    return undefined;
  }
  if (!file.endsWith(".md")) {
    return `${page}: (${href}) has an anchor into ${file}, which is not a page`;
  }
  return anchorsOf(tokensOf(file)).has(fragment)
    ? undefined
    : `${page}: (${href}) names #${fragment}, which is no heading of ${file}`;
}

describe("the project's pages", () => {
  it("are the front page, the pointer to the development guide, and the guides", () => {
    assert.deepEqual(PAGES, [
      "README.md",
      "DEVELOPERS.md",
      "docs/association.md",
      "docs/aws-facts.md",
      "docs/connect.md",
      "docs/cost.md",
      "docs/cutover.md",
      "docs/development.md",
      "docs/lab.md",
      "docs/library.md",
      "docs/monitoring.md",
      "docs/policy.md",
      "docs/production.md",
      "docs/reference.md",
    ]);
  });

  it("link only to files and headings that exist", () => {
    const broken = PAGES.flatMap((page) => linksOf(page).flatMap((href) => brokenLink(page, href) ?? []));
    assert.deepEqual(broken, []);
  });

  it("name only npm scripts that package.json has", () => {
    const scripts = Object.keys(
      (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: object })
        .scripts,
    );
    const named = PAGES.flatMap((page) =>
      [...fs.readFileSync(path.join(PROJECT_ROOT, page), "utf8").matchAll(/npm run (?:-s )?([\w:.-]+)/g)].map(
        (m) => ({ page, script: m[1].replace(/[.:]+$/, "") }),
      ),
    );
    assert.ok(named.length > 20, `the pages name ${named.length} scripts`);
    assert.deepEqual(
      named.filter((n) => !scripts.includes(n.script)),
      [],
    );
  });

  it("name only the package's commands, with options their usage lists", async () => {
    const named = PAGES.flatMap((page) =>
      [
        ...fs
          .readFileSync(path.join(PROJECT_ROOT, page), "utf8")
          .matchAll(/npx workspaces-privatelink ([a-z][\w-]*)([^\n`|#;]*)/g),
      ].map((m) => ({ page, command: m[1], options: [...m[2].matchAll(/--[\w-]+/g)].map((o) => o[0]) })),
    );
    assert.ok(named.length > 15, `the pages name ${named.length} commands`);
    const usages = new Map<string, string>();
    for (const command of new Set(named.map((n) => n.command))) {
      let usage = "";
      const status = await cliMain([command, "--help"], {
        out: (text) => (usage += text),
        err: (text) => (usage += text),
      });
      usages.set(command, status === 0 ? usage : "");
    }
    assert.deepEqual(
      named.flatMap((n) => {
        const usage = usages.get(n.command)!;
        if (usage === "") return [`${n.page}: ${n.command} is not a command`];
        return n.options
          .filter((o) => o !== "--help" && !usage.includes(o))
          .map((o) => `${n.page}: ${n.command} ${o}`);
      }),
      [],
    );
  });

  it("keep the front page within about 250 lines, one link from every guide", () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    assert.ok(readme.split("\n").length <= 250, `README.md has ${readme.split("\n").length} lines`);
    const linked = new Set(linksOf("README.md").map((href) => href.split("#")[0]));
    assert.deepEqual(
      PAGES.filter((p) => p.startsWith("docs/") && !linked.has(p)),
      [],
    );
  });

  it("list every policy of the pack in docs/policy.md, with its level", () => {
    const rows = [
      ...fs.readFileSync(path.join(DOCS, "policy.md"), "utf8").matchAll(/^\| `([\w-]+)` +\| (\w+) /gm),
    ];
    assert.deepEqual(
      rows.map((r) => `${r[1]} ${r[2]}`).sort(),
      policies.map((p) => `${p.name} ${p.enforcementLevel}`).sort(),
    );
  });

  it("show TypeScript that compiles against the library as a user installs it", function () {
    this.timeout(120_000);
    // Each ```ts block, as if it were a file of examples/ (where `workspaces-privatelink` resolves
    // to the built package, as in a user's project), type-checked with the project's settings.
    const snippets = new Map<string, string>();
    for (const page of PAGES) {
      tokensOf(page)
        .filter((t) => t.type === "fence" && t.info.trim() === "ts")
        .forEach((t, i) => {
          snippets.set(
            path.join(PROJECT_ROOT, "examples", "pages", `${page.replace(/\W/g, "-")}-${i}.ts`),
            t.content,
          );
        });
    }
    assert.ok(snippets.size >= 3, `${snippets.size} TypeScript blocks`);
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(PROJECT_ROOT, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) =>
          assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
      },
    )!;
    const host = ts.createCompilerHost(config.options);
    const read = host.readFile.bind(host);
    const exists = host.fileExists.bind(host);
    host.readFile = (file) => snippets.get(path.resolve(file)) ?? read(file);
    host.fileExists = (file) => snippets.has(path.resolve(file)) || exists(file);
    const program = ts.createProgram({
      rootNames: [...snippets.keys()],
      options: { ...config.options, noEmit: true },
      host,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? path.relative(PROJECT_ROOT, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      );
    assert.deepEqual(problems, []);
  });

  describe("the link check itself", () => {
    it("names anchors as GitHub does", () => {
      assert.equal(
        anchorOf("Before you cut over: who would be cut off"),
        "before-you-cut-over-who-would-be-cut-off",
      );
      assert.equal(anchorOf("Who owns a directory's streaming"), "who-owns-a-directorys-streaming");
      assert.equal(anchorOf("directory.type"), "directorytype");
      assert.equal(
        anchorOf("The network you have (network: existing)"),
        "the-network-you-have-network-existing",
      );
      assert.equal(anchorOf("Node.js 22 & 24"), "nodejs-22--24");
    });

    it("finds a missing file, a missing heading, and nothing in a code block", () => {
      assert.equal(brokenLink("docs/lab.md", "production.md"), undefined);
      assert.equal(brokenLink("docs/lab.md", "#take-it-down"), undefined);
      assert.equal(brokenLink("README.md", "docs/lab.md#take-it-down"), undefined);
      assert.equal(brokenLink("README.md", "examples/existing-directory"), undefined);
      assert.equal(
        brokenLink("docs/lab.md", "prodution.md"),
        "docs/lab.md: (prodution.md) leads to docs/prodution.md, which does not exist",
      );
      assert.equal(
        brokenLink("docs/lab.md", "#take-it-up"),
        "docs/lab.md: (#take-it-up) names #take-it-up, which is no heading of docs/lab.md",
      );
      assert.equal(
        brokenLink("docs/lab.md", "../../outside.md"),
        "docs/lab.md: (../../outside.md) leads to ../outside.md, which does not exist",
      );
      const inCode = markdown.parse("```\n[a](nowhere.md)\n# not a heading\n```\n`[b](nor.md)`\n", {});
      assert.deepEqual(
        inCode.flatMap((t) => t.children ?? []).filter((c) => c.type === "link_open"),
        [],
      );
      assert.deepEqual([...anchorsOf(inCode)], []);
    });

    it("numbers a repeated heading as GitHub does", () => {
      assert.deepEqual(
        [...anchorsOf(markdown.parse("# Users\n\n## Users\n\n## Users\n", {}))],
        ["users", "users-1", "users-2"],
      );
    });
  });
});
