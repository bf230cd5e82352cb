/**
 * The failover runbook's steps, for an SRE at 3 a.m.: in the order they must run, each command
 * copy-pasteable (real cluster, node group, record and bucket names, the region flag every command
 * needs; names the cloud generates are looked up by a command, never left as `<placeholder>`), capacity
 * only ever raised (the autoscaler may have added nodes), the failover config committed, `pulumi up
 * --target` offered only when the program does not call the lost region, and the rollback checked the
 * same way as the failover.
 */
import type { CapturedResource } from "../../model/graph";
import type { DrFacts } from "../../model/readers/dr";

/** A cluster of the DR pair as the commands name it. */
export interface ClusterNames {
  /** Name in the stack config, e.g. `aws-usw2`. */
  readonly configName: string;
  readonly cloud: string;
  readonly region: string;
  /** The cluster's name in the cloud. */
  readonly name: string;
  /** GCP project, when the stack knows it. */
  readonly project?: string;
  /** The kubectl context the steps create and use. */
  readonly context: string;
}

/** What the steps need beyond the DR facts. */
export interface RunbookNames {
  readonly primary: ClusterNames;
  readonly secondary: ClusterNames;
  /** URNs `pulumi up --target` would name: standby pools and their children, DNS records, health checks. */
  readonly targets: readonly string[];
  /**
   * Why `pulumi up --target` cannot help while the primary region is down, when it cannot (the program
   * still configures that region's provider and runs its lookups on every run, targeted or not).
   */
  readonly targetBlocked?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** The provider URN of a `<urn>::<id>` reference. */
function providerUrn(ref: string | undefined): string | undefined {
  if (ref === undefined) {
    return undefined;
  }
  const i = ref.lastIndexOf("::");
  return i > 0 ? ref.slice(0, i) : ref;
}

function clusterNames(
  end: DrFacts["primary"],
  outputs: Record<string, unknown>,
  resources: readonly CapturedResource[],
): ClusterNames {
  const clusters = isObj(outputs.clusters) ? outputs.clusters : {};
  const entry = clusters[end.cluster];
  const c: Record<string, unknown> = isObj(entry) ? entry : {};
  const name =
    typeof c.clusterName === "string" && c.clusterName !== "" ? c.clusterName : end.cluster;
  const gke = resources.find(
    (r) => r.type === "gcp:container/cluster:Cluster" && r.inputs.name === name,
  );
  const project = typeof gke?.inputs.project === "string" ? gke.inputs.project : undefined;
  const context = end.cloud === "gcp" ? `gke_${project ?? "PROJECT"}_${end.region}_${name}` : name;
  return {
    configName: end.cluster,
    cloud: end.cloud,
    region: end.region,
    name,
    ...(project ? { project } : {}),
    context,
  };
}

/**
 * The names the steps use, read from the failover run: cluster names from the stack outputs, the DR
 * resources to target, and whether the program still reaches into the primary region.
 */
export function runbookNames(
  facts: DrFacts,
  failover: {
    readonly resources: readonly CapturedResource[];
    readonly outputs: Record<string, unknown>;
  },
): RunbookNames {
  const primary = clusterNames(facts.primary, failover.outputs, failover.resources);
  const secondary = clusterNames(facts.secondary, failover.outputs, failover.resources);
  // The DR component's descendants that a failover changes: pools, DNS records, health checks.
  const parents = new Map(failover.resources.map((r) => [r.urn, r.parent]));
  const underDr = (urn: string) => {
    for (let p = parents.get(urn); p !== undefined; p = parents.get(p)) {
      if (p === facts.urn) {
        return true;
      }
    }
    return false;
  };
  const targets = failover.resources
    .filter((r) => r.custom && underDr(r.urn))
    .filter((r) =>
      /route53|\/recordSet:|nodeGroup:NodeGroup|nodePool:NodePool|healthCheck/i.test(r.type),
    )
    .map((r) => r.urn)
    .sort();
  // Providers configured for the primary region, and the resources that use them.
  const primaryProviders = new Set(
    failover.resources
      .filter(
        (r) => r.type.startsWith("pulumi:providers:") && r.inputs.region === facts.primary.region,
      )
      .map((r) => r.urn),
  );
  const inPrimary = failover.resources.filter((r) =>
    primaryProviders.has(providerUrn(r.provider) ?? ""),
  );
  const pools = inPrimary.filter((r) => /nodeGroup:NodeGroup|nodePool:NodePool/.test(r.type));
  const targetBlocked =
    inPrimary.length === 0
      ? undefined
      : `the program still manages ${inPrimary.length} resource(s) in ${facts.primary.region}` +
        (pools.length > 0
          ? ` (its node groups look up their subnets there on every run, targeted or not)`
          : "") +
        `: Pulumi configures that region's provider and runs those lookups before it looks at --target`;
  return { primary, secondary, targets, ...(targetBlocked ? { targetBlocked } : {}) };
}

/** A shell-safe single-quoted word. */
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Commands that create the kubectl context the other commands use. */
function contextCommands(c: ClusterNames): string[] {
  return c.cloud === "gcp"
    ? [
        `gcloud container clusters get-credentials ${c.name} --region ${c.region}${c.project ? ` --project ${c.project}` : ""}   # context ${c.context}`,
      ]
    : [`aws eks update-kubeconfig --region ${c.region} --name ${c.name} --alias ${c.context}`];
}

/**
 * Raising a pool to `n` nodes without ever lowering it: the current size is read first, the minimum
 * set to `n`, the desired size to the larger of the two.
 */
function raiseCommands(
  c: ClusterNames,
  pool: { resourceName: string; servingNodes: number; maxNodes: number },
): string[] {
  const n = Math.min(pool.servingNodes, pool.maxNodes);
  const v = pool.resourceName.replace(/[^A-Za-z0-9]/g, "_").toUpperCase();
  if (c.cloud === "gcp") {
    const loc = `--cluster ${c.name} --region ${c.region}${c.project ? ` --project ${c.project}` : ""}`;
    return [
      `${v}=$(gcloud container node-pools list ${loc} --format='value(name)' --filter=${q(`name~^${pool.resourceName}`)} | head -n1)`,
      `gcloud container node-pools update "$${v}" ${loc} --enable-autoscaling --total-min-nodes ${n} --total-max-nodes ${pool.maxNodes}`,
      `NOW=$(kubectl --context ${c.context} get nodes -l cloud.google.com/gke-nodepool="$${v}" --no-headers | wc -l)`,
      `ZONES=$(gcloud container node-pools describe "$${v}" ${loc} --format='value(locations.len())')`,
      `[ "$NOW" -lt ${n} ] && gcloud container clusters resize ${c.name} --node-pool "$${v}" --region ${c.region}${c.project ? ` --project ${c.project}` : ""} --num-nodes $(( (${n} + ZONES - 1) / ZONES )) --quiet   # only when below ${n} nodes; the count is per zone`,
    ];
  }
  return [
    `${v}=$(aws eks list-nodegroups --region ${c.region} --cluster-name ${c.name} --query ${q(`nodegroups[?starts_with(@, \`${pool.resourceName}\`)] | [0]`)} --output text)`,
    `NOW=$(aws eks describe-nodegroup --region ${c.region} --cluster-name ${c.name} --nodegroup-name "$${v}" --query 'nodegroup.scalingConfig.desiredSize' --output text)`,
    `aws eks update-nodegroup-config --region ${c.region} --cluster-name ${c.name} --nodegroup-name "$${v}" --scaling-config "minSize=${n},maxSize=${pool.maxNodes},desiredSize=$(( NOW > ${n} ? NOW : ${n} ))"`,
  ];
}

/** A UTC timestamp an hour ago and now, with GNU or BSD date. */
const HOUR_AGO = `"$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v-1H +%Y-%m-%dT%H:%M:%SZ)"`;
const NOW = `"$(date -u +%Y-%m-%dT%H:%M:%SZ)"`;

function healthCommands(dr: DrFacts, endpoint: string, expect: "fails" | "passes"): string[] {
  if (dr.dns.provider === "cloud-dns") {
    return [
      `curl -fsS --max-time 10 --resolve ${dr.dns.fqdn}:443:${endpoint} https://${dr.dns.fqdn}${dr.dns.healthCheckPath}   # ${expect}`,
      `gcloud dns record-sets describe ${dr.dns.fqdn}. --type=A --zone=${String(dr.dns.managedZone)}`,
    ];
  }
  return [
    `curl -fsS --max-time 10 https://${endpoint}${dr.dns.healthCheckPath}   # ${expect}`,
    `HC=$(aws route53 list-health-checks --query ${q(`HealthChecks[?HealthCheckConfig.FullyQualifiedDomainName=='${endpoint}'].Id | [0]`)} --output text)`,
    `aws route53 get-health-check-status --health-check-id "$HC" --query 'HealthCheckObservations[].StatusReport.Status' --output text`,
  ];
}

function dataCommands(dr: DrFacts, s: ClusterNames, p: ClusterNames): string[] {
  const r = dr.replication;
  const lines: string[] = [];
  if (r.mechanism === "sts-hourly") {
    lines.push(
      `JOB=$(gcloud transfer jobs list${s.project ? ` --project ${s.project}` : ""} --job-statuses=enabled --format='value(name)' | head -n1)`,
      `gcloud transfer operations list --job-names="$JOB" --limit=1   # when the last copy ended`,
      `gcloud storage ls gs://${r.replicaBucket}/`,
    );
  } else if (r.mechanism.startsWith("s3")) {
    lines.push(
      `aws s3 ls s3://${r.replicaBucket}/ --region ${s.region}`,
      `aws cloudwatch get-metric-statistics --region ${s.region} --namespace AWS/S3 --metric-name ReplicationLatency --dimensions Name=SourceBucket,Value=${r.sourceBucket} Name=DestinationBucket,Value=${r.replicaBucket} Name=RuleId,Value=dr-to-${s.region} --statistics Maximum --period 300 --start-time ${HOUR_AGO} --end-time ${NOW}`,
    );
  } else if (r.sourceBucket !== undefined) {
    lines.push(
      `gcloud storage buckets describe gs://${r.sourceBucket} --format="value(rpo,custom_placement_config)"`,
    );
  }
  if (dr.backups.clusters.length > 0) {
    lines.push(
      `velero --kubecontext ${s.context} backup get   # newest backup of ${p.configName}: ${dr.name}-${p.configName}-*`,
      `velero --kubecontext ${s.context} restore create --from-schedule ${dr.name}-${p.configName}   # only for objects not in Git`,
    );
  }
  return lines;
}

const sh = (lines: readonly string[]) => ["   ```sh", ...lines.map((l) => `   ${l}`), "   ```"];

/** The `## Steps` and `## Rollback` sections of a production stack's runbook. */
export function renderSteps(options: {
  readonly stack: string;
  readonly stackFile: string;
  readonly dr: DrFacts;
  readonly names: RunbookNames;
}): string[] {
  const { stack, stackFile, dr, names } = options;
  const p = names.primary;
  const s = names.secondary;
  const route = dr.dns.provider === "cloud-dns" ? "Cloud DNS" : "Route 53";
  const md: string[] = ["## Steps", ""];
  md.push(
    `Run the steps in order; each block is safe to paste as it is. Commands use the ${s.region} region explicitly.`,
    "",
    `1. **Confirm the outage.** ${route} marks the primary unhealthy after ${dr.dns.failureThreshold} failed checks ` +
      `${dr.dns.healthCheckIntervalSeconds} s apart and then answers with the secondary.`,
    ...sh([
      ...healthCommands(dr, dr.primary.endpoint, "fails"),
      `dig +short ${dr.dns.fqdn}   # -> ${dr.secondary.endpoint}`,
    ]),
    `2. **Reach the secondary cluster** (creates the kubectl context \`${s.context}\`).`,
    ...sh(contextCommands(s)),
    `3. **Raise the standby pools to serving size, never lower.** The cluster autoscaler may already have added nodes: ` +
      "each block reads the current size first and only raises the minimum and the desired size.",
    ...sh(dr.standbyPools.flatMap((x) => raiseCommands(s, x))),
    "4. **Check capacity and serving.**",
    ...sh([
      ...dr.standbyPools.map(
        (x) => `kubectl --context ${s.context} get nodes -l hybrid-ai/pool=${x.resourceName}`,
      ),
      `curl -fsS --max-time 10 https://${dr.secondary.endpoint}${dr.dns.healthCheckPath}   # passes`,
    ]),
    `5. **Record the failover in the stack config and commit it**, so the next deployment keeps the secondary primary:`,
    ...sh([
      `pulumi config set --path disasterRecovery.failover true -s ${stack}`,
      `npx hai rehearse --stack ${stack}   # the plan: what the next pulumi up changes`,
      `git add ${stackFile} && git commit -m ${q(`${stack}: fail over to ${s.configName} (${s.region})`)} && git push`,
    ]),
  );
  if (names.targetBlocked === undefined && names.targets.length > 0) {
    md.push(
      "6. **Apply the DR resources only** (the primary's are unreachable):",
      ...sh([
        `pulumi up -s ${stack} ${names.targets.map((t) => `--target ${q(t)}`).join(" ")} --target-dependents`,
      ]),
    );
  } else {
    md.push(
      `6. **Apply once ${p.region} answers again.** \`pulumi up --target\` does not help here: ${names.targetBlocked ?? "the stack has no DR resources to target"}. ` +
        `Steps 3-4 already serve from ${s.region} and ${route} has already moved the traffic; the committed config makes the next deployment agree.`,
      ...sh([`pulumi preview -s ${stack} && pulumi up -s ${stack}`]),
    );
  }
  md.push("7. **Check the data.**", ...sh(dataCommands(dr, s, p)), "");

  md.push("## Rollback (fail back once the primary is healthy)", "");
  md.push(
    `1. **Confirm the primary is healthy**, the same way the outage was confirmed:`,
    ...sh([...healthCommands(dr, dr.primary.endpoint, "passes"), ...contextCommands(p)]),
    `2. **Check the primary's capacity** before it takes traffic back:`,
    ...sh([
      `kubectl --context ${p.context} get nodes -l nvidia.com/gpu.present=true`,
      `kubectl --context ${p.context} get pods -A -l app.kubernetes.io/component=inference`,
    ]),
    "3. **Copy what was written in the secondary back** (replication runs primary → secondary only):",
    ...sh([
      dr.replication.mechanism === "sts-hourly"
        ? `gcloud storage rsync --recursive gs://${dr.replication.replicaBucket} s3://${dr.replication.sourceBucket}   # needs AWS credentials for s3://`
        : dr.replication.mechanism.startsWith("s3")
          ? `aws s3 sync s3://${dr.replication.replicaBucket} s3://${dr.replication.sourceBucket} --source-region ${s.region} --region ${p.region}`
          : "true   # a dual-region bucket serves both regions: nothing to copy",
    ]),
    "4. **Hand the roles back, commit, and check the plan and the result:**",
    ...sh([
      `pulumi config set --path disasterRecovery.failover false -s ${stack}`,
      `npx hai rehearse --stack ${stack}   # the fail-back plan`,
      `git add ${stackFile} && git commit -m ${q(`${stack}: fail back to ${p.configName} (${p.region})`)} && git push`,
      `pulumi preview -s ${stack} && pulumi up -s ${stack}`,
      `dig +short ${dr.dns.fqdn}   # -> ${dr.primary.endpoint}`,
    ]),
    `5. The standby pools keep their nodes until the cluster autoscaler removes idle ones (their node count is the autoscaler's; \`pulumi up\` does not lower it).`,
    "",
  );
  return md;
}
