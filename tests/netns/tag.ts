/**
 * A tag unique to this test process, for the names of network namespaces and links the tests make:
 * two runs on one machine (two checkouts, a CI job beside a local run) never share a name. The
 * process ID alone can repeat across PID namespaces; the random part makes a clash negligible.
 * At most 9 characters, so that a link name with its prefix stays within Linux's 15.
 */
import { randomBytes } from "crypto";

export const RUN_TAG = `${process.pid.toString(36).slice(-5)}${randomBytes(2).toString("hex")}`;
