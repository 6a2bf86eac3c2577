/**
 * Every policy of the pack, one per file under rules/. No side effects: tests, the offline check
 * and the benchmark import this; index.ts hands it to the PolicyPack.
 */
import { Policies } from "@pulumi/policy";
import { cutOffUsers } from "./rules/cutOffUsers";
import { foundEndpoint } from "./rules/foundEndpoint";
import { ipAccessGroups } from "./rules/ipAccessGroups";
import { ipv4Only } from "./rules/ipv4Only";
import { noEgress } from "./rules/noEgress";
import { noFips } from "./rules/noFips";
import { noGlobalAccelerator } from "./rules/noGlobalAccelerator";
import { oneOwner } from "./rules/oneOwner";
import { pcoipReachability } from "./rules/pcoipReachability";
import { personalOnly } from "./rules/personalOnly";
import { ports } from "./rules/ports";
import { ownDns, privateDns } from "./rules/privateDns";
import { rightService } from "./rules/rightService";
import { uncheckedGroups } from "./rules/uncheckedGroups";

export const PACK_NAME = "workspaces-privatelink";

export const policies: Policies = [
  ipv4Only,
  noFips,
  noGlobalAccelerator,
  rightService,
  foundEndpoint,
  privateDns,
  ownDns,
  ports,
  uncheckedGroups,
  noEgress,
  personalOnly,
  oneOwner,
  pcoipReachability,
  ipAccessGroups,
  cutOffUsers,
];
