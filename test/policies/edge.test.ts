/**
 * Edge guardrails, starting from what the edge site component renders for a signed model in prod:
 * the compliant objects pass, and each changed field gives its exact finding.
 */
import { describe, expect, it } from "vitest";
import { renderCacheClaim, renderDeployment } from "../../components/edge/manifests";
import { cacheRequireEncryptedClass } from "../../policies/security/cacheEncryptedClass";
import { modelRequireSignature } from "../../policies/security/modelSignature";
import { PROD_SITE, SIGNED_MODEL } from "../support/edgeSite";
import { messages, res } from "./fixtures";

const site = PROD_SITE;
const signed = SIGNED_MODEL;
const deployment = (inputs: Record<string, any>) =>
  res("kubernetes:apps/v1:Deployment", "store-berlin-01-support-chat", inputs);
const claim = (inputs: Record<string, any>) =>
  res("kubernetes:core/v1:PersistentVolumeClaim", "store-berlin-01-support-chat-cache", inputs);

describe("security-model-require-signature", () => {
  it("passes a prod model that names its signer and verifies it before serving", async () => {
    expect(
      await messages(modelRequireSignature, [deployment(renderDeployment(site, signed))]),
    ).toEqual([]);
  });

  it("flags an unsigned prod model", async () => {
    const unsigned = renderDeployment(site, { ...signed, signature: undefined });
    expect(await messages(modelRequireSignature, [deployment(unsigned)])).toEqual([
      "Deployment store-berlin-01/support-chat serves an unsigned model in prod",
    ]);
  });

  it("flags a signed model whose Deployment does not run the verifier", async () => {
    const d = renderDeployment(site, signed) as any;
    d.spec.template.spec.initContainers[0].image = "busybox:1.36";
    expect(await messages(modelRequireSignature, [deployment(d)])).toEqual([
      "Deployment store-berlin-01/support-chat does not verify its model's signature (ghcr.io/sigstore/model-transparency-cli as init container verify-signature) before serving",
    ]);
  });

  it("leaves staging models and non-edge Deployments alone", async () => {
    const staging = renderDeployment(
      { ...site, costAllocation: { ...site.costAllocation, environment: "staging" } },
      { ...signed, signature: undefined },
    );
    expect(await messages(modelRequireSignature, [deployment(staging)])).toEqual([]);
  });
});

describe("security-cache-require-encrypted-class", () => {
  it("passes a cache on the encrypted class", async () => {
    expect(
      await messages(cacheRequireEncryptedClass, [claim(renderCacheClaim(site, signed))]),
    ).toEqual([]);
  });

  it("flags a cache on another class, or on the cluster's default", async () => {
    const plain = renderCacheClaim({ ...site, cacheStorageClass: "local-path" }, signed) as any;
    expect(await messages(cacheRequireEncryptedClass, [claim(plain)])).toEqual([
      'model cache store-berlin-01/support-chat-cache uses storage class "local-path", not one of the encrypted classes (encrypted)',
    ]);
    delete plain.spec.storageClassName;
    expect(await messages(cacheRequireEncryptedClass, [claim(plain)])).toEqual([
      "model cache store-berlin-01/support-chat-cache uses the cluster's default storage class, not one of the encrypted classes (encrypted)",
    ]);
  });

  it("accepts the classes the platform team declares encrypted", async () => {
    const luks = renderCacheClaim({ ...site, cacheStorageClass: "longhorn-crypto" }, signed);
    expect(
      await messages(cacheRequireEncryptedClass, [claim(luks)], {
        encryptedStorageClasses: ["longhorn-crypto"],
      }),
    ).toEqual([]);
  });
});
