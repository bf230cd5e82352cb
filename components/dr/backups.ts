/**
 * Cluster backups of a `DisasterRecoveryRegion`: a Velero Schedule per cluster, applied through a
 * Kubernetes provider whose kubeconfig is read from the cloud and holds no credential.
 */
import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { DrClusterArgs } from "./types";
import { HELM_CHARTS } from "../../model/rules/defaults";
import { kubernetesCostLabels, type CostAllocation } from "../../model/tags";
import { GKE_EXEC_USER, eksExecUser, kubeconfigJson } from "../kubeconfig";

/** Namespace Velero runs in. */
export const VELERO_NAMESPACE = "velero";

/**
 * Schedules Velero backups of each cluster (`<name>-<cluster>` in the velero namespace), each through
 * its own Kubernetes provider; returns the clusters backed up.
 */
export function scheduleBackups(
  parent: pulumi.Resource,
  name: string,
  clusters: ReadonlyArray<{
    readonly role: "primary" | "secondary";
    readonly cluster: DrClusterArgs;
  }>,
  backups: { readonly schedule: string; readonly ttlHours: number },
  costAllocation: CostAllocation,
): string[] {
  return clusters.map(({ role, cluster }) => {
    // It holds no credential, but kubeconfigs stay secrets everywhere (the guardrail checks it), so
    // no one has to tell the two kinds apart.
    let provider: pulumi.ProviderResource;
    let dependsOn: pulumi.Resource[] = [];
    if (cluster.kubernetes !== undefined) {
      // A cluster this stack creates has no Velero: install it (and its CRDs) first.
      provider = cluster.kubernetes.provider;
      const chart = HELM_CHARTS.velero;
      const velero = new k8s.helm.v3.Release(
        `${name}-${role}-velero`,
        {
          name: chart.chart,
          chart: chart.chart,
          version: chart.version,
          repositoryOpts: { repo: chart.repo },
          namespace: VELERO_NAMESPACE,
          createNamespace: true,
          values: {
            // The backup storage location and credentials are the operator's to configure
            // (README "Disaster recovery"); the Schedules below only need the CRDs and server.
            snapshotsEnabled: false,
            deployNodeAgent: false,
          },
        },
        { parent, provider, dependsOn: [...cluster.kubernetes.ready] },
      );
      dependsOn = [velero];
    } else {
      const kubeconfig = pulumi.secret(
        kubeconfigFor(cluster, { parent, provider: cluster.provider! }),
      );
      provider = new k8s.Provider(`${name}-${role}-k8s`, { kubeconfig }, { parent });
    }
    new k8s.apiextensions.CustomResource(
      `${name}-${role}-backup`,
      {
        apiVersion: "velero.io/v1",
        kind: "Schedule",
        metadata: {
          name: `${name}-${cluster.name}`,
          namespace: VELERO_NAMESPACE,
          labels: { ...kubernetesCostLabels(costAllocation), "hybrid-ai/dr": name },
        },
        spec: {
          schedule: backups.schedule,
          useOwnerReferencesInBackup: false,
          template: {
            ttl: `${backups.ttlHours}h0m0s`,
            includedNamespaces: ["*"],
            snapshotVolumes: false,
          },
        },
      },
      { parent, provider, dependsOn },
    );
    return cluster.name;
  });
}

/**
 * A kubeconfig for a cluster, read from the cloud by name, authenticating with the cloud's CLI
 * (`aws eks get-token`, `gke-gcloud-auth-plugin`): it holds no credential.
 */
export function kubeconfigFor(
  cluster: DrClusterArgs,
  opts: pulumi.InvokeOutputOptions,
): pulumi.Output<string> {
  if (cluster.cloud === "aws") {
    const eks = aws.eks.getClusterOutput({ name: cluster.clusterName! }, opts);
    return pulumi
      .all([eks.endpoint, eks.certificateAuthorities, eks.name])
      .apply(([endpoint, cas, clusterName]) =>
        kubeconfigJson(
          cluster.name,
          endpoint,
          cas[0]?.data ?? "",
          eksExecUser(clusterName, cluster.region),
        ),
      );
  }
  const gke = gcp.container.getClusterOutput(
    { name: cluster.clusterName!, location: cluster.region, project: cluster.project },
    opts,
  );
  return pulumi
    .all([gke.endpoint, gke.masterAuths])
    .apply(([endpoint, auths]) =>
      kubeconfigJson(
        cluster.name,
        `https://${endpoint}`,
        auths[0]?.clusterCaCertificate ?? "",
        GKE_EXEC_USER,
      ),
    );
}
