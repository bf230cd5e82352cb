/**
 * Rules of the targets beyond EKS and GKE, checked before anything is created: what an AKS, LKE,
 * on-prem or Karpenter pool accepts. Pure; GpuNodePool's validator calls these for its cloud. Paths
 * are relative to the pool.
 */
import { AKAMAI_GPU_REGIONS } from "../../model/catalog/akamai";
import { show, type Problem } from "../../model/validation";
import { AKS_POOL_NAME, aksPoolName } from "./aks";

/** MIG profiles of the GPU operator's default MIG config that a pool may ask for. */
export const MIG_PROFILE = /^all-(disabled|enabled|balanced|\d+g\.\d+gb(\.me)?)$/;

/** How a pool shares its GPUs, as the config writes it. */
export interface SharingSpec {
  /** Each GPU advertised this many times (2-48). */
  readonly timeSlicing?: number;
  /** A MIG profile of the GPU operator's default config, e.g. `all-1g.10gb`. */
  readonly mig?: string;
}

/** The parts of a pool the target rules look at. */
export interface TargetPoolSpec {
  /** The pool's name in its cluster, when known. */
  readonly name?: string;
  readonly gpu: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly capacity?: string;
  readonly zones: readonly string[];
  readonly provisioner?: "node-group" | "karpenter";
  readonly nodes?: readonly string[];
  readonly gpusPerNode?: number;
  readonly sharing?: SharingSpec;
  readonly instanceTypes?: readonly string[];
}

/** AKS pools: a name AKS can fold into its pool-name alphabet (zones are checked with the region). */
export function validateAksPool(spec: TargetPoolSpec): Problem[] {
  const problems: Problem[] = [];
  const folded = spec.name === undefined ? undefined : aksPoolName(spec.name);
  if (folded !== undefined && !AKS_POOL_NAME.test(folded)) {
    problems.push({
      path: ["name"],
      message: `must start with a letter to make an AKS pool name (got ${show(spec.name)}, which becomes ${show(folded)})`,
    });
  }
  return problems;
}

/** Checks that AKS pool names stay unique once folded (`infer-t4` and `infert4` collide). */
export function validateAksPoolNames(names: readonly string[]): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  names.forEach((name, i) => {
    const folded = aksPoolName(name);
    const first = seen.get(folded);
    if (first !== undefined) {
      problems.push({
        path: [i, "name"],
        message: `becomes AKS pool name ${show(folded)}, as gpuPools[${first}] does: AKS names are letters and digits only, at most 12`,
      });
    } else {
      seen.set(folded, i);
    }
  });
  return problems;
}

/** LKE pools: no zones, no spot, at least one node, a region that offers the GPU. */
export function validateLkePool(spec: TargetPoolSpec, region: string): Problem[] {
  const problems: Problem[] = [];
  if (spec.zones.length > 0) {
    problems.push({
      path: ["zones"],
      message:
        "does not apply to Akamai: a region has no availability zones; spread pools over regions instead",
    });
  }
  if (spec.capacity === "spot") {
    problems.push({
      path: ["capacity"],
      message: "must be on-demand: Akamai sells no spot capacity",
    });
  }
  if (spec.minNodes < 1) {
    problems.push({
      path: ["minNodes"],
      message: `must be >= 1: an LKE node pool keeps at least one node (got ${spec.minNodes})`,
    });
  }
  const regions = AKAMAI_GPU_REGIONS[spec.gpu];
  if (regions !== undefined && regions.length > 0 && !regions.includes(region)) {
    problems.push({
      path: ["gpu"],
      message: `${show(spec.gpu)} is not offered in Akamai region ${region}; regions with it: ${regions.join(", ")}`,
    });
  }
  return problems;
}

/** On-prem pools: declared nodes, GPUs per node, no cloud-only keys, a valid sharing mode. */
export function validateOnPremPool(spec: TargetPoolSpec): Problem[] {
  const problems: Problem[] = [];
  if ((spec.nodes ?? []).length === 0) {
    problems.push({
      path: ["nodes"],
      message: "must list the pool's machines as Kubernetes Node names (kubectl get nodes)",
    });
  }
  const seen = new Set<string>();
  (spec.nodes ?? []).forEach((node, i) => {
    if (seen.has(node)) {
      problems.push({ path: ["nodes", i], message: `repeats node ${show(node)}` });
    }
    seen.add(node);
  });
  if (spec.gpusPerNode === undefined) {
    problems.push({
      path: ["gpusPerNode"],
      message: "is required on-prem: how many GPUs each machine has",
    });
  }
  if (spec.zones.length > 0) {
    problems.push({ path: ["zones"], message: "does not apply on-prem: the site is the location" });
  }
  if (spec.capacity === "spot") {
    problems.push({
      path: ["capacity"],
      message: "does not apply on-prem: owned machines are not spot",
    });
  }
  if (spec.instanceTypes !== undefined) {
    problems.push({
      path: ["instanceTypes"],
      message: "does not apply on-prem: the machines are given by `nodes`",
    });
  }
  return problems;
}

/** GPU sharing: one mode, a sane replica count, a known MIG profile. */
export function validateSharing(sharing: SharingSpec | undefined): Problem[] {
  if (sharing === undefined) {
    return [];
  }
  const problems: Problem[] = [];
  if (sharing.timeSlicing !== undefined && sharing.mig !== undefined) {
    problems.push({ path: ["sharing"], message: "takes timeSlicing or mig, not both" });
  }
  if (
    sharing.timeSlicing !== undefined &&
    (!Number.isInteger(sharing.timeSlicing) || sharing.timeSlicing < 2 || sharing.timeSlicing > 48)
  ) {
    problems.push({
      path: ["sharing", "timeSlicing"],
      message: `must be a whole number of replicas per GPU, 2-48 (got ${show(sharing.timeSlicing)})`,
    });
  }
  if (sharing.mig !== undefined && !MIG_PROFILE.test(sharing.mig)) {
    problems.push({
      path: ["sharing", "mig"],
      message: `must be a profile of the GPU operator's default MIG config, e.g. all-1g.10gb, all-3g.40gb, all-balanced (got ${show(sharing.mig)})`,
    });
  }
  return problems;
}

/** Karpenter pools (EKS): no minimum, no instance-type list beyond the GPU's families. */
export function validateKarpenterPool(spec: TargetPoolSpec): Problem[] {
  const problems: Problem[] = [];
  if (spec.minNodes !== 0) {
    problems.push({
      path: ["minNodes"],
      message: `must be 0 with provisioner: karpenter, which starts nodes for pending pods only (got ${spec.minNodes}); keep warm capacity in a node-group pool`,
    });
  }
  return problems;
}
