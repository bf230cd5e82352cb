/**
 * Properties whose change makes the cloud provider replace a node pool rather than update it. A
 * preview says so itself (`replaceReasons`); a comparison of two mock runs (`hai review --base`) has no
 * provider to ask, so it reads this table.
 *
 * Sources (read 2026-11-30): the Terraform AWS provider's `aws_eks_node_group` schema (arguments marked
 * "forces new resource": ami_type, capacity_type, disk_size, instance_types, node_group_name,
 * node_group_name_prefix, node_role_arn, remote_access, subnet_ids) and the Google provider's
 * `google_container_node_pool` (cluster, location, name, name_prefix, and node_config fields such as
 * machine_type, guest_accelerator, disk_size_gb, disk_type, preemptible, spot, service_account,
 * oauth_scopes), which the Pulumi AWS and GCP providers bridge. `scalingConfig`, `labels`, `taints`,
 * `autoscaling`, `nodeCount` and tags update in place.
 */

/** One row per resource type: top-level input names (Pulumi's camelCase) that force replacement. */
// prettier-ignore
export const REPLACE_ON_CHANGE: Readonly<Record<string, readonly string[]>> = {
  "aws:eks/nodeGroup:NodeGroup": ["amiType", "capacityType", "diskSize", "instanceTypes", "nodeGroupName", "nodeGroupNamePrefix", "nodeRoleArn", "remoteAccess", "subnetIds", "clusterName"],
  "gcp:container/nodePool:NodePool": ["cluster", "location", "name", "namePrefix", "nodeConfig.machineType", "nodeConfig.guestAccelerators", "nodeConfig.diskSizeGb", "nodeConfig.diskType", "nodeConfig.preemptible", "nodeConfig.spot", "nodeConfig.serviceAccount", "nodeConfig.oauthScopes", "nodeConfig.imageType"],
};

/** Whether changing `path` (e.g. `instanceTypes[0]`, `nodeConfig.machineType`) replaces a resource of `type`. */
export function replacesOnChange(type: string, path: string): boolean {
  const keys = REPLACE_ON_CHANGE[type];
  if (keys === undefined) {
    return false;
  }
  return keys.some((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`));
}
