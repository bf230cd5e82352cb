/**
 * Pinned tools edge sites run beside their models: the model-signature verifier, the fetchers that
 * fill a site's model cache before a switch, and the vulnerability scanner. One row per tool, each
 * with its source and the date it was read. Tags, not moving `latest`; bump them as a reviewed change.
 */
import type { Source } from "./types";

/** When the rows below were read. */
export const EDGE_TOOLS_DATE = "2026-11-30";

/** A pinned container image. */
export interface PinnedImage {
  readonly image: string;
  readonly source: Source;
}

/** A pinned Helm chart. */
export interface PinnedHelmChart {
  readonly repo: string;
  readonly chart: string;
  readonly version: string;
  readonly source: Source;
}

// prettier-ignore
export const EDGE_TOOL_IMAGES = {
  modelSigning: { image: "ghcr.io/sigstore/model-transparency-cli:v1.1.1", source: { url: "https://github.com/sigstore/model-transparency/blob/main/.github/workflows/release.yml", date: EDGE_TOOLS_DATE, note: "release workflow pushes ghcr.io/sigstore/model-transparency-cli:<release tag> (entrypoint model_signing); v1.1.1 released 2025-10-10 (CHANGELOG.md)" } },
  curl: { image: "curlimages/curl:8.11.1", source: { url: "https://hub.docker.com/r/curlimages/curl", date: EDGE_TOOLS_DATE, note: "curl 8.11.1 (2024-12-11); tag seen pinned in public Kubernetes manifests" } },
  awsCli: { image: "amazon/aws-cli:2.22.35", source: { url: "https://hub.docker.com/r/amazon/aws-cli", date: EDGE_TOOLS_DATE, note: "AWS CLI v2 image; tag seen pinned for s3 sync init steps, incl. a Triton model repository sync" } },
  gcloud: { image: "gcr.io/google.com/cloudsdktool/google-cloud-cli:562.0.0-slim", source: { url: "https://cloud.google.com/sdk/docs/downloads-docker", date: EDGE_TOOLS_DATE, note: "slim variant carries gcloud storage; tag seen pinned in public Dockerfiles" } },
} as const satisfies Record<string, PinnedImage>;

// prettier-ignore
export const TRIVY_OPERATOR_CHART: PinnedHelmChart = { repo: "https://aquasecurity.github.io/helm-charts/", chart: "trivy-operator", version: "0.29.0", source: { url: "https://github.com/aquasecurity/trivy-operator/tree/main/deploy/helm", date: EDGE_TOOLS_DATE, note: "values keys (targetNamespaces, operator.scannerReportTTL, operator.metricsVulnIdEnabled, serviceMonitor.enabled) from deploy/helm/values.yaml; chart 0.29.0 seen as a pinned default in a public install role" } };

/** The images of {@link EDGE_TOOL_IMAGES}, by role. */
export const edgeToolImages = () => ({
  modelSigning: EDGE_TOOL_IMAGES.modelSigning.image,
  curl: EDGE_TOOL_IMAGES.curl.image,
  awsCli: EDGE_TOOL_IMAGES.awsCli.image,
  gcloud: EDGE_TOOL_IMAGES.gcloud.image,
});
