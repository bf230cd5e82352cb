/**
 * Zones where a GPU machine shape can run, per region. A zone of the right region is not enough: GKE
 * answers `Accelerator type ... does not exist in zone` for an A100 80GB pool in europe-west4-b.
 *
 * GCP only, and only the accelerator-optimized shapes (A2, A3) whose zones were read: GCP zone names
 * are the same for every project. AWS zone names map to different physical zones per account (only
 * zone ids like use1-az4 are stable), so EC2 shapes are checked per region (the price table), not
 * per zone here.
 *
 * A shape and region with no row here is not checked (its zones were not read); it is not assumed
 * to be everywhere or nowhere. One row per shape and region.
 */

/** Where a figure comes from (the catalog's own source shape). */
export interface ZoneSource {
  readonly url: string;
  readonly date: string;
  readonly note?: string;
}

/** The zones of one region where one shape is offered. */
export interface ShapeZones {
  readonly cloud: "gcp";
  /** GCE machine type. */
  readonly shape: string;
  readonly region: string;
  readonly zones: readonly string[];
  readonly source: ZoneSource;
}

const SKYPILOT_GCP_ZONES: ZoneSource = {
  url: "https://github.com/skypilot-org/skypilot-catalog/blob/017e2502fb63c7a28757acd94002b2d6099d3e3d/catalogs/v7/gcp/vms.csv",
  date: "2026-11-30",
  note: "AvailabilityZone column of the shape's rows (the same commit as the catalog's prices; snapshot date unknown). europe-west4 has A100 80GB (a2-ultragpu) in europe-west4-a only.",
};

const z = (shape: string, region: string, zones: string[]): ShapeZones => ({
  cloud: "gcp",
  shape,
  region,
  zones,
  source: SKYPILOT_GCP_ZONES,
});

// prettier-ignore
export const SHAPE_ZONES: readonly ShapeZones[] = [
  z("a2-highgpu-1g", "europe-west4", ["europe-west4-a", "europe-west4-b"]),
  z("a2-highgpu-2g", "europe-west4", ["europe-west4-a", "europe-west4-b"]),
  z("a2-highgpu-4g", "europe-west4", ["europe-west4-a", "europe-west4-b"]),
  z("a2-highgpu-8g", "europe-west4", ["europe-west4-a", "europe-west4-b"]),
  z("a2-highgpu-1g", "us-central1", ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]),
  z("a2-highgpu-2g", "us-central1", ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]),
  z("a2-highgpu-4g", "us-central1", ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]),
  z("a2-highgpu-8g", "us-central1", ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"]),
  z("a2-highgpu-1g", "us-east1", ["us-east1-b"]),
  z("a2-highgpu-2g", "us-east1", ["us-east1-b"]),
  z("a2-highgpu-4g", "us-east1", ["us-east1-b"]),
  z("a2-highgpu-8g", "us-east1", ["us-east1-b"]),
  z("a2-ultragpu-1g", "europe-west4", ["europe-west4-a"]),
  z("a2-ultragpu-2g", "europe-west4", ["europe-west4-a"]),
  z("a2-ultragpu-4g", "europe-west4", ["europe-west4-a"]),
  z("a2-ultragpu-8g", "europe-west4", ["europe-west4-a"]),
  z("a2-ultragpu-1g", "us-central1", ["us-central1-a", "us-central1-c"]),
  z("a2-ultragpu-2g", "us-central1", ["us-central1-a", "us-central1-c"]),
  z("a2-ultragpu-4g", "us-central1", ["us-central1-a", "us-central1-c"]),
  z("a2-ultragpu-8g", "us-central1", ["us-central1-a", "us-central1-c"]),
  z("a2-ultragpu-1g", "us-east1", []),
  z("a2-ultragpu-2g", "us-east1", []),
  z("a2-ultragpu-4g", "us-east1", []),
  z("a2-ultragpu-8g", "us-east1", []),
  z("a3-highgpu-8g", "europe-west4", ["europe-west4-b", "europe-west4-c"]),
  z("a3-highgpu-8g", "us-central1", ["us-central1-a", "us-central1-b", "us-central1-c"]),
  z("a3-highgpu-8g", "us-east1", []),
  z("a3-ultragpu-8g", "europe-west4", ["europe-west4-a"]),
  z("a3-ultragpu-8g", "us-central1", ["us-central1-b"]),
  z("a3-ultragpu-8g", "us-east1", []),
];

/** The zones of `region` offering `shape`, or `undefined` when they were not read. */
export function shapeZones(shape: string, region: string): readonly string[] | undefined {
  return SHAPE_ZONES.find((r) => r.shape === shape && r.region === region)?.zones;
}

/** The row behind {@link shapeZones}, for its source. */
export function shapeZonesRow(shape: string, region: string): ShapeZones | undefined {
  return SHAPE_ZONES.find((r) => r.shape === shape && r.region === region);
}
