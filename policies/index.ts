/**
 * The CrossGuard entry: `pulumi preview --policy-pack policies`. The only file that constructs the
 * PolicyPack (constructing one starts a gRPC server; a second one in a process exits it), so nothing
 * else may import this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { guardrailPolicies } from "./registry";

new PolicyPack("hybrid-ai-guardrails", {
  policies: guardrailPolicies.map((p) => ({ ...p, remediationSteps: p.remediation })),
});
