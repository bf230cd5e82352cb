/**
 * A schedule switching a Karpenter NodePool, as Kubernetes CronJobs: Karpenter keeps no node count to
 * set, so off lowers the pool's `nvidia.com/gpu` limit to 0 (no new nodes) and deletes the pool's
 * NodeClaims (Karpenter drains and terminates their nodes gracefully); on restores the limit and
 * Karpenter provisions again for pending pods. Pure: no Pulumi.
 */
import type { KubernetesScaleJob } from "./backends";
import { holidayGuardLines } from "./kubernetes";

/** Name of the service account, cluster role and binding the jobs use. */
export const KARPENTER_SCALER_NAME = "karpenter-shutdown-scheduler";

/** What the jobs act on. */
export interface KarpenterScheduleTarget {
  /** The NodePool object's name. */
  readonly nodePool: string;
  /** The `nvidia.com/gpu` limit restored when switching on (maxNodes x GPUs per node). */
  readonly gpuLimit: number;
  /** Namespace the jobs run in. */
  readonly namespace: string;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell script of one job: holiday guard, then the switch. */
export function karpenterScript(job: KubernetesScaleJob, target: KarpenterScheduleTarget): string {
  return ["set -eu", ...holidayGuardLines(job), ...karpenterSwitchLines(job, target)].join("\n");
}

/** The kubectl lines of one job (after any holiday guard). */
export function karpenterSwitchLines(
  job: Pick<KubernetesScaleJob, "action">,
  target: KarpenterScheduleTarget,
): string[] {
  const limit = job.action === "off" ? 0 : target.gpuLimit;
  const patch = JSON.stringify({ spec: { limits: { "nvidia.com/gpu": String(limit) } } });
  const lines = [`kubectl patch nodepool ${q(target.nodePool)} --type merge -p ${q(patch)}`];
  if (job.action === "off") {
    lines.push(
      `kubectl delete nodeclaims -l ${q(`karpenter.sh/nodepool=${target.nodePool}`)} --wait=false`,
    );
  }
  return lines;
}

/** The jobs' RBAC: patch this NodePool only; list and delete NodeClaims (cluster-scoped objects). */
export function renderKarpenterScalerRbac(
  target: KarpenterScheduleTarget,
  labels: Record<string, string>,
) {
  const name = `${KARPENTER_SCALER_NAME}-${target.nodePool}`.slice(0, 63);
  return {
    serviceAccount: {
      apiVersion: "v1" as const,
      kind: "ServiceAccount" as const,
      metadata: { name, namespace: target.namespace, labels },
    },
    clusterRole: {
      apiVersion: "rbac.authorization.k8s.io/v1" as const,
      kind: "ClusterRole" as const,
      metadata: { name, labels },
      rules: [
        {
          apiGroups: ["karpenter.sh"],
          resources: ["nodepools"],
          resourceNames: [target.nodePool],
          verbs: ["get", "patch"],
        },
        { apiGroups: ["karpenter.sh"], resources: ["nodeclaims"], verbs: ["list", "delete"] },
      ],
    },
    clusterRoleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1" as const,
      kind: "ClusterRoleBinding" as const,
      metadata: { name, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
      subjects: [{ kind: "ServiceAccount", name, namespace: target.namespace }],
    },
  };
}
