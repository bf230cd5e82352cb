import type { GuardrailPolicy } from "../types";
import { T, asArray, asObj, asStrings, configSchema, k8sName } from "../lib";

/** Annotations that make a LoadBalancer Service internal, with the values that do. */
export const INTERNAL_LB_ANNOTATIONS: Record<string, string[]> = {
  "service.beta.kubernetes.io/aws-load-balancer-internal": ["true"],
  "service.beta.kubernetes.io/aws-load-balancer-scheme": ["internal"],
  "networking.gke.io/load-balancer-type": ["Internal"],
  "cloud.google.com/load-balancer-type": ["Internal"],
};

const OPEN = ["0.0.0.0/0", "::/0"];
const openTo = (cidrs: readonly string[]) =>
  cidrs.length === 0 || cidrs.some((c) => OPEN.includes(c));

/**
 * No model endpoint or cluster control plane is exposed to the whole internet.
 *
 * Severity critical, mandatory: a public inference endpoint is an open GPU bill and a data leak; a
 * control plane open to 0.0.0.0/0 is one leaked token from a cluster takeover. Checks Services of
 * type LoadBalancer (internal annotation or `loadBalancerSourceRanges` required), EKS clusters
 * (public endpoint without `publicAccessCidrs`, or open to 0.0.0.0/0) and GKE clusters (public
 * endpoint without authorized networks, or open to 0.0.0.0/0).
 */
export const endpointDisallowPublic: GuardrailPolicy = {
  name: "security-endpoint-disallow-public",
  description: "No model endpoint or control plane is open to the internet.",
  area: "security",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediation:
    "Make LoadBalancer Services internal (e.g. `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`, " +
    "`networking.gke.io/load-balancer-type: Internal`) or set `loadBalancerSourceRanges`; keep cluster endpoints private or list `authorizedCidrs`.",
  configSchema: configSchema({}),
  validateResource: (args, reportViolation) => {
    const p = args.props;
    if (args.type === T.service) {
      const spec = asObj(p.spec);
      if (spec.type !== "LoadBalancer") {
        return;
      }
      const annotations = asObj(asObj(p.metadata).annotations);
      const internal = Object.entries(INTERNAL_LB_ANNOTATIONS).some(([k, values]) =>
        values.includes(String(annotations[k])),
      );
      if (!internal && openTo(asStrings(spec.loadBalancerSourceRanges))) {
        reportViolation(
          `Service ${k8sName(p, args.name)} is a public LoadBalancer open to 0.0.0.0/0`,
        );
      }
    } else if (args.type === T.eksCluster) {
      const vpc = asObj(p.vpcConfig);
      // EKS turns the public endpoint on unless told otherwise.
      if (vpc.endpointPublicAccess !== false && openTo(asStrings(vpc.publicAccessCidrs))) {
        reportViolation(`EKS cluster ${args.name} has a public endpoint open to 0.0.0.0/0`);
      }
    } else if (args.type === T.gkeCluster) {
      const priv = asObj(p.privateClusterConfig);
      const blocks = asArray(asObj(p.masterAuthorizedNetworksConfig).cidrBlocks).map((b) =>
        String(asObj(b).cidrBlock),
      );
      if (priv.enablePrivateEndpoint !== true && openTo(blocks)) {
        reportViolation(`GKE cluster ${args.name} has a public endpoint open to 0.0.0.0/0`);
      }
    }
  },
};
