/**
 * The NVIDIA GPU Operator as a Helm release on clusters that ship no GPU stack (Akamai LKE, on-prem)
 * or whose driver the operator takes over (AKS pools with the AKS driver skipped). The chart version is
 * data (model/catalog/software.ts), never a default here.
 *
 * GPU sharing, per pool:
 * - time-slicing: the device plugin advertises each GPU `replicas` times (`nvidia.com/gpu`), the
 *   operator's documented `devicePlugin.config` ConfigMap with one entry per pool, selected on a node
 *   by its `nvidia.com/device-plugin.config` label;
 * - MIG: the MIG manager partitions GPUs by the `nvidia.com/mig.config` node label (a profile from the
 *   operator's default MIG config, e.g. `all-1g.10gb`), with the `single` strategy so pods still ask
 *   for `nvidia.com/gpu`.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { GPU_OPERATOR_CHART } from "../../model/catalog/software";

/** Namespace the operator runs in. */
export const GPU_OPERATOR_NAMESPACE = "gpu-operator";

/** Node labels the operator reads to configure a node. */
export const GPU_OPERATOR_NODE_LABELS = {
  devicePluginConfig: "nvidia.com/device-plugin.config",
  migConfig: "nvidia.com/mig.config",
} as const;

/** How a pool shares its GPUs. */
export type GpuSharing =
  | { readonly mode: "none" }
  | { readonly mode: "time-slicing"; readonly replicas: number }
  | { readonly mode: "mig"; readonly profile: string };

/** What the operator release needs. */
export interface GpuOperatorInput {
  /** Whether the operator installs the NVIDIA driver (false where the nodes or AKS already have one). */
  readonly installDriver: boolean;
  /** Time-slicing configs by pool name (the device plugin config entries). */
  readonly timeSlicing: Readonly<Record<string, number>>;
  /** Whether any pool asks for MIG. */
  readonly mig: boolean;
  /** Labels of the release's objects. */
  readonly labels: Record<string, string>;
}

/** The device plugin's time-slicing config of one pool (the plugin's `version: v1` format). */
export function timeSlicingConfig(replicas: number): string {
  return [
    "version: v1",
    "flags:",
    "  migStrategy: none",
    "sharing:",
    "  timeSlicing:",
    "    resources:",
    "      - name: nvidia.com/gpu",
    `        replicas: ${replicas}`,
    "",
  ].join("\n");
}

/** Helm values of the operator: pure, so tests read exactly what the chart receives. */
export function gpuOperatorValues(input: GpuOperatorInput): Record<string, unknown> {
  const slicing = Object.entries(input.timeSlicing);
  return {
    driver: { enabled: input.installDriver },
    ...(slicing.length > 0
      ? {
          devicePlugin: {
            config: {
              create: true,
              name: "time-slicing-config",
              // Nodes without the label keep whole GPUs.
              default: "",
              data: Object.fromEntries(slicing.map(([pool, n]) => [pool, timeSlicingConfig(n)])),
            },
          },
        }
      : {}),
    mig: { strategy: "single" },
    migManager: { enabled: input.mig },
    daemonsets: { labels: input.labels },
  };
}

/** Installs the operator with the given provider (the cluster's kubeconfig). */
export function createGpuOperator(
  name: string,
  input: GpuOperatorInput,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    name,
    {
      chart: GPU_OPERATOR_CHART.chart,
      version: GPU_OPERATOR_CHART.version,
      repositoryOpts: { repo: GPU_OPERATOR_CHART.repo },
      namespace: GPU_OPERATOR_NAMESPACE,
      createNamespace: true,
      values: gpuOperatorValues(input),
    },
    opts,
  );
}
