/**
 * What an EC2 instance type name says about the hardware, without asking AWS: the NAT picks its
 * AMI's architecture from it, and config validation refuses a Windows client that cannot boot.
 */

/** The AMI architecture an instance type needs: Graviton families (a1, t4g, c7gn, m6gd...) are arm64. */
export function architectureOf(instanceType: string): "arm64" | "x86_64" {
  return /^(a1|[a-z]+[0-9]+g[a-z]*)\./.test(instanceType) ? "arm64" : "x86_64";
}

/**
 * Types with less than 4 GiB of memory, the least Windows Server 2025 runs on usefully: every
 * nano, micro and small size, and the few older medium and large sizes below 4 GiB.
 */
const BELOW_4_GIB = /^([a-z0-9-]+\.(nano|micro|small)|(m1|m3|c1)\.medium|(c3|c4)\.large)$/;

/**
 * Why the Windows client (Windows Server 2025, x86_64) cannot run on `instanceType`, or undefined
 * when it can as far as the name tells: not a Mac, not Graviton, at least 4 GiB.
 */
export function windowsInstanceTypeProblem(instanceType: string): string | undefined {
  if (/^mac/.test(instanceType)) {
    return 'is a Mac instance, which runs macOS only; Windows Server 2025 needs an x86_64 type, e.g. "t3.medium"';
  }
  if (architectureOf(instanceType) === "arm64") {
    return 'is a Graviton (arm64) type; Windows Server 2025 needs an x86_64 type, e.g. "t3.medium" instead of "t4g.medium"';
  }
  if (BELOW_4_GIB.test(instanceType)) {
    return 'has less than the 4 GiB of memory Windows Server 2025 needs; use e.g. "t3.medium"';
  }
  return undefined;
}
