/** Security guardrails. */
import type { GuardrailPolicy } from "../types";
import { cacheRequireEncryptedClass } from "./cacheEncryptedClass";
import { credentialRequireSecret } from "./credentialSecret";
import { endpointDisallowPublic } from "./endpointPublic";
import { modelRequireSignature } from "./modelSignature";
import { regionEnforceAllowed } from "./regionAllowed";
import { storageRequireEncryption } from "./storageEncryption";

export const securityPolicies: GuardrailPolicy[] = [
  endpointDisallowPublic,
  storageRequireEncryption,
  credentialRequireSecret,
  regionEnforceAllowed,
  modelRequireSignature,
  cacheRequireEncryptedClass,
];
