import type { GuardrailPolicy } from "../types";
import { EDGE_LABEL_KEYS, VERIFY_SIGNATURE_CONTAINER } from "../../model/contracts";
import { EDGE_TOOL_IMAGES } from "../../model/catalog/edgeTools";
import { T, asArray, asObj, configSchema, environmentOf, k8sName, settingsOf } from "../lib";

const DEFAULTS = { environments: ["prod"] };

/** The verifier's image repository, whatever tag or digest pins it. */
const VERIFIER_REPOSITORY = EDGE_TOOL_IMAGES.modelSigning.image.replace(/[:@].*$/, "");

/**
 * Prod edge models are signed, and each Deployment checks the signature before its server starts.
 *
 * Severity high, mandatory: a model file swapped in a store's cache, or on its way there, would
 * otherwise serve customers unnoticed. Checks every Deployment of an edge model (labelled
 * `hybrid-ai/model`): it names its expected signer (annotation `hybrid-ai/model-signer`, from
 * `models[].signature`) and runs the sigstore model-signing verifier as the init container
 * `verify-signature` on the files the server loads.
 */
export const modelRequireSignature: GuardrailPolicy = {
  name: "security-model-require-signature",
  description: "Prod edge models are signed and verified before the server starts.",
  area: "security",
  severity: "high",
  enforcementLevel: "mandatory",
  remediation:
    "Sign the model with `model_signing sign` and set `signature: { identity, issuer }` on the model in `hybrid-ai:edgeSites`.",
  configSchema: configSchema({
    environments: { type: "array", items: { type: "string" }, default: DEFAULTS.environments },
  }),
  validateStack: (args, reportViolation) => {
    const s = settingsOf(args, DEFAULTS);
    for (const r of args.resources) {
      const meta = asObj(r.props.metadata);
      if (r.type !== T.deployment || asObj(meta.labels)[EDGE_LABEL_KEYS.model] === undefined) {
        continue;
      }
      const env = environmentOf(r.type, r.props, s);
      if (env === undefined || !s.environments.includes(env)) {
        continue;
      }
      const id = k8sName(r.props, r.name);
      const signer = asObj(meta.annotations)[EDGE_LABEL_KEYS.modelSigner];
      const init = asArray(asObj(asObj(asObj(r.props.spec).template).spec).initContainers).map(
        asObj,
      );
      const verifies = init.some(
        (c) =>
          c.name === VERIFY_SIGNATURE_CONTAINER &&
          typeof c.image === "string" &&
          c.image.replace(/[:@].*$/, "") === VERIFIER_REPOSITORY,
      );
      if (typeof signer !== "string" || signer === "") {
        reportViolation(`Deployment ${id} serves an unsigned model in ${env}`, r.urn);
      } else if (!verifies) {
        reportViolation(
          `Deployment ${id} does not verify its model's signature (${VERIFIER_REPOSITORY} as init container ${VERIFY_SIGNATURE_CONTAINER}) before serving`,
          r.urn,
        );
      }
    }
  },
};
