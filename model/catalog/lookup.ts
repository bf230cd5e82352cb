/** Pure look-ups over the catalog tables. */
import { GPUS } from "./gpus";
import { PRICES } from "./prices";
import { SHAPES } from "./shapes";
import type { Cloud, GpuId, GpuModel, InstanceShape, Price } from "./types";

/** The GPU model for a catalog id (`"l4"`), or `undefined` for an id the catalog does not know. */
export function gpuById(id: string): GpuModel | undefined {
  return Object.prototype.hasOwnProperty.call(GPUS, id) ? GPUS[id as GpuId] : undefined;
}

/** The shapes of one cloud, optionally only those carrying the given GPU, in catalog order (a new array). */
export function shapesFor(cloud: Cloud, gpu?: GpuId): InstanceShape[] {
  return SHAPES.filter((s) => s.cloud === cloud && (gpu === undefined || s.gpu === gpu));
}

/** The shape of a cloud with this EC2 instance type or GCE machine type name, or `undefined`. */
export function shapeByName(cloud: Cloud, name: string): InstanceShape | undefined {
  return SHAPES.find((s) => s.cloud === cloud && s.name === name);
}

/**
 * The default shape for a GPU on a cloud. With `gpusPerNode`, it is the shape with the fewest vCPUs that
 * carries exactly that many of the GPU. Without it, it is the shape with the fewest GPUs, and then the
 * fewest vCPUs. Returns `undefined` when the cloud has no such shape (e.g. A10G on GCP).
 */
export function defaultShape(
  cloud: Cloud,
  gpu: GpuId,
  gpusPerNode?: number,
): InstanceShape | undefined {
  const candidates = shapesFor(cloud, gpu).filter(
    (s) => gpusPerNode === undefined || s.gpusPerNode === gpusPerNode,
  );
  let best: InstanceShape | undefined;
  for (const s of candidates) {
    if (
      best === undefined ||
      s.gpusPerNode < best.gpusPerNode ||
      (s.gpusPerNode === best.gpusPerNode && s.vcpu < best.vcpu)
    ) {
      best = s;
    }
  }
  return best;
}

/** The catalog price of a shape in a region, or `undefined` when none was found (an unknown price). */
export function priceOf(cloud: Cloud, region: string, instanceType: string): Price | undefined {
  return PRICES.find(
    (p) => p.cloud === cloud && p.region === region && p.instanceType === instanceType,
  );
}
