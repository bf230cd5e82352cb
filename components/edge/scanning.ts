/**
 * A scheduled vulnerability scan of a site's images: the Trivy operator, installed from its pinned
 * Helm chart, scans the workloads of the site's namespace, keeps VulnerabilityReports, and rescans
 * once a report is older than `scannerReportTTL` (daily here), so new CVEs in images already running
 * are found. Findings are exported as Prometheus metrics (`trivy_image_vulnerabilities`, by severity,
 * with `metricsVulnIdEnabled` one series per CVE) on the operator's metrics Service for the site's
 * Prometheus to scrape.
 *
 * Chart values: aquasecurity/trivy-operator `deploy/helm/values.yaml` (keys `targetNamespaces`,
 * `operator.scannerReportTTL`, `operator.metricsVulnIdEnabled`, `trivy.severity`,
 * `serviceMonitor.enabled`). Pure: no Pulumi.
 */

/** A pinned Helm chart. */
export interface PinnedChart {
  readonly repo: string;
  readonly chart: string;
  readonly version: string;
}

/** Namespace the operator runs in, per site cluster. */
export const TRIVY_NAMESPACE = "trivy-system";

/** How often reports expire and images are scanned again. */
export const SCAN_INTERVAL = "24h";

/** Arguments of the site's Trivy operator Helm release. */
export function trivyOperatorRelease(
  siteNamespace: string,
  chart: PinnedChart,
  labels: Record<string, string>,
) {
  return {
    chart: chart.chart,
    version: chart.version,
    repositoryOpts: { repo: chart.repo },
    namespace: TRIVY_NAMESPACE,
    createNamespace: true,
    values: {
      targetNamespaces: siteNamespace,
      operator: {
        scannerReportTTL: SCAN_INTERVAL,
        metricsVulnIdEnabled: true,
        // Only images and their vulnerabilities: the other scanners are out of this job's scope.
        configAuditScannerEnabled: false,
        rbacAssessmentScannerEnabled: false,
        infraAssessmentScannerEnabled: false,
        clusterComplianceEnabled: false,
      },
      trivy: { severity: "CRITICAL,HIGH,MEDIUM" },
      // Edge clusters rarely run the Prometheus operator: scrape the metrics Service instead.
      serviceMonitor: { enabled: false },
      podLabels: labels,
    },
  };
}
