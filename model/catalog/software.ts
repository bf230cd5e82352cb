/**
 * Pinned versions of the software the GPU pools install (Helm charts), with where each was read. A
 * version changes here, in data, never as a default hidden in a component.
 */
import type { Source } from "./types";

/** A Helm chart at a pinned version. */
export interface PinnedChart {
  /** Chart repository URL (`https://...`) or OCI reference (`oci://...`). */
  readonly repo: string;
  readonly chart: string;
  readonly version: string;
  readonly source: Source;
}

/**
 * The NVIDIA GPU Operator: drivers, container toolkit, device plugin, GPU feature discovery, MIG manager
 * and DCGM exporter. LKE and on-prem clusters ship none of these.
 */
export const GPU_OPERATOR_CHART: PinnedChart = {
  repo: "https://helm.ngc.nvidia.com/nvidia",
  chart: "gpu-operator",
  version: "v26.7.0",
  source: {
    url: "https://github.com/NVIDIA/gpu-operator/releases/tag/v26.7.0",
    date: "2026-11-30",
    note: "Newest release tag in NVIDIA/gpu-operator (tag v26.7.0, commit 10ee5b3638b89e11e949412aafa5ba99279c3721, 2026-08-20); releases publish the chart at the tag's version. Values used: driver.enabled, devicePlugin.config.{create,name,default,data}, mig.strategy, migManager.config.default (deployments/gpu-operator/values.yaml at that tag).",
  },
};

/** Karpenter for EKS, installed when the stack creates the cluster. */
export const KARPENTER_CHART: PinnedChart = {
  repo: "oci://public.ecr.aws/karpenter",
  chart: "karpenter",
  version: "1.14.1",
  source: {
    url: "https://github.com/aws/karpenter-provider-aws/blob/1d927085dd81a9df9301e613f371dac5b4d16bfe/charts/karpenter/Chart.yaml",
    date: "2026-11-30",
    note: "Chart version 1.14.1 (appVersion 1.14.1) at commit 1d927085 (2026-08-21). NodePool karpenter.sh/v1 and EC2NodeClass karpenter.k8s.aws/v1 schemas from pkg/apis/crds/ at the same commit.",
  },
};
