import type { GuardrailPolicy } from "../types";
import { EDGE_LABEL_KEYS } from "../../model/contracts";
import { asObj, configSchema, k8sName, settingsOf } from "../lib";

const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const DEFAULTS = { encryptedStorageClasses: ["encrypted"] };

/**
 * Edge model caches sit on a storage class known to encrypt at rest.
 *
 * Severity high, mandatory: a store's disk leaves with the hardware; weights and whatever the model
 * caches are the company's IP. Checks every PersistentVolumeClaim of an edge model (labelled
 * `hybrid-ai/model`): its `storageClassName` must be one of `encryptedStorageClasses` (the classes the
 * platform team set up on LUKS or an encrypting CSI driver). A claim without a class takes the
 * cluster's default, which nobody reviewed, and fails too.
 */
export const cacheRequireEncryptedClass: GuardrailPolicy = {
  name: "security-cache-require-encrypted-class",
  description: "Edge model caches use an encrypted storage class.",
  area: "security",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Set the site's `cacheStorageClass` to an encrypted class, or add the class to this policy's `encryptedStorageClasses` once it encrypts at rest.",
  configSchema: configSchema({
    encryptedStorageClasses: {
      type: "array",
      items: { type: "string" },
      default: DEFAULTS.encryptedStorageClasses,
    },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    for (const r of args.resources) {
      const meta = asObj(r.props.metadata);
      if (r.type !== PVC || asObj(meta.labels)[EDGE_LABEL_KEYS.model] === undefined) {
        continue;
      }
      const cls = asObj(r.props.spec).storageClassName;
      if (typeof cls !== "string" || !s.encryptedStorageClasses.includes(cls)) {
        reportViolation(
          `model cache ${k8sName(r.props, r.name)} uses ${typeof cls === "string" ? `storage class "${cls}"` : "the cluster's default storage class"}, not one of the encrypted classes (${s.encryptedStorageClasses.join(", ")})`,
          r.urn,
        );
      }
    }
  },
};
