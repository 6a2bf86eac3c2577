#!/usr/bin/env node
/**
 * `npm run build` (and `prepare`, which npm runs on `npm ci` here, on `npm pack`, and on an install
 * from git): the library, its tools and its testing helpers as JavaScript and declarations in
 * dist/, the way package.json's `exports` and `bin` name them. Two emits: the JavaScript without
 * comments (the association's provider is serialized into every stack's state, so its text stays
 * small), the declarations with them (they are the library's documentation). Then the files the
 * components read at run time. Plain Node.js: it needs TypeScript, and nothing else.
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
/** Files the components read beside themselves (`fs.readFileSync(path.join(__dirname, ...))`). */
const ASSETS = ["components/nat-boot.sh", "components/windows-client-setup.ps1"];

let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
} catch {
  if (fs.existsSync(path.join(DIST, "library.js"))) {
    console.log("dist/ is built already (no TypeScript here to build it again)");
    process.exit(0);
  }
  console.error(
    "workspaces-privatelink: nothing here builds dist/: TypeScript, a devDependency, is not installed. " +
      "Install the package from a tarball of `npm pack`, your registry or a git URL (npm builds it then), " +
      "or run `npm ci` in this folder before installing it from the folder.",
  );
  process.exit(1);
}

/** tsc on a project; its errors are on the terminal already, so a failure ends without a trace. */
const run = (project, ...args) => {
  try {
    execFileSync(process.execPath, [tsc, "-p", project, ...args], { cwd: ROOT, stdio: "inherit" });
  } catch {
    console.error(`workspaces-privatelink: the build of ${project} failed (above)`);
    process.exit(1);
  }
};

fs.rmSync(DIST, { recursive: true, force: true });
run("tsconfig.lib.json"); // the library and its testing helpers...
run("tsconfig.lib.json", "--declaration", "--emitDeclarationOnly", "--removeComments", "false");
run("tsconfig.tools.json"); // ...and the commands, which need no declarations
for (const asset of ASSETS) {
  fs.copyFileSync(path.join(ROOT, asset), path.join(DIST, asset));
}
fs.chmodSync(path.join(DIST, "cli.js"), 0o755);
policyPack();
console.log(
  `dist/: library.js, cli.js, testing/ and their declarations, ${ASSETS.length} assets; policy-pack/`,
);

/**
 * The policy pack as JavaScript, a pack of its own in dist/policy-pack: what
 * `pulumi preview --policy-pack node_modules/workspaces-privatelink/dist/policy-pack` runs once its
 * dependencies are installed there. Pulumi's policy host compiles a TypeScript pack with ts-node,
 * which leaves files under node_modules alone, so the pack's source cannot run from an installed
 * package; its JavaScript can, and needs no compiler.
 */
function policyPack() {
  run("tsconfig.pack.json");
  const out = path.join(DIST, "policy-pack");
  fs.copyFileSync(path.join(ROOT, "policy", "PulumiPolicy.yaml"), path.join(out, "PulumiPolicy.yaml"));
  const source = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "package.json"), "utf8"));
  const dependencies = { ...source.dependencies };
  delete dependencies.typescript; // JavaScript: nothing to compile
  const manifest = {
    name: source.name,
    version: JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
    private: true,
    description: source.description.replace(/ TypeScript: .*$/, ""),
    main: "index.js",
    dependencies,
  };
  fs.writeFileSync(path.join(out, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}
