/**
 * Accelerator memory of the edge hardware classes an edge site declares (`hardware:`), so sizing can
 * say which models fit at the edge. One row per class. The classes are the edge component's own
 * (`nvidia-l4`, `nvidia-t4`, `nvidia-a2`, `jetson-orin`, `cpu`); a site has one accelerator unless it
 * says otherwise.
 *
 * Edge boxes are bought, not rented: there is no hourly price. Sizing lists them after the priced
 * shapes, with their memory and a config snippet.
 */
import type { Source } from "./types";

export const EDGE_HARDWARE_DATE = "2026-11-30";

/** One edge hardware class. */
export interface EdgeHardwareRow {
  /** The edge site's `hardware:` value. */
  readonly id: string;
  readonly name: string;
  /** Memory a model can use on one accelerator; 0 for `cpu`. */
  readonly acceleratorMemoryGiB: number;
  /** Whether that memory is shared with the CPU (Jetson's unified memory). */
  readonly unifiedMemory: boolean;
  readonly source: Source;
}

const NOT_REREAD =
  "Figure from NVIDIA's product page as commonly cited; not re-read for this table.";
const CATALOG_GPU = {
  url: "https://docs.aws.amazon.com/deadline-cloud/latest/APIReference/API_AcceleratorSelection.html",
  date: EDGE_HARDWARE_DATE,
  note: "The same memory as the GPU catalog's row for this GPU (gpus.ts).",
} as const satisfies Source;
const A2 = {
  url: "https://www.nvidia.com/en-us/data-center/products/a2/",
  date: EDGE_HARDWARE_DATE,
  note: `16 GB GDDR6, 40-60 W. ${NOT_REREAD}`,
} as const satisfies Source;
const ORIN = {
  url: "https://developer.nvidia.com/embedded/jetson-modules",
  date: EDGE_HARDWARE_DATE,
  note: `Jetson AGX Orin 64GB: 64 GB LPDDR5 shared by CPU and GPU (the 32 GB module and Orin NX/Nano have less). ${NOT_REREAD}`,
} as const satisfies Source;
const CPU = {
  url: "components/edge/servers.ts",
  date: EDGE_HARDWARE_DATE,
} as const satisfies Source;

function edge(
  id: string,
  name: string,
  acceleratorMemoryGiB: number,
  unifiedMemory: boolean,
  source: Source,
): EdgeHardwareRow {
  return { id, name, acceleratorMemoryGiB, unifiedMemory, source };
}

/** Edge hardware classes, one per line. */
export const EDGE_HARDWARE_ROWS: readonly EdgeHardwareRow[] = [
  edge("nvidia-l4", "NVIDIA L4", 24, false, CATALOG_GPU),
  edge("nvidia-t4", "NVIDIA T4", 16, false, CATALOG_GPU),
  edge("nvidia-a2", "NVIDIA A2", 16, false, A2),
  edge("jetson-orin", "NVIDIA Jetson AGX Orin 64GB", 64, true, ORIN),
  edge("cpu", "CPU only", 0, false, CPU),
];

/** The row of an edge hardware class, or `undefined`. */
export function edgeHardwareById(id: string): EdgeHardwareRow | undefined {
  return EDGE_HARDWARE_ROWS.find((r) => r.id === id);
}
