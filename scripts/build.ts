/**
 * `npm run build`: the library (library.ts and what it imports) as JavaScript and declarations in
 * dist/, the way package.json's `exports` names it. Two emits: the JavaScript without comments (the
 * association's provider is serialized into every stack's state, so its text stays small), the
 * declarations with them (they are the library's documentation). Then the files the components
 * read at run time.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
/** Files the components read beside themselves (`fs.readFileSync(path.join(__dirname, ...))`). */
const ASSETS = ["components/nat-boot.sh", "components/windows-client-setup.ps1"];

const tsc = (...args: string[]) =>
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.lib.json", ...args],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );

fs.rmSync(DIST, { recursive: true, force: true });
tsc();
tsc("--declaration", "--emitDeclarationOnly", "--removeComments", "false");
for (const asset of ASSETS) {
  fs.copyFileSync(path.join(ROOT, asset), path.join(DIST, asset));
}
console.log(`dist/: library.js and its declarations, ${ASSETS.length} assets`);
