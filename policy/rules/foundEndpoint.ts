import { endpointFactsProblems } from "../facts";
import { label, streamingPolicy, tryRead, undecided } from "../streaming";

/**
 * Rule 14. An endpoint the stack streams through but does not make (one you have) is judged on
 * what is known of it: what the association observed, or what the program read during preview.
 */
export const foundEndpoint = streamingPolicy({
  name: "workspaces-streaming-found-endpoint",
  description:
    "An endpoint you have must be what streaming needs: an available IPv4 Interface endpoint for the directory's region's highlander service, with private DNS on (or your own DNS for the name).",
  enforcementLevel: "mandatory",
  validate: (t, reportViolation) => {
    const open: string[] = [];
    for (const association of t.associations) {
      const found = t.foundEndpointOf(association);
      if (found === undefined) {
        continue; // the stack makes the endpoint: the other rules judge the resource itself
      }
      if ("unknown" in found) {
        open.push(found.unknown);
        continue;
      }
      const e = found.known;
      const region = String(tryRead(() => association.props.region) ?? "");
      const at = `${label(association)} streams through ${e.vpcEndpointId} (${found.source}), which`;
      const problems = endpointFactsProblems(e, {
        region: region === "" ? undefined : region,
        ownDns: tryRead(() => association.props.ownDns) === true,
        ownDnsSetting: "ownDns: true",
      });
      for (const problem of problems) {
        reportViolation(`${at} ${problem}.`, association.urn);
      }
    }
    if (open.length > 0) {
      undecided(open.join("; "));
    }
  },
});
