/**
 * Kubernetes minor versions each managed cloud offers, with the end of standard and of extended
 * support. After the end of extended support EKS creates no cluster on the version and upgrades
 * existing ones; GKE ends a version at its end of life. One row per version; look-ups at the bottom.
 */
import { read, type RuleSource } from "./source";

export type KubernetesCloud = "aws" | "gcp";

/** One minor version on one cloud. */
export interface KubernetesVersionRow {
  readonly cloud: KubernetesCloud;
  /** `1.34`. */
  readonly minor: string;
  /** When the cloud released it, `YYYY-MM-DD`. */
  readonly released: string;
  /** Last day of standard support (EKS) or of active support (GKE). */
  readonly endOfStandard: string;
  /** Last day of extended support (EKS) or end of life (GKE). */
  readonly endOfExtended: string;
  readonly source: RuleSource;
}

const EKS_CALENDAR = read(
  "https://github.com/awsdocs/amazon-eks-user-guide/blob/013856044148d6eeed4723027a45aa2180536bcb/latest/ug/versioning/kubernetes-versions.adoc",
  "Amazon EKS Kubernetes release calendar (UTC dates). 'On the end of extended support date, you can no longer create new Amazon EKS clusters with the unsupported version.'",
);
const EKS_ENDOFLIFE = read(
  "https://endoflife.date/amazon-eks",
  "1.35 is not yet in the awsdocs snapshot read; dates from endoflife.date (third party, which mirrors the AWS calendar; it agrees with the awsdocs rows for 1.29-1.34).",
);
const GKE_ENDOFLIFE = read(
  "https://endoflife.date/api/v1/products/google-kubernetes-engine",
  "Generated 2026-04-10 from GKE's release schedule (https://cloud.google.com/kubernetes-engine/docs/release-schedule): eoasFrom is the end of standard support, eolFrom the end of life. Third party; check the GKE schedule before relying on a date.",
);

// prettier-ignore
export const KUBERNETES_VERSIONS: readonly KubernetesVersionRow[] = [
  { cloud: "aws", minor: "1.29", released: "2024-01-23", endOfStandard: "2025-03-23", endOfExtended: "2026-03-23", source: EKS_CALENDAR },
  { cloud: "aws", minor: "1.30", released: "2024-05-23", endOfStandard: "2025-07-23", endOfExtended: "2026-07-23", source: EKS_CALENDAR },
  { cloud: "aws", minor: "1.31", released: "2024-09-26", endOfStandard: "2025-11-26", endOfExtended: "2026-11-26", source: EKS_CALENDAR },
  { cloud: "aws", minor: "1.32", released: "2025-01-23", endOfStandard: "2026-03-23", endOfExtended: "2027-03-23", source: EKS_CALENDAR },
  { cloud: "aws", minor: "1.33", released: "2025-05-29", endOfStandard: "2026-07-29", endOfExtended: "2027-07-29", source: EKS_CALENDAR },
  { cloud: "aws", minor: "1.34", released: "2025-10-02", endOfStandard: "2026-12-02", endOfExtended: "2027-12-02", source: EKS_CALENDAR },
  { cloud: "aws", minor: "1.35", released: "2026-01-27", endOfStandard: "2027-03-27", endOfExtended: "2028-03-27", source: EKS_ENDOFLIFE },
  { cloud: "gcp", minor: "1.34", released: "2025-09-30", endOfStandard: "2026-08-30", endOfExtended: "2026-10-01", source: GKE_ENDOFLIFE },
  { cloud: "gcp", minor: "1.35", released: "2026-02-11", endOfStandard: "2027-02-28", endOfExtended: "2027-04-11", source: GKE_ENDOFLIFE },
];

/** Support status of a version on a date. */
export type SupportStatus = "standard" | "extended" | "ended" | "unknown";

/** The row of a version, or `undefined` when the table does not know it. */
export function kubernetesVersion(
  cloud: KubernetesCloud,
  minor: string,
): KubernetesVersionRow | undefined {
  return KUBERNETES_VERSIONS.find((r) => r.cloud === cloud && r.minor === minor);
}

/** Whether `minor` is under standard or extended support on `date` (`YYYY-MM-DD`). */
export function supportStatus(cloud: KubernetesCloud, minor: string, date: string): SupportStatus {
  const row = kubernetesVersion(cloud, minor);
  if (row === undefined) {
    return "unknown";
  }
  if (date < row.released) {
    return "unknown";
  }
  if (date <= row.endOfStandard) {
    return "standard";
  }
  return date <= row.endOfExtended ? "extended" : "ended";
}

/** Versions under standard support on `date`, oldest first. */
export function standardVersions(cloud: KubernetesCloud, date: string): string[] {
  return KUBERNETES_VERSIONS.filter(
    (r) => r.cloud === cloud && r.released <= date && date <= r.endOfStandard,
  ).map((r) => r.minor);
}

/** `YYYY-MM-DD` of a Date, in UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
