// A synthetic GPU fleet of about `targetResources` resources, for `npm run bench` (bench/fleet runs it).
"use strict";

/**
 * Resources the fleet registers (checked against the real count by the bench):
 * AWS cluster: component, provider, node role, 3 policy attachments = 6; each AWS pool: component,
 * node group, 5 ASG node-template tags = 7. GCP cluster: component, provider, service account,
 * 5 IAM members = 8; each GCP pool: component, node pool = 2. Plus the stack resource.
 */
function fleetClusters(targetResources) {
  const poolsPerCluster = 12;
  const awsCluster = 6 + 7 * poolsPerCluster;
  const gcpCluster = 8 + 2 * poolsPerCluster;
  const pair = awsCluster + gcpCluster;
  const pairs = Math.max(1, Math.round(targetResources / pair));
  const gpus = ["l4", "a10g", "t4", "l40s"];
  const clusters = [];
  for (let i = 0; i < pairs; i++) {
    const region = i % 2 === 0 ? "us-east-1" : "us-west-2";
    clusters.push({
      name: `aws-${i}`,
      cloud: "aws",
      region,
      existingClusterName: `fleet-${i}`,
      subnetIds: [`subnet-${i}a`, `subnet-${i}b`],
      gpuPools: Array.from({ length: poolsPerCluster }, (_, j) => ({
        name: `p${j}`,
        gpu: gpus[j % gpus.length],
        minNodes: j % 3,
        maxNodes: 4 + j,
        capacity: j % 2 ? "spot" : "on-demand",
        zones: [`${region}a`, `${region}b`],
      })),
    });
    const gregion = i % 2 === 0 ? "us-central1" : "europe-west4";
    clusters.push({
      name: `gcp-${i}`,
      cloud: "gcp",
      region: gregion,
      project: `acme-${i}`,
      existingClusterName: `fleet-${i}`,
      gpuPools: Array.from({ length: poolsPerCluster }, (_, j) => ({
        name: `p${j}`,
        gpu: "l4",
        minNodes: j % 2,
        maxNodes: 2 + j,
        capacity: "spot",
        zones: [`${gregion}-a`, `${gregion}-b`],
      })),
    });
  }
  return { clusters, expectedResources: 1 + pairs * pair, pools: pairs * 2 * poolsPerCluster };
}

module.exports = { fleetClusters };
