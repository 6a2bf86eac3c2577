#!/usr/bin/env node
/**
 * The real Pulumi engine, for the engine tests and for you (docs/development.md, "The engine tier").
 *
 *   npm run engine:build            builds pulumi and pulumi-language-nodejs from engine/ (Go), once
 *   npm run engine -- <arguments>   runs that pulumi (or the one on your PATH) in the folder npm was
 *                                   started from, with the stand-in aws and tls providers and the
 *                                   local AWS stand-ins, a local backend, nothing on the network
 *
 * The build is kept in a cache keyed by everything it is made from (engine/'s go.mod, go.sum and
 * sources, the Go version), outside the checkout, so a fresh clone on the same machine reuses it.
 * Plain Node.js, so that it runs before anything is compiled.
 */
const { execFileSync, spawnSync } = require("child_process");
const { createHash } = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const ENGINE = path.join(ROOT, "engine");
/** The Pulumi version engine/go.mod pins (checked against it below). */
const PULUMI_VERSION = "3.248.0";
const BINARIES = ["pulumi", "pulumi-language-nodejs"];

/** Where builds are kept: one folder per input hash. */
function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "workspaces-privatelink", "engine");
}

/** `go` on the PATH, or undefined. */
function goCommand() {
  const found = spawnSync("go", ["version"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The hash of what a build is made from. */
function inputsHash(goVersion) {
  const hash = createHash("sha256");
  hash.update(`${goVersion}\n${PULUMI_VERSION}\n`);
  const files = ["go.mod", "go.sum"].concat(
    fs
      .readdirSync(path.join(ENGINE, "pulumi-language-nodejs"))
      .filter((f) => f.endsWith(".go"))
      .sort()
      .map((f) => path.join("pulumi-language-nodejs", f)),
  );
  for (const file of files) {
    hash.update(`${file}\n`);
    hash.update(fs.readFileSync(path.join(ENGINE, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The folder with `pulumi` and `pulumi-language-nodejs` built from engine/, building it first
 * if the cache has no build of these inputs. Returns { dir, built, seconds } or { missing }.
 */
function ensureBuilt(log = (line) => process.stderr.write(`${line}\n`)) {
  const goVersion = goCommand();
  if (!goVersion) {
    return { missing: "Go is not installed (go is not on the PATH) to build the engine from engine/" };
  }
  const pinned = fs.readFileSync(path.join(ENGINE, "go.mod"), "utf8").match(/pulumi\/pkg\/v3 v(\S+)/);
  if (!pinned || pinned[1] !== PULUMI_VERSION) {
    throw new Error(
      `engine/go.mod pins pkg/v3 ${pinned && pinned[1]}, scripts/engine.js says ${PULUMI_VERSION}`,
    );
  }
  const dir = path.join(cacheRoot(), `${PULUMI_VERSION}-${inputsHash(goVersion)}`);
  if (BINARIES.every((b) => fs.existsSync(path.join(dir, b)))) {
    return { dir, built: false, seconds: 0 };
  }
  const started = Date.now();
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-buildvcs=false -mod=readonly" };
  const flags = [
    "-trimpath",
    "-tags",
    "osusergo,grpcnotrace",
    "-ldflags",
    `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}`,
  ];
  const packages = {
    pulumi: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    "pulumi-language-nodejs": "./pulumi-language-nodejs",
  };
  for (const binary of BINARIES) {
    log(`engine: building ${binary} ${PULUMI_VERSION} with ${goVersion} (the first build takes minutes)`);
    execFileSync("go", ["build", ...flags, "-o", path.join(partial, binary), packages[binary]], {
      cwd: ENGINE,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  const seconds = (Date.now() - started) / 1000;
  log(`engine: built in ${seconds.toFixed(0)} s into ${dir}`);
  return { dir, built: true, seconds };
}

/**
 * The engine to run: the build of engine/ when Go is here, else a `pulumi` on the PATH, else why
 * neither. Returns { pulumi, binDir, source } or { missing }.
 */
function locateEngine(log) {
  if (process.env.WORKSPACES_PRIVATELINK_ENGINE !== "path") {
    const built = ensureBuilt(log);
    if (!("missing" in built)) {
      return { pulumi: path.join(built.dir, "pulumi"), binDir: built.dir, source: "built", build: built };
    }
    const onPath = spawnSync("pulumi", ["version"], { encoding: "utf8" });
    if (onPath.status !== 0) {
      return { missing: `${built.missing}, and no pulumi CLI is on the PATH` };
    }
  }
  const which = spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).stdout.trim();
  if (!which) {
    return { missing: "no pulumi CLI is on the PATH" };
  }
  return { pulumi: which, binDir: path.dirname(fs.realpathSync(which)), source: "path" };
}

module.exports = { ensureBuilt, locateEngine, PULUMI_VERSION, cacheRoot };

if (require.main === module) {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "build") {
    const built = ensureBuilt();
    if ("missing" in built) {
      process.stderr.write(`engine: ${built.missing}\n`);
      process.exit(1);
    }
    process.stdout.write(`${built.dir}${built.built ? "" : " (cached)"}\n`);
  } else if (command === "run") {
    require("ts-node").register({ transpileOnly: true, project: path.join(ROOT, "tsconfig.json") });
    require("../tests/engine/run")
      .main(rest)
      .then((status) => process.exit(status));
  } else {
    process.stderr.write(
      "engine: say build or run\nusage: node scripts/engine.js build | run <pulumi arguments>\n",
    );
    process.exit(2);
  }
}
