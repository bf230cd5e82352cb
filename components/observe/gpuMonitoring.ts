import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_TYPES } from "../../model/contracts";
import type { GpuMonitoringOutputs } from "../../model/outputs";
import type { Registered } from "../registered";
import type { CostAllocation } from "../../model/tags";
import { show, throwIfProblems, type Problem } from "../../model/validation";
import { renderAlertmanagerConfig, renderWebhookSecret } from "./alerting";
import { renderDashboardConfigMap } from "./dashboard";
import {
  renderCountersConfigMap,
  renderExporterDaemonSet,
  renderExporterService,
  renderExporterServiceMonitor,
  renderModelPodMonitors,
} from "./exporters";
import { renderPrometheusRule, renderRuleGroups } from "./rules";
import {
  GPU_EXPORTERS,
  GPU_MONITORING_DEFAULTS,
  type GpuExporter,
  type MonitoredModel,
  type MonitoredPool,
  type MonitoringTarget,
} from "./types";

/** Type token of {@link GpuMonitoring}. */
export const GPU_MONITORING_TYPE = COMPONENT_TYPES.gpuMonitoring;

/** Where a target's alerts go: a webhook (its URL kept secret) or e-mail addresses. */
export type GpuAlertReceiverArgs =
  | { readonly webhookUrl: pulumi.Input<string>; readonly email?: undefined }
  | { readonly email: readonly string[]; readonly webhookUrl?: undefined };

/** Arguments of {@link GpuMonitoring}. */
export interface GpuMonitoringArgs {
  /** The cluster or edge site monitored, as the stack names it; labels every alert. */
  readonly target: string;
  readonly kind: "cluster" | "edge-site";
  /** The fleet (the stack) the dashboard is titled with. */
  readonly fleet: string;
  /** Where GPU metrics come from: see {@link GpuExporter}. */
  readonly exporter: GpuExporter;
  /** Who pays: labels every object; the cost centre goes on idle-GPU alerts. */
  readonly costAllocation: CostAllocation;
  /**
   * Clusters: the GPU pools, one idle-GPU alert each (labelled with the pool and cost centre).
   * @default - none (edge sites: one alert for the site)
   */
  readonly pools?: readonly MonitoredPool[];
  /**
   * Edge sites: the models served, one queue alert each, scraped by a PodMonitor per server kind.
   * @default - none
   */
  readonly models?: readonly MonitoredModel[];
  /** Edge sites: the namespace the models run in. @default - `target` */
  readonly modelNamespace?: string;
  /** Minutes under 5% utilisation before a GPU counts as idle. @default 30 */
  readonly idleGpuMinutes?: number;
  /** Requests waiting in a model server's queue before the queue alert fires. @default 10 */
  readonly queueDepthTarget?: number;
  /** vLLM's p95 time to first token above which the latency alert fires, seconds. @default 2 */
  readonly timeToFirstTokenSeconds?: number;
  /** GPU temperature alert threshold, °C. @default 85 */
  readonly temperatureCelsius?: number;
  /** Where alerts go. @default - no routing: alerts follow the Alertmanager's own routes */
  readonly alertReceiver?: GpuAlertReceiverArgs;
  /**
   * Namespace of the cluster's Prometheus and Alertmanager (kube-prometheus-stack): the objects go
   * there. On edge sites its pods need the `hybrid-ai/metrics-scraper` label to scrape the models.
   * @default "monitoring"
   */
  readonly namespace?: string;
  /**
   * Labels the Prometheus selects ServiceMonitors, PodMonitors and PrometheusRules by.
   * @default { release: "kube-prometheus-stack" }
   */
  readonly prometheusSelectorLabels?: Readonly<Record<string, string>>;
  /** Exporter image. @default - EXPORTER_IMAGES of the exporter */
  readonly exporterImage?: string;
  /** RuntimeClass the exporter needs for GPU access (k3s: `nvidia`). @default - none */
  readonly runtimeClassName?: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Checks monitoring args and returns every problem. */
export function validateGpuMonitoringArgs(args: GpuMonitoringArgs): Problem[] {
  const problems: Problem[] = [];
  const add = (path: Problem["path"], message: string) => problems.push({ path, message });
  if (!(GPU_EXPORTERS as readonly string[]).includes(args.exporter)) {
    add(["exporter"], `must be one of ${GPU_EXPORTERS.join(", ")} (got ${show(args.exporter)})`);
  }
  if (args.kind === "cluster" && args.exporter === "jetson") {
    add(
      ["exporter"],
      "jetson applies to edge sites only; clusters use dcgm-exporter or gpu-operator",
    );
  }
  if (args.kind === "cluster" && (args.pools ?? []).length === 0) {
    add(["pools"], "must list the cluster's GPU pools (the idle-GPU alerts name them)");
  }
  const positive = (key: keyof GpuMonitoringArgs, value: number | undefined, int = false) => {
    if (value !== undefined && (!(value > 0) || (int && !Number.isInteger(value)))) {
      add([key], `must be a ${int ? "whole " : ""}number > 0 (got ${show(value)})`);
    }
  };
  positive("idleGpuMinutes", args.idleGpuMinutes, true);
  positive("queueDepthTarget", args.queueDepthTarget);
  positive("timeToFirstTokenSeconds", args.timeToFirstTokenSeconds);
  if (
    args.temperatureCelsius !== undefined &&
    !(args.temperatureCelsius >= 50 && args.temperatureCelsius <= 110)
  ) {
    add(
      ["temperatureCelsius"],
      `must be between 50 and 110 (got ${show(args.temperatureCelsius)})`,
    );
  }
  if (args.namespace !== undefined && !DNS_LABEL.test(args.namespace)) {
    add(["namespace"], `must be a Kubernetes namespace name (got ${show(args.namespace)})`);
  }
  const receiver = args.alertReceiver;
  if (receiver !== undefined) {
    if ((receiver.webhookUrl === undefined) === (receiver.email === undefined)) {
      add(["alertReceiver"], "must give webhookUrl or email, not both");
    } else if (receiver.email !== undefined) {
      if (receiver.email.length === 0) {
        add(["alertReceiver", "email"], "must list at least one address");
      }
      receiver.email.forEach((e, i) => {
        if (!EMAIL.test(e)) {
          add(["alertReceiver", "email", i], `must be an e-mail address (got ${show(e)})`);
        }
      });
    }
  }
  return problems;
}

/**
 * GPU monitoring of one cluster or edge site: the GPU exporter (DCGM standalone, the GPU operator's, or
 * the Jetson exporter), its ServiceMonitor, PodMonitors for an edge site's model servers, a
 * PrometheusRule (XID, ECC, temperature, GPU missing, idle GPUs per pool, queue depth, time to first
 * token, node not ready), alert routing to a webhook or e-mail (AlertmanagerConfig), and a Grafana
 * dashboard ConfigMap. Pass the target's Kubernetes provider as `provider`.
 *
 * @example
 * new GpuMonitoring("aws-use1-monitoring", {
 *   target: "aws-use1", kind: "cluster", fleet: "prod", exporter: "dcgm-exporter", costAllocation,
 *   pools: [{ name: "aws-use1-infer-l4", gpu: "l4" }],
 *   alertReceiver: { webhookUrl: config.requireSecret("alertWebhook") },
 * }, { provider: clusterK8sProvider });
 */
export class GpuMonitoring extends pulumi.ComponentResource {
  /** Namespace the monitoring objects live in. */
  public readonly namespace: string;
  /** Names of the alerts its rules raise. */
  public readonly alerts: string[];
  /** Name of the dashboard ConfigMap. */
  public readonly dashboard: string;

  constructor(name: string, args: GpuMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfProblems(`GpuMonitoring ${name}`, validateGpuMonitoringArgs(args));
    super(GPU_MONITORING_TYPE, name, {}, opts);
    const d = GPU_MONITORING_DEFAULTS;
    const t: MonitoringTarget = {
      name,
      target: args.target,
      kind: args.kind,
      fleet: args.fleet,
      exporter: args.exporter,
      namespace: args.namespace ?? d.namespace,
      prometheusSelectorLabels: args.prometheusSelectorLabels ?? d.prometheusSelectorLabels,
      pools: args.pools ?? [],
      models: args.models ?? [],
      ...(args.modelNamespace !== undefined ? { modelNamespace: args.modelNamespace } : {}),
      idleGpuMinutes: args.idleGpuMinutes ?? d.idleGpuMinutes,
      queueDepthTarget: args.queueDepthTarget ?? d.queueDepthTarget,
      timeToFirstTokenSeconds: args.timeToFirstTokenSeconds ?? d.timeToFirstTokenSeconds,
      temperatureCelsius: args.temperatureCelsius ?? d.temperatureCelsius,
      costAllocation: args.costAllocation,
      ...(args.exporterImage !== undefined ? { exporterImage: args.exporterImage } : {}),
      ...(args.runtimeClassName !== undefined ? { runtimeClassName: args.runtimeClassName } : {}),
    };
    const opt: pulumi.CustomResourceOptions = { parent: this };
    this.namespace = t.namespace;

    if (t.exporter === "dcgm-exporter" || t.exporter === "gpu-operator") {
      new k8s.core.v1.ConfigMap(`${name}-dcgm-counters`, renderCountersConfigMap(t), opt);
    }
    if (t.exporter === "dcgm-exporter" || t.exporter === "jetson") {
      new k8s.apps.v1.DaemonSet(`${name}-exporter`, renderExporterDaemonSet(t), opt);
      new k8s.core.v1.Service(`${name}-exporter-service`, renderExporterService(t), opt);
    }
    if (t.exporter !== "none") {
      new k8s.apiextensions.CustomResource(
        `${name}-exporter-monitor`,
        renderExporterServiceMonitor(t),
        opt,
      );
    }
    for (const monitor of renderModelPodMonitors(t)) {
      new k8s.apiextensions.CustomResource(monitor.metadata.name, monitor, opt);
    }
    new k8s.apiextensions.CustomResource(`${name}-rules`, renderPrometheusRule(t), opt);

    const receiver = args.alertReceiver;
    if (receiver?.webhookUrl !== undefined) {
      // Kept secret in state and in every preview; the AlertmanagerConfig only names the Secret.
      const secret = new k8s.core.v1.Secret(
        `${name}-alert-webhook`,
        renderWebhookSecret(t, pulumi.secret(receiver.webhookUrl)),
        opt,
      );
      new k8s.apiextensions.CustomResource(
        `${name}-alerts`,
        renderAlertmanagerConfig(t, { kind: "webhook" }),
        { ...opt, dependsOn: [secret] },
      );
    } else if (receiver?.email !== undefined) {
      new k8s.apiextensions.CustomResource(
        `${name}-alerts`,
        renderAlertmanagerConfig(t, { kind: "email", to: receiver.email }),
        opt,
      );
    }
    const dashboard = renderDashboardConfigMap(t);
    new k8s.core.v1.ConfigMap(`${name}-dashboard`, dashboard, opt);

    this.alerts = [...new Set(renderRuleGroups(t).flatMap((g) => g.rules.map((r) => r.alert)))];
    this.dashboard = dashboard.metadata.name;
    this.registerOutputs({
      target: t.target,
      namespace: t.namespace,
      exporter: t.exporter,
      alerts: this.alerts,
      dashboard: this.dashboard,
    } satisfies Registered<GpuMonitoringOutputs>);
  }
}
