/** GPU models: memory and board power of the variant the clouds run, each with its source. */
import {
  CATALOG_DATE,
  AWS_DEADLINE_ACCELERATORS,
  SKYPILOT_AWS_CSV,
  SNAPSHOT,
  TDP_FROM_DESIGN,
} from "./sources";
import type { GpuId, GpuModel } from "./types";

/** Every GPU the catalog knows, by catalog id: memory (GiB) and board power (W) of the variant the clouds run. */
export const GPUS: Readonly<Record<GpuId, GpuModel>> = {
  t4: {
    id: "t4",
    name: "NVIDIA T4",
    memoryGiB: 16,
    tdpWatts: 70,
    source: {
      ...AWS_DEADLINE_ACCELERATORS,
      note: `${AWS_DEADLINE_ACCELERATORS.note} ${TDP_FROM_DESIGN}`,
    },
  },
  a10g: {
    id: "a10g",
    name: "NVIDIA A10G",
    memoryGiB: 24,
    tdpWatts: 150,
    source: {
      ...AWS_DEADLINE_ACCELERATORS,
      note: `${AWS_DEADLINE_ACCELERATORS.note} No authoritative A10G power figure was found. The A10G is the AWS variant of the A10 (same 24 GB of GDDR6, per https://www.baseten.co/blog/nvidia-a10-vs-a10g-for-ml-model-inference/), so the figure used is the A10's 150 W board power, not a published A10G one.`,
    },
  },
  l4: {
    id: "l4",
    name: "NVIDIA L4",
    memoryGiB: 24,
    tdpWatts: 72,
    source: {
      ...AWS_DEADLINE_ACCELERATORS,
      note: `${AWS_DEADLINE_ACCELERATORS.note} ${TDP_FROM_DESIGN}`,
    },
  },
  l40s: {
    id: "l40s",
    name: "NVIDIA L40S",
    memoryGiB: 48,
    tdpWatts: 350,
    source: {
      ...AWS_DEADLINE_ACCELERATORS,
      note: `${AWS_DEADLINE_ACCELERATORS.note} ${TDP_FROM_DESIGN}`,
    },
  },
  "a100-40gb": {
    id: "a100-40gb",
    name: "NVIDIA A100 40GB SXM4",
    memoryGiB: 40,
    tdpWatts: 400,
    source: {
      url: SKYPILOT_AWS_CSV,
      date: CATALOG_DATE,
      note: `${SNAPSHOT}. Memory: p4d.24xlarge GpuInfo, 40960 MiB per A100. ${TDP_FROM_DESIGN} SXM4 is the form used in p4d and a2-highgpu.`,
    },
  },
  "a100-80gb": {
    id: "a100-80gb",
    name: "NVIDIA A100 80GB SXM4",
    memoryGiB: 80,
    tdpWatts: 400,
    source: {
      url: SKYPILOT_AWS_CSV,
      date: CATALOG_DATE,
      note: `${SNAPSHOT}. Memory: p4de.24xlarge GpuInfo, 81920 MiB per GPU. Power: the A100 SXM4 figure from shared/DESIGN.md (not re-read); some OEM 80GB SXM boards are configured higher. SXM4 is the form used in p4de and a2-ultragpu.`,
    },
  },
  h100: {
    id: "h100",
    name: "NVIDIA H100 80GB SXM5",
    memoryGiB: 80,
    tdpWatts: 700,
    source: {
      url: "https://www.aiminingco.com/gpu/h200/specs",
      date: CATALOG_DATE,
      note: "The H200's 'TDP remains at 700W, matching the H100 SXM thermal envelope', which agrees with shared/DESIGN.md (H100 SXM 700 W). Memory: 80 GB, per p5.48xlarge GpuInfo in the SkyPilot AWS catalog (81920 MiB per GPU) and https://openmetal.io/resources/blog/how-the-h200-is-built-for-memory-bound-ai-workloads/. Both pages are third-party, not NVIDIA's datasheet. SXM5 is the form used in p5 and a3-highgpu.",
    },
  },
  h200: {
    id: "h200",
    name: "NVIDIA H200 141GB SXM5",
    memoryGiB: 141,
    tdpWatts: 700,
    source: {
      url: "https://openmetal.io/resources/blog/how-the-h200-is-built-for-memory-bound-ai-workloads/",
      date: CATALOG_DATE,
      note: "H200 SXM5: 141 GB HBM3e, 700 W TDP (a third-party page, not NVIDIA's datasheet). The memory agrees with p5e.48xlarge GpuInfo in the SkyPilot AWS catalog (144384 MiB = 141 GiB per GPU). SXM5 is the form used in p5e and a3-ultragpu.",
    },
  },
};
