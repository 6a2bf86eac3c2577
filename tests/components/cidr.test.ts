import { strict as assert } from "assert";
import { hasHostBits, overlaps, parseCidrV4, subnetCidr } from "../../ground/cidr";

describe("IPv4 CIDR helpers", () => {
  const parseCases: [string, { address: number; prefix: number } | undefined][] = [
    ["10.0.0.0/16", { address: 0x0a000000, prefix: 16 }],
    ["255.255.255.255/32", { address: 0xffffffff, prefix: 32 }],
    ["0.0.0.0/0", { address: 0, prefix: 0 }],
    ["10.0.0.0/33", undefined],
    ["10.0.0.256/24", undefined],
    ["10.0.0.0", undefined],
    ["010.0.0.0/8", undefined],
    ["2001:db8::/32", undefined],
    [" 10.0.0.0/16", undefined],
  ];
  for (const [text, expected] of parseCases) {
    it(`parses ${JSON.stringify(text)} as ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseCidrV4(text), expected);
    });
  }

  const hostBitCases: [string, boolean][] = [
    ["10.0.0.0/16", false],
    ["10.0.0.1/16", true],
    ["10.0.255.0/16", true],
    ["192.168.1.128/25", false],
  ];
  for (const [text, expected] of hostBitCases) {
    it(`says ${text} ${expected ? "has" : "has no"} host bits`, () => {
      assert.equal(hasHostBits(parseCidrV4(text)!), expected);
    });
  }

  const overlapCases: [string, string, boolean][] = [
    ["10.0.0.0/16", "10.1.0.0/16", false],
    ["10.0.0.0/16", "10.0.128.0/17", true],
    ["10.0.0.0/8", "10.200.0.0/16", true],
    ["192.168.0.0/16", "10.0.0.0/8", false],
    ["0.0.0.0/0", "203.0.113.0/24", true],
  ];
  for (const [x, y, expected] of overlapCases) {
    it(`says ${x} and ${y} ${expected ? "overlap" : "are disjoint"}`, () => {
      assert.equal(overlaps(parseCidrV4(x)!, parseCidrV4(y)!), expected);
      assert.equal(overlaps(parseCidrV4(y)!, parseCidrV4(x)!), expected);
    });
  }

  const subnetCases: [string, number, number, string][] = [
    ["10.0.0.0/16", 4, 0, "10.0.0.0/20"],
    ["10.0.0.0/16", 4, 1, "10.0.16.0/20"],
    ["10.0.0.0/16", 4, 15, "10.0.240.0/20"],
    ["192.168.10.0/24", 4, 3, "192.168.10.48/28"],
  ];
  for (const [parent, bits, index, expected] of subnetCases) {
    it(`carves subnet #${index} of /+${bits} from ${parent} as ${expected}`, () => {
      assert.equal(subnetCidr(parent, bits, index), expected);
    });
  }

  it("refuses a subnet index past the end", () => {
    assert.throws(() => subnetCidr("10.0.0.0/16", 4, 16), /has no subnet #16 of \/20/);
  });
});
