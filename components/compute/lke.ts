/**
 * Akamai LKE pieces of a GPU pool: the node pool on a GPU plan with the LKE autoscaler, labels and
 * taints; the cluster when the stack creates one; and the kubeconfig of an existing cluster found by
 * its label. Helpers of GpuCluster and GpuNodePool.
 */
import * as linode from "@pulumi/linode";
import * as pulumi from "@pulumi/pulumi";

/** Defaults of LKE clusters the stack creates. */
export const LKE_DEFAULTS = {
  /** The non-GPU pool an LKE cluster needs for its own add-ons and the GPU operator's controller. */
  systemPlanType: "g6-standard-2",
  systemNodes: 3,
  highAvailability: true,
} as const;

/** A taint as LKE writes it. */
export interface LkeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** What an LKE GPU node pool needs. */
export interface LkeNodePoolInput {
  readonly clusterId: pulumi.Input<number>;
  /** Linode plan, e.g. `g2-gpu-rtx4000a1-s`. */
  readonly planType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly desiredNodes: number;
  readonly labels: Record<string, string>;
  readonly taints: readonly LkeTaint[];
  /** Linode tags (`key:value` strings; Linode tags are plain labels). */
  readonly tags: readonly string[];
}

/** The node pool's args: a pure function, so tests read exactly what the cloud receives. */
export function lkeNodePoolArgs(input: LkeNodePoolInput): linode.LkeNodePoolArgs {
  return {
    clusterId: input.clusterId,
    type: input.planType,
    nodeCount: input.desiredNodes,
    autoscaler: { min: input.minNodes, max: input.maxNodes },
    labels: input.labels,
    taints: input.taints.map((t) => ({ ...t })),
    tags: [...input.tags],
  };
}

/** Creates the node pool; the LKE autoscaler owns the node count. */
export function createLkeNodePool(
  name: string,
  input: LkeNodePoolInput,
  opts: pulumi.CustomResourceOptions,
): linode.LkeNodePool {
  return new linode.LkeNodePool(name, lkeNodePoolArgs(input), {
    ...opts,
    ignoreChanges: ["nodeCount"],
  });
}

/** What an LKE cluster the stack creates needs. */
export interface LkeClusterInput {
  readonly region: string;
  readonly kubernetesVersion: string;
  readonly tags: readonly string[];
}

/** The cluster's args: one small non-GPU pool; GPU pools are separate node pools. */
export function lkeClusterArgs(label: string, input: LkeClusterInput): linode.LkeClusterArgs {
  return {
    label,
    region: input.region,
    k8sVersion: input.kubernetesVersion,
    controlPlane: { highAvailability: LKE_DEFAULTS.highAvailability },
    pools: [{ type: LKE_DEFAULTS.systemPlanType, count: LKE_DEFAULTS.systemNodes }],
    tags: [...input.tags],
  };
}

/** Linode tags from key/value pairs: `owner:ml-platform`. */
export function linodeTags(tags: Record<string, string>): string[] {
  return Object.entries(tags).map(([k, v]) => `${k}:${v}`);
}

/** An existing LKE cluster, found by its label: its numeric id and decoded kubeconfig. */
export function lookupLkeCluster(
  label: string,
  opts: pulumi.InvokeOutputOptions,
): { id: pulumi.Output<number>; kubeconfig: pulumi.Output<string> } {
  const found = linode.getLkeClustersOutput(
    { filters: [{ name: "label", values: [label] }] },
    opts,
  );
  const id = found.apply((result) => {
    const match = (result.lkeClusters ?? []).find((c) => c.label === label);
    if (match === undefined) {
      throw new Error(`no LKE cluster labelled ${JSON.stringify(label)} in this account`);
    }
    return match.id;
  });
  const cluster = linode.getLkeClusterOutput({ id }, opts);
  return { id, kubeconfig: pulumi.secret(cluster.kubeconfig.apply(decodeKubeconfig)) };
}

/** LKE returns kubeconfigs base64-encoded. */
export function decodeKubeconfig(encoded: string): string {
  return Buffer.from(encoded, "base64").toString("utf8");
}
