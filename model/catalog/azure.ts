/**
 * Azure GPU VM sizes that AKS can run as GPU node pools, and their Linux hourly prices.
 *
 * Where the figures come from
 * - Sizes (vCPU, memory, GPU model and count) and prices come from a SkyPilot catalog snapshot of Azure
 *   (`catalogs/v7/azure/vms.csv`), read on 2026-11-30 at the commit named in the sources. The snapshot
 *   holds US regions only (centralus, eastus, eastus2, northcentralus, southcentralus, westcentralus,
 *   westus, westus2, westus3); the regions below are the four where most GPU sizes are listed. Its date is
 *   unknown. SkyPilot builds the file from the Azure Retail Prices API.
 * - The GPU of each family is Microsoft's (NCasT4_v3: T4; NC A100 v4: A100 80GB PCIe; ND A100 v4: A100
 *   40GB / 80GB SXM; NCads H100 v5: H100 NVL; ND H100 v5: H100 SXM), as the CSV's AcceleratorName column
 *   and the Hugging Face Azure hardware table (https://huggingface.co/docs/microsoft-azure/azure-ai/hardware)
 *   give them.
 *
 * Reductions and corrections
 * - Spot: the CSV has one spot figure per region. **When a spot figure is more than half the on-demand
 *   price it is left out** (as for GCP): the H100 rows list spot equal to on-demand, which is not a spot
 *   price.
 * - The CSV gives ND96isr_H100_v5 12 GPUs; the size carries 8 (Hugging Face table above: "8 | 640 GB"),
 *   and 8 is used.
 * - No price is guessed: a size or region without a figure has none (`priceOf` returns `undefined`).
 */
import type { GpuModel, InstanceShape, Price, Source } from "./types";

/** The date the Azure rows were read (`YYYY-MM-DD`). */
export const AZURE_CATALOG_DATE = "2026-11-30";

const AZURE_CSV =
  "https://github.com/coopslarhette/skypilot-catalog/blob/dd2604fa22866db0d4467728f4a4aeccbdccbd45/catalogs/v7/azure/vms.csv";
const SNAPSHOT = "snapshot date unknown; read on 2026-11-30";

const AZURE_SHAPE = {
  url: AZURE_CSV,
  date: AZURE_CATALOG_DATE,
  note: `${SNAPSHOT}. vCPUs, MemoryGiB, AcceleratorName and AcceleratorCount columns.`,
} as const satisfies Source;

const AZURE_SHAPE_ND_H100 = {
  ...AZURE_SHAPE,
  note: `${AZURE_SHAPE.note} AcceleratorCount says 12; the size has 8 H100 (https://huggingface.co/docs/microsoft-azure/azure-ai/hardware: Standard_ND96isr_H100_v5, 8 GPUs, 640 GB).`,
} as const satisfies Source;

const AZURE_PRICE = {
  url: AZURE_CSV,
  date: AZURE_CATALOG_DATE,
  note: `${SNAPSHOT}. On-demand: Price column (Linux, pay-as-you-go). Spot: SpotPrice column.`,
} as const satisfies Source;

const AZURE_PRICE_NO_SPOT = {
  ...AZURE_PRICE,
  note: `${SNAPSHOT}. On-demand: Price column. The SpotPrice column equals the on-demand price for this size, so no spot price is given (see the module comment).`,
} as const satisfies Source;

/** GPUs that only Azure's catalog rows use; the shared GPUs (t4, a100-*, h100) live in gpus.ts. */
export const AZURE_GPUS = {
  "h100-nvl": {
    id: "h100-nvl",
    name: "NVIDIA H100 NVL 94GB",
    memoryGiB: 94,
    tdpWatts: 400,
    source: {
      url: "https://learn.microsoft.com/en-us/azure/virtual-machines/sizes/gpu-accelerated/ncadsh100v5-series",
      date: AZURE_CATALOG_DATE,
      note: "NCads H100 v5 sizes carry H100 NVL GPUs with 94 GB of HBM3 each. The board power is NVIDIA's H100 NVL maximum (350-400 W configurable); the upper figure is used. Neither figure was re-read for this catalog.",
    },
  },
} as const satisfies Record<string, GpuModel>;

function azure(
  name: string,
  gpu: InstanceShape["gpu"],
  gpusPerNode: number,
  vcpu: number,
  memoryGiB: number,
  source: Source = AZURE_SHAPE,
): InstanceShape {
  return { cloud: "azure", name, gpu, gpusPerNode, vcpu, memoryGiB, source };
}

/** Azure GPU sizes AKS can use for a GPU node pool, smallest first in each family. */
export const AZURE_SHAPES: readonly InstanceShape[] = [
  // NCasT4_v3 (T4)
  azure("Standard_NC4as_T4_v3", "t4", 1, 4, 28),
  azure("Standard_NC8as_T4_v3", "t4", 1, 8, 56),
  azure("Standard_NC16as_T4_v3", "t4", 1, 16, 110),
  azure("Standard_NC64as_T4_v3", "t4", 4, 64, 440),
  // NC A100 v4 (A100 80GB PCIe)
  azure("Standard_NC24ads_A100_v4", "a100-80gb", 1, 24, 220),
  azure("Standard_NC48ads_A100_v4", "a100-80gb", 2, 48, 440),
  azure("Standard_NC96ads_A100_v4", "a100-80gb", 4, 96, 880),
  // ND A100 v4 (A100 40GB / 80GB SXM)
  azure("Standard_ND96asr_v4", "a100-40gb", 8, 96, 900),
  azure("Standard_ND96amsr_A100_v4", "a100-80gb", 8, 96, 1800),
  // NCads H100 v5 (H100 NVL) and ND H100 v5 (H100 SXM)
  azure("Standard_NC40ads_H100_v5", "h100-nvl", 1, 40, 320),
  azure("Standard_NC80adis_H100_v5", "h100-nvl", 2, 80, 640),
  azure("Standard_ND96isr_H100_v5", "h100", 8, 96, 1900, AZURE_SHAPE_ND_H100),
];

function azurePrice(
  region: string,
  instanceType: string,
  onDemandUsdPerHour: number,
  spotUsdPerHour?: number,
): Price {
  return {
    cloud: "azure",
    region,
    instanceType,
    onDemandUsdPerHour,
    ...(spotUsdPerHour === undefined ? {} : { spotUsdPerHour }),
    source: spotUsdPerHour === undefined ? AZURE_PRICE_NO_SPOT : AZURE_PRICE,
  };
}

/** Linux prices in USD per hour in eastus, eastus2, westus3 and southcentralus. */
export const AZURE_PRICES: readonly Price[] = [
  // ---- NCasT4_v3 (T4)
  azurePrice("eastus", "Standard_NC4as_T4_v3", 0.526, 0.062699),
  azurePrice("eastus2", "Standard_NC4as_T4_v3", 0.526, 0.05786),
  azurePrice("westus3", "Standard_NC4as_T4_v3", 0.526, 0.05786),
  azurePrice("southcentralus", "Standard_NC4as_T4_v3", 0.631, 0.06941),
  azurePrice("eastus", "Standard_NC8as_T4_v3", 0.752, 0.089638),
  azurePrice("eastus2", "Standard_NC8as_T4_v3", 0.752, 0.08272),
  azurePrice("westus3", "Standard_NC8as_T4_v3", 0.752, 0.08272),
  azurePrice("southcentralus", "Standard_NC8as_T4_v3", 0.902, 0.09922),
  azurePrice("eastus", "Standard_NC16as_T4_v3", 1.204, 0.143517),
  azurePrice("eastus2", "Standard_NC16as_T4_v3", 1.204, 0.13244),
  azurePrice("westus3", "Standard_NC16as_T4_v3", 1.204, 0.13244),
  azurePrice("southcentralus", "Standard_NC16as_T4_v3", 1.445, 0.15895),
  azurePrice("eastus", "Standard_NC64as_T4_v3", 4.352, 0.518758),
  azurePrice("eastus2", "Standard_NC64as_T4_v3", 4.352, 0.47872),
  azurePrice("westus3", "Standard_NC64as_T4_v3", 4.352, 0.47872),
  azurePrice("southcentralus", "Standard_NC64as_T4_v3", 5.222, 0.57442),
  // ---- NC A100 v4
  azurePrice("eastus", "Standard_NC24ads_A100_v4", 3.673, 0.444433),
  azurePrice("eastus2", "Standard_NC24ads_A100_v4", 3.673, 0.47749),
  azurePrice("westus3", "Standard_NC24ads_A100_v4", 3.673, 0.40403),
  azurePrice("southcentralus", "Standard_NC24ads_A100_v4", 4.408, 0.57304),
  azurePrice("eastus", "Standard_NC48ads_A100_v4", 7.346, 0.888866),
  azurePrice("eastus2", "Standard_NC48ads_A100_v4", 7.346, 0.95498),
  azurePrice("westus3", "Standard_NC48ads_A100_v4", 7.346, 0.80806),
  azurePrice("southcentralus", "Standard_NC48ads_A100_v4", 8.815, 1.14595),
  azurePrice("eastus", "Standard_NC96ads_A100_v4", 14.692, 1.777732),
  azurePrice("eastus2", "Standard_NC96ads_A100_v4", 14.692, 1.90996),
  azurePrice("westus3", "Standard_NC96ads_A100_v4", 14.692, 1.61612),
  azurePrice("southcentralus", "Standard_NC96ads_A100_v4", 17.63, 2.2919),
  // ---- ND A100 v4; the snapshot lists ND96asr_v4 in eastus and southcentralus (and westus2)
  azurePrice("eastus", "Standard_ND96asr_v4", 27.197, 2.99167),
  azurePrice("southcentralus", "Standard_ND96asr_v4", 32.63, 3.5893),
  azurePrice("eastus", "Standard_ND96amsr_A100_v4", 32.77, 3.6047),
  azurePrice("eastus2", "Standard_ND96amsr_A100_v4", 32.77, 3.611254),
  azurePrice("southcentralus", "Standard_ND96amsr_A100_v4", 39.324, 4.32564),
  // ---- NCads H100 v5 and ND H100 v5: on-demand only (spot column equals on-demand)
  azurePrice("eastus", "Standard_NC40ads_H100_v5", 6.98),
  azurePrice("eastus2", "Standard_NC40ads_H100_v5", 6.98),
  azurePrice("westus3", "Standard_NC40ads_H100_v5", 6.98),
  azurePrice("southcentralus", "Standard_NC40ads_H100_v5", 8.38),
  azurePrice("eastus", "Standard_NC80adis_H100_v5", 13.96),
  azurePrice("eastus2", "Standard_NC80adis_H100_v5", 13.96),
  azurePrice("westus3", "Standard_NC80adis_H100_v5", 13.96),
  azurePrice("southcentralus", "Standard_NC80adis_H100_v5", 16.76),
  azurePrice("eastus", "Standard_ND96isr_H100_v5", 98.32),
  azurePrice("eastus2", "Standard_ND96isr_H100_v5", 98.32),
];
