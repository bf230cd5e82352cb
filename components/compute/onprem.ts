/**
 * On-prem pieces of a GPU pool: the machines are already in the team's cluster, so a pool is its
 * declared nodes, labelled and tainted like a cloud pool (server-side apply patches of the Node
 * objects), plus the sharing labels the GPU operator reads. Nothing is bought or started: a shutdown
 * schedule on-prem scales the pool's workloads to zero, the machines stay on.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { GPU_OPERATOR_NODE_LABELS, type GpuSharing } from "./gpuOperator";

/** A taint as Kubernetes writes it. */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** What the patch of one declared node needs. */
export interface OnPremNodeInput {
  /** The Node object's name (`kubectl get nodes`). */
  readonly node: string;
  readonly labels: Record<string, string>;
  readonly taints: readonly NodeTaint[];
  readonly sharing: GpuSharing;
  /** The pool's device-plugin config entry (its name), used with time-slicing. */
  readonly pool: string;
}

/** Labels of a node: the pool's, plus what the GPU operator reads for sharing. */
export function onPremNodeLabels(input: OnPremNodeInput): Record<string, string> {
  const sharing: Record<string, string> =
    input.sharing.mode === "time-slicing"
      ? { [GPU_OPERATOR_NODE_LABELS.devicePluginConfig]: input.pool }
      : input.sharing.mode === "mig"
        ? { [GPU_OPERATOR_NODE_LABELS.migConfig]: input.sharing.profile }
        : {};
  return { ...input.labels, ...sharing };
}

/** The NodePatch args: pure, so tests read exactly what the API server receives. */
export function onPremNodePatchArgs(input: OnPremNodeInput): k8s.core.v1.NodePatchArgs {
  return {
    metadata: {
      name: input.node,
      labels: onPremNodeLabels(input),
      // Take over these labels and taints even if an earlier kubectl set them.
      annotations: { "pulumi.com/patchForce": "true" },
    },
    spec: { taints: input.taints.map((t) => ({ ...t })) },
  };
}

/** Patches one declared node. */
export function createOnPremNodePatch(
  name: string,
  input: OnPremNodeInput,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.NodePatch {
  return new k8s.core.v1.NodePatch(name, onPremNodePatchArgs(input), opts);
}
