/**
 * What a cloud would reject, or silently ignore, in the inputs of one resource (or of a whole
 * stack), checked against the rule tables. Pure: the deploy guardrails (policies/deploy/) run these
 * under `pulumi preview --policy-pack` and `hai review` alike, and tests call them directly.
 *
 * Values unknown during preview (the CrossGuard sentinel) and secrets are never checked or echoed.
 */
import { shapeByName } from "../catalog/lookup";
import { SECRET_MARKER as SECRET, UNKNOWN } from "../contracts";
import { shapeZonesRow } from "../catalog/zones";
import { supportStatus, kubernetesVersion, isoDate } from "./kubernetesVersions";
import {
  AUTO_NAME_SUFFIX_LENGTH,
  countRule,
  nameProblem,
  nameRule,
  propertyRulesFor,
  type NameRule,
} from "./names";
import {
  AUTOSCALER_EQUAL_SHAPES,
  CLOUD_DNS_GEO,
  CLOUD_DNS_PROBE_REGIONS,
  QUOTAS,
  ROUTE53_LONE_HEALTH_CHECK,
  S3_BUCKET_KEY,
  S3_RTC,
  GKE_METADATA_NEEDS_WORKLOAD_IDENTITY,
} from "./quotas";
import { CLOUD_SCHEDULER_SOURCE, GCP_REGIONS, GCP_REGIONS_SOURCE } from "./regions";
import { EKS_UPGRADE_POLICY } from "./defaults";

/** The parts of a resource the checks read (a CrossGuard resource has them all). */
export interface CheckedResource {
  readonly type: string;
  /** The Pulumi resource name (what providers auto-name from). */
  readonly name: string;
  readonly urn?: string;
  readonly props: Record<string, unknown>;
  /** URN of the parent, when known. */
  readonly parentUrn?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const known = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN && v !== SECRET;

function at(props: Obj, dotted: string): unknown {
  let cur: unknown = props;
  for (const part of dotted.split(".")) {
    cur = obj(cur)[part];
  }
  return cur;
}

function ruleMessage(rule: NameRule, value: string, problem: string, autoNamed: boolean): string {
  const shown = autoNamed
    ? `${JSON.stringify(value.slice(0, -7))} + 7 random characters`
    : JSON.stringify(value);
  return `${rule.what} ${shown} would be rejected: ${problem} (source: ${rule.source.url})`;
}

/** Names, ids, tags and labels of one resource that break the clouds' limits. */
export function nameViolations(r: CheckedResource): string[] {
  const out: string[] = [];
  for (const rule of propertyRulesFor(r.type)) {
    const given = at(r.props, rule.property);
    let value: string;
    let autoNamed = false;
    if (given === undefined && rule.autoName) {
      // The provider names it `<resource name>-<7 random hex>`; the random part is not known yet.
      value = `${r.name}-${"x".repeat(AUTO_NAME_SUFFIX_LENGTH - 1)}`;
      autoNamed = true;
    } else if (known(given)) {
      value = given;
    } else {
      continue;
    }
    const problem = nameProblem(rule, value);
    if (problem !== undefined) {
      out.push(ruleMessage(rule, value, problem, autoNamed));
    }
  }
  out.push(...labelViolations(r));
  return out;
}

function checkMap(
  out: string[],
  map: unknown,
  keyRule: NameRule | undefined,
  valueRule: NameRule,
  where: string,
  countId?: string,
): void {
  if (map === UNKNOWN || map === undefined) {
    return;
  }
  const entries = Object.entries(obj(map));
  if (countId !== undefined && entries.length > countRule(countId).max) {
    const c = countRule(countId);
    out.push(
      `${where}: ${entries.length} entries would be rejected: ${c.max} ${c.what} at most (source: ${c.source.url})`,
    );
  }
  for (const [key, value] of entries) {
    if (keyRule !== undefined) {
      const name = keyRule.owner === "kubernetes" ? key.slice(key.lastIndexOf("/") + 1) : key;
      const problem = nameProblem(keyRule, name);
      if (problem !== undefined) {
        out.push(
          `${where}: ${keyRule.what} ${JSON.stringify(key)} would be rejected: ${problem} (source: ${keyRule.source.url})`,
        );
      }
    }
    if (!known(value)) {
      continue;
    }
    const problem = nameProblem(valueRule, value);
    if (problem !== undefined) {
      out.push(
        `${where}: ${valueRule.what} of ${key} ${JSON.stringify(value)} would be rejected: ${problem} (source: ${valueRule.source.url})`,
      );
    }
  }
}

/**
 * GCP types whose `labels` are not resource labels. A monitoring notification channel's `labels` are
 * the channel's configuration (`email_address`, `url`, ...), checked by its descriptor; its resource
 * labels are `userLabels` (source: https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.notificationChannels,
 * read 2026-11-30).
 */
const GCP_LABEL_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  "gcp:monitoring/notificationChannel:NotificationChannel": ["userLabels"],
};

function labelViolations(r: CheckedResource): string[] {
  const out: string[] = [];
  const p = r.props;
  if (r.type.startsWith("aws:")) {
    checkMap(
      out,
      p.tags,
      nameRule("aws-tag-key"),
      nameRule("aws-tag-value"),
      "tags",
      "aws-tags-per-resource",
    );
    if (r.type === "aws:eks/nodeGroup:NodeGroup") {
      checkMap(
        out,
        p.labels,
        nameRule("k8s-label-key-name"),
        nameRule("k8s-label-value"),
        "node labels",
      );
    }
  } else if (r.type.startsWith("gcp:")) {
    for (const key of GCP_LABEL_PROPERTIES[r.type] ?? ["labels", "resourceLabels"]) {
      checkMap(
        out,
        p[key],
        nameRule("gcp-label-key"),
        nameRule("gcp-label-value"),
        key,
        "gcp-labels-per-resource",
      );
    }
    const node = obj(p.nodeConfig);
    checkMap(
      out,
      node.resourceLabels,
      nameRule("gcp-label-key"),
      nameRule("gcp-label-value"),
      "nodeConfig.resourceLabels",
      "gcp-labels-per-resource",
    );
    checkMap(
      out,
      node.labels,
      nameRule("k8s-label-key-name"),
      nameRule("k8s-label-value"),
      "nodeConfig.labels",
    );
  } else if (r.type.startsWith("kubernetes:")) {
    const key = nameRule("k8s-label-key-name");
    const value = nameRule("k8s-label-value");
    checkMap(out, obj(p.metadata).labels, key, value, "metadata.labels");
    const spec = obj(p.spec);
    checkMap(
      out,
      obj(obj(spec.template).metadata).labels,
      key,
      value,
      "spec.template.metadata.labels",
    );
    checkMap(out, obj(spec.selector).matchLabels, key, value, "spec.selector.matchLabels");
    const jobTemplate = obj(obj(obj(spec.jobTemplate).spec).template);
    checkMap(
      out,
      obj(jobTemplate.metadata).labels,
      key,
      value,
      "spec.jobTemplate.spec.template.metadata.labels",
    );
  }
  return out;
}

/** A created cluster's Kubernetes version: ended (refused) or unknown to the tables. */
export function versionViolations(r: CheckedResource, now: Date): string[] {
  const date = isoDate(now);
  let cloud: "aws" | "gcp";
  let version: unknown;
  if (r.type === "aws:eks/cluster:Cluster") {
    cloud = "aws";
    version = r.props.version;
  } else if (r.type === "gcp:container/cluster:Cluster") {
    cloud = "gcp";
    version = r.props.minMasterVersion;
  } else {
    return [];
  }
  if (!known(version)) {
    return [];
  }
  const minor = /^(\d+\.\d+)/.exec(version)?.[1] ?? version;
  const status = supportStatus(cloud, minor, date);
  const row = kubernetesVersion(cloud, minor);
  const service = cloud === "aws" ? "EKS" : "GKE";
  if (status === "ended") {
    return [
      `${service} no longer creates clusters on Kubernetes ${minor}: its support ended on ${row!.endOfExtended} (source: ${row!.source.url})`,
    ];
  }
  if (status === "unknown") {
    return [`Kubernetes ${minor} is not a ${service} version the version table knows on ${date}`];
  }
  return [];
}

/** An EKS cluster without `upgradePolicy: STANDARD` moves to extended support, billed extra. */
export function supportPolicyViolations(r: CheckedResource): string[] {
  if (r.type !== "aws:eks/cluster:Cluster") {
    return [];
  }
  const type = obj(r.props.upgradePolicy).supportType;
  if (type === UNKNOWN || type === EKS_UPGRADE_POLICY.supportType) {
    return [];
  }
  return [
    `EKS cluster ${r.name} has upgradePolicy.supportType ${type === undefined ? "unset (EKS defaults to EXTENDED)" : JSON.stringify(type)}: after standard support it moves to extended support, billed per cluster-hour (source: ${EKS_UPGRADE_POLICY.source.url})`,
  ];
}

/** A GKE node pool in a zone where its machine type (and GPUs) is not offered. */
export function zoneViolations(r: CheckedResource): string[] {
  if (r.type !== "gcp:container/nodePool:NodePool") {
    return [];
  }
  const machine = obj(r.props.nodeConfig).machineType;
  const zones = list(r.props.nodeLocations).filter(known);
  if (!known(machine) || zones.length === 0) {
    return [];
  }
  const out: string[] = [];
  for (const zone of zones) {
    const region = zone.replace(/-[a-z]$/, "");
    const row = shapeZonesRow(machine, region);
    if (row !== undefined && !row.zones.includes(zone)) {
      const gpu = shapeByName("gcp", machine)?.gcpAcceleratorType ?? machine;
      out.push(
        `GKE would answer 'Accelerator type ${gpu} does not exist in zone ${zone}': ${machine} runs in ${row.zones.length > 0 ? row.zones.join(", ") : `no zone of ${region}`} (source: ${row.source.url})`,
      );
    }
  }
  return out;
}

/** Values our code computes that the APIs accept only from a fixed set. */
export function acceptedValueViolations(r: CheckedResource): string[] {
  const out: string[] = [];
  const p = r.props;
  if (r.type === "gcp:dns/recordSet:RecordSet") {
    const policy = obj(p.routingPolicy);
    const geos = [
      ...list(obj(policy.primaryBackup).backupGeos),
      ...list(policy.geos),
      ...list(obj(obj(policy.primaryBackup).primary).geos),
    ];
    for (const g of geos) {
      const location = obj(g).location;
      if (known(location) && !GCP_REGIONS.includes(location)) {
        out.push(
          `Cloud DNS routing geo location ${JSON.stringify(location)} would be rejected: it must be a GCP region (source: ${CLOUD_DNS_GEO.source.url})`,
        );
      }
    }
  }
  if (r.type === "gcp:compute/healthCheck:HealthCheck" && Array.isArray(p.sourceRegions)) {
    const regions = p.sourceRegions.filter(known);
    if (regions.length !== CLOUD_DNS_PROBE_REGIONS.count) {
      out.push(
        `health check sourceRegions lists ${regions.length} regions; Cloud DNS wants exactly ${CLOUD_DNS_PROBE_REGIONS.count} (source: ${CLOUD_DNS_PROBE_REGIONS.source.url})`,
      );
    }
    for (const region of regions.filter((x) => !GCP_REGIONS.includes(x))) {
      out.push(
        `health check source region ${JSON.stringify(region)} is not a GCP region (source: ${GCP_REGIONS_SOURCE.url})`,
      );
    }
  }
  if (
    r.type === "gcp:cloudscheduler/job:Job" &&
    known(p.region) &&
    !GCP_REGIONS.includes(p.region)
  ) {
    out.push(
      `Cloud Scheduler region ${JSON.stringify(p.region)} would be rejected: not a GCP region with Cloud Scheduler (source: ${CLOUD_SCHEDULER_SOURCE.url})`,
    );
  }
  if (r.type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig") {
    for (const rule of list(p.rules)) {
      const dest = obj(obj(rule).destination);
      const rtc = obj(dest.replicationTime);
      if (rtc.status === "Enabled") {
        const minutes = obj(rtc.time).minutes;
        const metrics = obj(dest.metrics);
        const threshold = obj(metrics.eventThreshold).minutes;
        if (minutes !== S3_RTC.minutes) {
          out.push(
            `S3 Replication Time Control minutes ${String(minutes)} would be rejected: only ${S3_RTC.minutes} (source: ${S3_RTC.source.url})`,
          );
        }
        if (metrics.status !== "Enabled" || threshold !== S3_RTC.minutes) {
          out.push(
            `S3 Replication Time Control needs replication metrics enabled with a ${S3_RTC.minutes}-minute event threshold (source: ${S3_RTC.source.url})`,
          );
        }
      }
    }
  }
  if (r.type === "aws:autoscaling/schedule:Schedule") {
    for (const key of ["startTime", "endTime"]) {
      const t = p[key];
      if (known(t) && Date.parse(t) <= Date.now()) {
        out.push(
          `Auto Scaling would answer 'Given ${key === "startTime" ? "start" : "end"} time is in the past': ${key} ${t}`,
        );
      }
    }
  }
  return out;
}

/** Settings that deploy but do nothing (advisory). */
export function ineffectiveSettings(r: CheckedResource): string[] {
  const out: string[] = [];
  const p = r.props;
  if (r.type.startsWith("aws:s3/bucketServerSideEncryptionConfiguration")) {
    for (const rule of list(p.rules)) {
      const byDefault = obj(obj(rule).applyServerSideEncryptionByDefault);
      if (obj(rule).bucketKeyEnabled === true && byDefault.sseAlgorithm === "AES256") {
        out.push(
          `bucketKeyEnabled does nothing with AES256 (SSE-S3): S3 Bucket Keys apply to SSE-KMS only (source: ${S3_BUCKET_KEY.source.url})`,
        );
      }
    }
  }
  if (r.type === "aws:route53/record:Record" && p.healthCheckId !== undefined) {
    const routed =
      [
        "failoverRoutingPolicies",
        "weightedRoutingPolicies",
        "latencyRoutingPolicies",
        "geolocationRoutingPolicies",
        "geoproximityRoutingPolicy",
        "cidrRoutingPolicy",
      ].some((k) => p[k] !== undefined && !(Array.isArray(p[k]) && p[k].length === 0)) ||
      p.multivalueAnswerRoutingPolicy === true;
    if (!routed) {
      out.push(
        `Route 53 ignores the health check of a record with simple routing: it answers whatever the check says (source: ${ROUTE53_LONE_HEALTH_CHECK.source.url})`,
      );
    }
  }
  if (r.type === "aws:eks/nodeGroup:NodeGroup") {
    const shapes = list(p.instanceTypes)
      .filter(known)
      .map((t) => ({ t, s: shapeByName("aws", t) }));
    const sized = shapes.filter((x) => x.s !== undefined);
    if (
      sized.some((x) => x.s!.vcpu !== sized[0].s!.vcpu || x.s!.memoryGiB !== sized[0].s!.memoryGiB)
    ) {
      out.push(
        `instance types ${sized.map((x) => `${x.t} (${x.s!.vcpu} vCPU, ${x.s!.memoryGiB} GiB)`).join(", ")} differ in size: cluster-autoscaler plans with the first one's (source: ${AUTOSCALER_EQUAL_SHAPES.source.url})`,
      );
    }
  }
  return out;
}

/** Scheduled actions per Auto Scaling group (or per switching component while the group is unknown). */
export function scheduledActionCounts(resources: readonly CheckedResource[]): string[] {
  const groups = new Map<string, number>();
  for (const r of resources) {
    if (r.type !== "aws:autoscaling/schedule:Schedule") {
      continue;
    }
    const asg = r.props.autoscalingGroupName;
    const key = known(asg) ? `group ${asg}` : `the group switched by ${r.parentUrn ?? r.name}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const q = QUOTAS.scheduledActionsPerAsg;
  return [...groups]
    .filter(([, n]) => n > q.max)
    .map(
      ([key, n]) =>
        `${n} scheduled actions on ${key}: AWS allows ${q.max} ${q.what} (source: ${q.source.url})`,
    );
}

/** GKE_METADATA node pools on a cluster of the stack without Workload Identity. */
export function workloadIdentityViolations(resources: readonly CheckedResource[]): string[] {
  const clusters = resources.filter((r) => r.type === "gcp:container/cluster:Cluster");
  const out: string[] = [];
  for (const pool of resources.filter((r) => r.type === "gcp:container/nodePool:NodePool")) {
    const mode = obj(obj(pool.props.nodeConfig).workloadMetadataConfig).mode;
    if (mode !== "GKE_METADATA") {
      continue;
    }
    const ref = pool.props.cluster;
    const cluster = clusters.find((c) => known(ref) && (c.props.name === ref || c.name === ref));
    if (cluster === undefined) {
      continue;
    }
    const pool_ = obj(cluster.props.workloadIdentityConfig).workloadPool;
    if (pool_ === undefined || pool_ === "") {
      out.push(
        `node pool ${pool.name} uses GKE_METADATA but cluster ${cluster.name} has no Workload Identity (workloadIdentityConfig.workloadPool) (source: ${GKE_METADATA_NEEDS_WORKLOAD_IDENTITY.source.url})`,
      );
    }
  }
  return out;
}

/** Chart names of the Helm releases a created EKS cluster with GPU pools needs. */
export const GPU_CLUSTER_CHARTS = ["nvidia-device-plugin", "cluster-autoscaler"] as const;

/**
 * Created EKS clusters with NVIDIA node groups but no NVIDIA device plugin or cluster-autoscaler
 * release in the stack: GPUs never show in the nodes' capacity, and pools at zero never grow.
 */
export function gpuAddonViolations(resources: readonly CheckedResource[]): string[] {
  const clusters = resources.filter((r) => r.type === "aws:eks/cluster:Cluster");
  if (clusters.length === 0) {
    return [];
  }
  const gpuGroups = resources.filter(
    (r) => r.type === "aws:eks/nodeGroup:NodeGroup" && /NVIDIA/.test(String(r.props.amiType ?? "")),
  );
  const charts = resources
    .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
    .map((r) => String(r.props.chart ?? ""));
  const out: string[] = [];
  for (const cluster of clusters) {
    const name = cluster.props.name ?? cluster.name;
    const groups = gpuGroups.filter(
      (g) => g.props.clusterName === name || !known(g.props.clusterName),
    );
    if (groups.length === 0) {
      continue;
    }
    const missing = GPU_CLUSTER_CHARTS.filter((c) => !charts.some((chart) => chart.endsWith(c)));
    if (missing.length > 0) {
      out.push(
        `EKS cluster ${String(name)} gets GPU node groups but no ${missing.join(" or ")} Helm release: the AL2023 NVIDIA AMI needs the device plugin for nvidia.com/gpu to show, and pools at zero grow only with cluster-autoscaler`,
      );
    }
  }
  return out;
}

/**
 * Created clusters whose API server is private while the stack also manages Kubernetes objects:
 * `pulumi up` must then run inside the cluster's VPC (a CI runner there, or a bastion).
 */
export function privateEndpointNotes(resources: readonly CheckedResource[]): string[] {
  const hasKubernetes = resources.some((r) => r.type.startsWith("kubernetes:"));
  if (!hasKubernetes) {
    return [];
  }
  const out: string[] = [];
  for (const r of resources) {
    const privateEks =
      r.type === "aws:eks/cluster:Cluster" && obj(r.props.vpcConfig).endpointPublicAccess === false;
    const privateGke =
      r.type === "gcp:container/cluster:Cluster" &&
      obj(r.props.privateClusterConfig).enablePrivateEndpoint === true;
    if (privateEks || privateGke) {
      out.push(
        `cluster ${String(r.props.name ?? r.name)} has a private API endpoint and this stack applies Kubernetes objects to clusters: run pulumi up from inside its VPC (a CI runner or bastion there), or the Kubernetes provider cannot reach it`,
      );
    }
  }
  return out;
}
