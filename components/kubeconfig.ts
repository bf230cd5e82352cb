/**
 * Kubeconfigs for clusters reached through the cloud's own CLI (`aws eks get-token`,
 * `gke-gcloud-auth-plugin`): they hold no credential. Callers wrap them in `pulumi.secret` all the
 * same, like every kubeconfig.
 */

/** The exec user of an EKS cluster: a token from `aws eks get-token`. */
export function eksExecUser(clusterName: string, region: string): Record<string, unknown> {
  return {
    exec: {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region],
    },
  };
}

/** The exec user of a GKE cluster: `gke-gcloud-auth-plugin`. */
export const GKE_EXEC_USER: Record<string, unknown> = {
  exec: {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "gke-gcloud-auth-plugin",
    provideClusterInfo: true,
  },
};

/** A one-cluster kubeconfig as JSON: cluster, context and user all named `name`. */
export function kubeconfigJson(
  name: string,
  server: string,
  caData: string,
  user: Record<string, unknown>,
): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server, "certificate-authority-data": caData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [{ name, user }],
  });
}
