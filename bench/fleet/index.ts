/**
 * A platform team's Pulumi program on hybrid-ai's components, sized by config (`gpu-fleet:resources`):
 * the program `npm run bench` reviews. It registers what bench/generate.js says, one cluster at a
 * time (it waits for a cluster's pools before the next, as a program reading them would).
 */
import * as pulumi from "@pulumi/pulumi";
import { GpuCluster, type GpuPoolArgs } from "../../components";
import type { Cloud } from "../../model/catalog/types";

interface FleetCluster {
  readonly name: string;
  readonly cloud: Cloud;
  readonly region: string;
  readonly existingClusterName: string;
  readonly subnetIds?: string[];
  readonly project?: string;
  readonly gpuPools: GpuPoolArgs[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript shared with bench/run.js
const { fleetClusters } = require("../generate") as {
  fleetClusters: (n: number) => { clusters: FleetCluster[] };
};

export = async (): Promise<Record<string, unknown>> => {
  const size = new pulumi.Config().requireNumber("resources");
  const costAllocation = {
    owner: "platform",
    costCenter: "cc-0000",
    environment: "prod" as const,
    stack: pulumi.getStack(),
  };
  let pools = 0;
  for (const c of fleetClusters(size).clusters) {
    const { gpuPools, ...args } = c;
    const cluster = new GpuCluster(c.name, { ...args, costAllocation });
    const names = gpuPools.map((pool) => cluster.addGpuPool(pool).nodePoolName);
    pools += names.length;
    // Wait for this cluster's pools before the next cluster, as a program that reads them would:
    // outstanding registrations do not pile up, and memory stays bounded by one cluster's worth.
    await new Promise((resolve) => pulumi.all(names).apply(resolve));
  }
  return { pools };
};
