/**
 * On-prem pieces of a GPU pool: the machines are already in the team's cluster, so a pool is its
 * declared nodes, labelled and tainted like a cloud pool (server-side apply patches of the Node
 * objects), plus the sharing labels the GPU operator reads. Nothing is bought or started: a shutdown
 * schedule on-prem scales the pool's workloads to zero, the machines stay on.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { POOL_FACT_KEYS, POOL_INVENTORY_KIND } from "../../model/contracts";
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

/** Namespace of the pool inventories in an on-prem cluster. */
export const ONPREM_INVENTORY_NAMESPACE = "hybrid-ai";

/** What a pool's inventory records. */
export interface OnPremInventoryInput {
  readonly pool: string;
  readonly site: string;
  readonly gpu: string;
  readonly gpusPerNode: number;
  readonly nodes: readonly string[];
  readonly hardware?: {
    readonly purchaseUsd: number;
    readonly purchasedOn: string;
    readonly amortizeYears: number;
  };
  readonly sharing: GpuSharing;
  readonly schedule?: { readonly name: string; readonly onHoursPerWeek: number };
  readonly labels: Record<string, string>;
}

/**
 * The pool's inventory as a ConfigMap in the cluster: which machines, how many GPUs, what they cost.
 * It makes the pool one object anyone can read (`kubectl get cm -n hybrid-ai -l
 * hybrid-ai/kind=gpu-pool`), and the one object reviews and guardrails read the pool from.
 */
export function onPremInventoryConfigMap(input: OnPremInventoryInput) {
  const h = input.hardware;
  return {
    apiVersion: "v1" as const,
    kind: "ConfigMap" as const,
    metadata: {
      name: `gpu-pool-${input.pool}`.slice(0, 63),
      namespace: ONPREM_INVENTORY_NAMESPACE,
      labels: { ...input.labels, [POOL_FACT_KEYS.kind]: POOL_INVENTORY_KIND },
    },
    data: {
      site: input.site,
      gpu: input.gpu,
      gpusPerNode: String(input.gpusPerNode),
      nodes: input.nodes.join(" "),
      sharing:
        input.sharing.mode === "time-slicing"
          ? `time-slicing x${input.sharing.replicas}`
          : input.sharing.mode === "mig"
            ? `mig ${input.sharing.profile}`
            : "none",
      ...(h
        ? {
            purchaseUsdPerNode: String(h.purchaseUsd),
            purchasedOn: h.purchasedOn,
            amortizeYears: String(h.amortizeYears),
          }
        : {}),
      ...(input.schedule
        ? {
            schedule: input.schedule.name,
            onHoursPerWeek: String(input.schedule.onHoursPerWeek),
            scheduleEffect: "scales the pool's workloads to zero; the machines stay on",
          }
        : {}),
    },
  };
}
