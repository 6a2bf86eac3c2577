/**
 * EC2 semantics from moto (`python3 -m moto.server`), started by the tests on 127.0.0.1 and
 * stopped by them. Where moto is missing the caller skips with the returned reason, except under
 * CI=true, where that is a failure.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as http from "http";

export interface MotoServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Why moto cannot run here, or undefined when it can. */
export function motoMissing(): string | undefined {
  const probe = spawnSync("python3", ["-c", "import moto.server, moto; print(moto.__version__)"], {
    encoding: "utf8",
  });
  if (probe.error) {
    return `python3 is not available (${probe.error.message})`;
  }
  return probe.status === 0
    ? undefined
    : `moto is not installed for python3 (pip install 'moto[server]'): ${probe.stderr.trim().split("\n").pop()}`;
}

/** Throws under CI (a missing stand-in there is a broken machine); otherwise returns the reason to skip. */
export function skipReasonOrThrow(reason: string): string {
  if (process.env.CI === "true") {
    throw new Error(`required under CI=true: ${reason}`);
  }
  return reason;
}

function ping(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/moto-api/`, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.setTimeout(500, () => req.destroy());
  });
}

export async function startMoto(): Promise<MotoServer> {
  // Port 0: the kernel picks a free port as moto binds it, and moto prints it, so two test runs
  // on one machine can never pick the same one (a port found free and then released could be).
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`moto did not start within 30 s: ${stderr}`));
    }, 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
      const running = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (running) {
        clearTimeout(timer);
        resolve(running[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited with ${code} before it listened: ${stderr}`));
    });
  });
  child.removeAllListeners("exit");
  for (const deadline = Date.now() + 30_000; !(await ping(url));) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`moto did not answer on ${url}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          return resolve();
        }
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
