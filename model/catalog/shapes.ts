/** Machine shapes that carry GPUs, one row per line: name, GPU, GPUs per node, vCPUs, memory GiB. */
import {
  GCP_N1_DOCS,
  SKYPILOT_AWS_SHAPE,
  SKYPILOT_GCP_N1_SHAPE,
  SKYPILOT_GCP_SHAPE,
} from "./sources";
import type { GpuId, InstanceShape, Source } from "./types";

function aws(
  name: string,
  gpu: GpuId,
  gpusPerNode: number,
  vcpu: number,
  memoryGiB: number,
): InstanceShape {
  return { cloud: "aws", name, gpu, gpusPerNode, vcpu, memoryGiB, source: SKYPILOT_AWS_SHAPE };
}

function gcp(
  name: string,
  gpu: GpuId,
  gpusPerNode: number,
  vcpu: number,
  memoryGiB: number,
  gcpAcceleratorType: string,
  source: Source = SKYPILOT_GCP_SHAPE,
): InstanceShape {
  return { cloud: "gcp", name, gpu, gpusPerNode, vcpu, memoryGiB, gcpAcceleratorType, source };
}

/** Every machine shape the catalog knows, AWS first. GCP shapes name the `guestAccelerators` type GKE needs. */
// prettier-ignore
export const SHAPES: readonly InstanceShape[] = [
  // AWS: G4dn (T4)
  aws("g4dn.xlarge", "t4", 1, 4, 16),
  aws("g4dn.2xlarge", "t4", 1, 8, 32),
  aws("g4dn.12xlarge", "t4", 4, 48, 192),
  // AWS: G5 (A10G)
  aws("g5.xlarge", "a10g", 1, 4, 16),
  aws("g5.2xlarge", "a10g", 1, 8, 32),
  aws("g5.4xlarge", "a10g", 1, 16, 64),
  aws("g5.12xlarge", "a10g", 4, 48, 192),
  aws("g5.48xlarge", "a10g", 8, 192, 768),
  // AWS: G6 (L4)
  aws("g6.xlarge", "l4", 1, 4, 16),
  aws("g6.2xlarge", "l4", 1, 8, 32),
  aws("g6.4xlarge", "l4", 1, 16, 64),
  aws("g6.12xlarge", "l4", 4, 48, 192),
  aws("g6.48xlarge", "l4", 8, 192, 768),
  // AWS: G6e (L40S)
  aws("g6e.xlarge", "l40s", 1, 4, 32),
  aws("g6e.2xlarge", "l40s", 1, 8, 64),
  aws("g6e.12xlarge", "l40s", 4, 48, 384),
  aws("g6e.48xlarge", "l40s", 8, 192, 1536),
  // AWS: P4d / P4de / P5 / P5e
  aws("p4d.24xlarge", "a100-40gb", 8, 96, 1152),
  aws("p4de.24xlarge", "a100-80gb", 8, 96, 1152),
  aws("p5.48xlarge", "h100", 8, 192, 2048),
  aws("p5e.48xlarge", "h200", 8, 192, 2048),

  // GCP: N1 + attached T4 (the GPU count is this catalog's convention for each shape)
  gcp("n1-standard-4", "t4", 1, 4, 15, "nvidia-tesla-t4", SKYPILOT_GCP_N1_SHAPE),
  gcp("n1-standard-8", "t4", 1, 8, 30, "nvidia-tesla-t4", SKYPILOT_GCP_N1_SHAPE),
  gcp("n1-standard-16", "t4", 2, 16, 60, "nvidia-tesla-t4", GCP_N1_DOCS),
  gcp("n1-standard-32", "t4", 4, 32, 120, "nvidia-tesla-t4", SKYPILOT_GCP_N1_SHAPE),
  // GCP: G2 (L4)
  gcp("g2-standard-4", "l4", 1, 4, 16, "nvidia-l4"),
  gcp("g2-standard-8", "l4", 1, 8, 32, "nvidia-l4"),
  gcp("g2-standard-12", "l4", 1, 12, 48, "nvidia-l4"),
  gcp("g2-standard-24", "l4", 2, 24, 96, "nvidia-l4"),
  gcp("g2-standard-48", "l4", 4, 48, 192, "nvidia-l4"),
  gcp("g2-standard-96", "l4", 8, 96, 384, "nvidia-l4"),
  // GCP: A2 (A100 40GB / 80GB)
  gcp("a2-highgpu-1g", "a100-40gb", 1, 12, 85, "nvidia-tesla-a100"),
  gcp("a2-highgpu-2g", "a100-40gb", 2, 24, 170, "nvidia-tesla-a100"),
  gcp("a2-highgpu-4g", "a100-40gb", 4, 48, 340, "nvidia-tesla-a100"),
  gcp("a2-highgpu-8g", "a100-40gb", 8, 96, 680, "nvidia-tesla-a100"),
  gcp("a2-ultragpu-1g", "a100-80gb", 1, 12, 170, "nvidia-a100-80gb"),
  gcp("a2-ultragpu-2g", "a100-80gb", 2, 24, 340, "nvidia-a100-80gb"),
  gcp("a2-ultragpu-4g", "a100-80gb", 4, 48, 680, "nvidia-a100-80gb"),
  gcp("a2-ultragpu-8g", "a100-80gb", 8, 96, 1360, "nvidia-a100-80gb"),
  // GCP: A3 (H100 / H200)
  gcp("a3-highgpu-8g", "h100", 8, 208, 1872, "nvidia-h100-80gb"),
  gcp("a3-ultragpu-8g", "h200", 8, 224, 2952, "nvidia-h200-141gb"),
];
