/**
 * The part of the stack program that maps `hybrid-ai:monitoring` and `hybrid-ai:budget`'s alert keys to
 * components: GPU monitoring of every cluster and edge site, and a cloud budget per cloud the stack
 * uses (kept apart from program.ts so each feature's wiring reads on its own).
 */
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { GpuCluster } from "../components/compute/gpuCluster";
import type { EdgeInferenceSite } from "../components/edge/edgeInferenceSite";
import { decodeKubeconfig } from "../components/compute/lke";
import { kubeconfigFor } from "../components/dr/backups";
import { NVIDIA_RUNTIME_CLASS } from "../components/edge/manifests";
import { hasGpu } from "../components/edge/servers";
import { CloudBudget } from "../components/observe/cloudBudget";
import { GpuMonitoring, type GpuAlertReceiverArgs } from "../components/observe/gpuMonitoring";
import type { GpuExporter } from "../components/observe/types";
import type { CostAllocation } from "../model/tags";
import { protectedPools } from "./config/rules/disasterRecovery";
import type { ClusterConfig, StackConfig } from "./config/schema";

/** A monitored target as the stack outputs show it. */
export interface MonitoringOutput {
  readonly exporter: GpuExporter;
  readonly alerts: string[];
  readonly dashboard: string;
}

/** A cloud budget as the stack outputs show it. */
export interface BudgetOutput {
  readonly monthlyUsd: number;
  readonly filter: string;
  readonly thresholdsPercent: readonly number[];
}

function receiverOf(config: StackConfig): GpuAlertReceiverArgs | undefined {
  const r = config.monitoring?.alertReceiver;
  if (r?.webhookUrl !== undefined) {
    return { webhookUrl: pulumi.secret(r.webhookUrl) };
  }
  return r?.email !== undefined ? { email: r.email } : undefined;
}

/** The DR region's standby pools placed in `cluster` (its secondary): `<stack>-dr-standby-<pool>`. */
function standbyPools(config: StackConfig, cluster: string, stack: string) {
  const dr = config.disasterRecovery;
  const primary = config.clusters.find((c) => c.name === dr?.primary);
  if (dr === undefined || dr.secondary !== cluster || primary === undefined) {
    return [];
  }
  return protectedPools(dr, primary).map((p) => ({
    name: `${stack}-dr-standby-${p.name}`,
    gpu: p.gpu,
  }));
}

/**
 * A Kubernetes provider for a cluster that has none of its own: EKS and GKE through a kubeconfig read
 * from the cloud (no credential in it: the cloud's CLI authenticates), AKS through the cluster's user
 * credentials. Kubeconfigs stay secrets everywhere.
 */
function monitoringProvider(c: ClusterConfig, cluster: GpuCluster): k8s.Provider {
  const opts = { parent: cluster, provider: cluster.provider };
  let kubeconfig: pulumi.Output<string>;
  if (c.cloud === "aws" || c.cloud === "gcp") {
    kubeconfig = kubeconfigFor(
      {
        name: c.name,
        cloud: c.cloud,
        region: c.region,
        project: c.project,
        clusterName: cluster.clusterName,
        provider: cluster.provider,
        zones: [],
      },
      opts,
    );
  } else {
    // Akamai and on-prem clusters always have a Kubernetes provider; AKS has one only with the GPU operator.
    const creds = containerservice.listManagedClusterUserCredentialsOutput(
      { resourceGroupName: c.resourceGroup!, resourceName: cluster.clusterName },
      opts,
    );
    kubeconfig = creds.kubeconfigs.apply((k) => decodeKubeconfig(k[0]?.value ?? ""));
  }
  return new k8s.Provider(
    `${c.name}-monitoring-k8s`,
    { kubeconfig: pulumi.secret(kubeconfig) },
    { parent: cluster },
  );
}

/**
 * GPU monitoring of every cluster (`<cluster>-monitoring`, through a Kubernetes provider whose
 * kubeconfig is read from the cloud) and edge site (`<site>-monitoring`, through the site's provider).
 */
export function composeMonitoring(
  config: StackConfig,
  clusters: ReadonlyMap<string, GpuCluster>,
  sites: ReadonlyMap<string, EdgeInferenceSite>,
  costAllocation: CostAllocation,
): Record<string, MonitoringOutput> {
  const monitoring = config.monitoring;
  if (monitoring === undefined || !monitoring.enabled) {
    return {};
  }
  const operator = new Set(monitoring.gpuOperator ?? []);
  const common = {
    fleet: costAllocation.stack,
    costAllocation,
    idleGpuMinutes: monitoring.idleGpuMinutes,
    alertReceiver: receiverOf(config),
    ...(monitoring.namespace !== undefined ? { namespace: monitoring.namespace } : {}),
  };
  const out: Record<string, MonitoringOutput> = {};
  const record = (target: string, exporter: GpuExporter, m: GpuMonitoring) => {
    out[target] = { exporter, alerts: m.alerts, dashboard: m.dashboard };
  };
  for (const c of config.clusters) {
    const cluster = clusters.get(c.name);
    if (cluster === undefined) {
      continue;
    }
    const provider = cluster.k8sProvider ?? monitoringProvider(c, cluster);
    const exporter: GpuExporter = operator.has(c.name) ? "gpu-operator" : "dcgm-exporter";
    const m = new GpuMonitoring(
      `${c.name}-monitoring`,
      {
        ...common,
        target: c.name,
        kind: "cluster",
        exporter,
        pools: [
          ...c.gpuPools.map((p) => ({ name: `${c.name}-${p.name}`, gpu: p.gpu })),
          ...standbyPools(config, c.name, costAllocation.stack),
        ],
      },
      { provider },
    );
    record(c.name, exporter, m);
  }
  for (const s of config.edgeSites) {
    const site = sites.get(s.name);
    if (site === undefined) {
      continue;
    }
    const exporter: GpuExporter =
      s.hardware === "jetson-orin"
        ? "jetson"
        : !hasGpu(s.hardware)
          ? "none"
          : operator.has(s.name)
            ? "gpu-operator"
            : "dcgm-exporter";
    const k3sGpu = (s.distribution ?? "k3s") === "k3s" && hasGpu(s.hardware);
    const m = new GpuMonitoring(
      `${s.name}-monitoring`,
      {
        ...common,
        target: s.name,
        kind: "edge-site",
        exporter,
        modelNamespace: site.namespace,
        models: s.models.map((model) => ({
          name: model.name,
          server: model.server,
          ...(model.autoscaling?.queueDepthTarget !== undefined
            ? { queueDepthTarget: model.autoscaling.queueDepthTarget }
            : {}),
        })),
        ...(k3sGpu && exporter !== "jetson" ? { runtimeClassName: NVIDIA_RUNTIME_CLASS } : {}),
      },
      { provider: site.provider },
    );
    record(s.name, exporter, m);
  }
  return out;
}

/**
 * A cloud budget per cloud the stack's clusters use, when `hybrid-ai:budget` names alert e-mails:
 * `budget-aws` with the first AWS cluster's provider, `budget-gcp` with the first GCP cluster's.
 */
export function composeBudgets(
  config: StackConfig,
  clusters: ReadonlyMap<string, GpuCluster>,
  costAllocation: CostAllocation,
): Record<string, BudgetOutput> {
  const budget = config.budget;
  if (budget?.alertEmails === undefined || budget.alertEmails.length === 0) {
    return {};
  }
  const out: Record<string, BudgetOutput> = {};
  for (const cloud of ["aws", "gcp"] as const) {
    const first = config.clusters.find((c) => c.cloud === cloud && clusters.has(c.name));
    if (first === undefined) {
      continue;
    }
    const created = new CloudBudget(
      `budget-${cloud}`,
      {
        cloud,
        monthlyUsd: budget.monthlyUsd,
        costAllocation,
        alertEmails: budget.alertEmails,
        ...(budget.thresholdsPercent !== undefined
          ? { thresholdsPercent: budget.thresholdsPercent }
          : {}),
        ...(cloud === "gcp"
          ? { billingAccount: budget.gcpBillingAccount, project: first.project }
          : {}),
      },
      { provider: clusters.get(first.name)!.provider },
    );
    out[cloud] = {
      monthlyUsd: budget.monthlyUsd,
      filter: created.filter,
      thresholdsPercent: [...(budget.thresholdsPercent ?? [50, 80, 100])].sort((a, b) => a - b),
    };
  }
  return out;
}
