import { configSchema } from "../lib";
import type { GuardrailPolicy } from "../types";
import { nameViolations } from "../../model/rules/deployChecks";
import { checked } from "./resource";

/**
 * `deploy-names-enforce-limits` (severity high, mandatory): a name, id, tag or label value over its cloud's limit or outside its alphabet is refused by the API during `pulumi up`, often half-way through. Auto-named properties are checked as the provider would name them (resource name plus 8 characters).
 */
export const deployNamesEnforceLimits: GuardrailPolicy = {
  name: "deploy-names-enforce-limits",
  description: "Names, ids, tags and labels fit the limits the clouds and Kubernetes enforce.",
  area: "deploy",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Shorten the config names that build the name (cluster, pool, site, model), or set the property to a name that fits; model/naming.ts fits names with a stable hash.",
  configSchema: configSchema({}),
  validateResource: (args, reportViolation) => {
    for (const message of nameViolations(checked(args))) {
      reportViolation(message);
    }
  },
};
