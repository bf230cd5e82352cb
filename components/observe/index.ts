/** GPU monitoring and alerts, and cloud budgets: observe and account. */
export * from "./types";
export * from "./gpuMonitoring";
export * from "./cloudBudget";
export { renderPrometheusRule, renderRuleGroups, withNode, kubeStateLabel } from "./rules";
export { renderDashboard, renderDashboardConfigMap } from "./dashboard";
export { renderAlertmanagerConfig, renderWebhookSecret } from "./alerting";
export {
  DCGM_COUNTERS,
  dcgmCountersCsv,
  renderCountersConfigMap,
  renderExporterDaemonSet,
  renderExporterService,
  renderExporterServiceMonitor,
  renderModelPodMonitors,
} from "./exporters";
