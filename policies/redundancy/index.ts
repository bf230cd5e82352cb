/** Redundancy guardrails. */
import type { GuardrailPolicy } from "../types";
import { bucketRequireVersioningReplication } from "./bucketVersioningReplication";
import { poolRequireMinNodes } from "./poolMinNodes";
import { poolRequireMultiZone } from "./poolMultiZone";
import { workloadRequirePdb } from "./workloadPdb";
import { workloadRequireReplicas } from "./workloadReplicas";

export const redundancyPolicies: GuardrailPolicy[] = [
  poolRequireMultiZone,
  poolRequireMinNodes,
  workloadRequireReplicas,
  workloadRequirePdb,
  bucketRequireVersioningReplication,
];
