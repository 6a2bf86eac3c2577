/**
 * What the configuration knows of AWS regions: which exist, where WorkSpaces runs and in which
 * AZ IDs, and how AZ IDs are named. One table; the region stage and its messages read it.
 */

/**
 * Every region of the aws, aws-cn and aws-us-gov partitions, and for each whether the WorkSpaces
 * API is served there (AWS's endpoint data as botocore 1.43.11 ships it, 2026). WorkSpaces
 * Personal streaming over PrivateLink needs more (the highlander service), which the program looks
 * up in the region before anything else.
 */
export const AWS_REGIONS: Readonly<Record<string, { readonly workspaces: boolean }>> = Object.fromEntries(
  [
    ["af-south-1", true],
    ["ap-east-1", false],
    ["ap-east-2", false],
    ["ap-northeast-1", true],
    ["ap-northeast-2", true],
    ["ap-northeast-3", false],
    ["ap-south-1", true],
    ["ap-south-2", false],
    ["ap-southeast-1", true],
    ["ap-southeast-2", true],
    ["ap-southeast-3", false],
    ["ap-southeast-4", false],
    ["ap-southeast-5", true],
    ["ap-southeast-6", false],
    ["ap-southeast-7", false],
    ["ca-central-1", true],
    ["ca-west-1", false],
    ["eu-central-1", true],
    ["eu-central-2", false],
    ["eu-north-1", false],
    ["eu-south-1", false],
    ["eu-south-2", false],
    ["eu-west-1", true],
    ["eu-west-2", true],
    ["eu-west-3", true],
    ["il-central-1", true],
    ["me-central-1", false],
    ["me-south-1", false],
    ["mx-central-1", false],
    ["sa-east-1", true],
    ["us-east-1", true],
    ["us-east-2", true],
    ["us-west-1", false],
    ["us-west-2", true],
    ["cn-north-1", false],
    ["cn-northwest-1", true],
    ["us-gov-east-1", true],
    ["us-gov-west-1", true],
  ].map(([region, workspaces]) => [region, { workspaces: workspaces as boolean }]),
);

/** The regions where WorkSpaces is served, in the table's order. */
export const WORKSPACES_REGIONS = Object.keys(AWS_REGIONS).filter((r) => AWS_REGIONS[r].workspaces);

/**
 * The AZ IDs where WorkSpaces Personal runs, per region (AWS WorkSpaces Administration Guide,
 * "Availability Zones for WorkSpaces Personal"). AZ *names* map differently in every account; IDs do not.
 */
export const WORKSPACES_AZ_IDS: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["use1-az2", "use1-az4", "use1-az6"],
  "us-west-2": ["usw2-az1", "usw2-az2", "usw2-az3"],
  "ap-south-1": ["aps1-az1", "aps1-az2", "aps1-az3"],
  "ap-northeast-1": ["apne1-az1", "apne1-az4"],
  "ap-northeast-2": ["apne2-az1", "apne2-az3"],
  "ap-southeast-1": ["apse1-az1", "apse1-az2"],
  "ap-southeast-2": ["apse2-az1", "apse2-az3"],
  "ca-central-1": ["cac1-az1", "cac1-az2"],
  "eu-central-1": ["euc1-az2", "euc1-az3"],
  "eu-west-1": ["euw1-az1", "euw1-az2", "euw1-az3"],
  "eu-west-2": ["euw2-az2", "euw2-az3"],
  "sa-east-1": ["sae1-az1", "sae1-az3"],
};

const AZ_ID_DIRECTIONS: Readonly<Record<string, string>> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
  gov: "g",
};

/**
 * The prefix every AZ ID of a region starts with (`ap-northeast-1` -> `apne1`, `us-gov-west-1` ->
 * `usgw1`), or undefined for a region whose naming this does not know (it then checks nothing).
 */
export function azIdPrefix(region: string): string | undefined {
  const parts = region.split("-");
  const words = parts.slice(1, -1).map((word) => AZ_ID_DIRECTIONS[word]);
  if (parts.length < 3 || words.some((w) => w === undefined)) {
    return undefined;
  }
  return `${parts[0]}${words.join("")}${parts[parts.length - 1]}`;
}
