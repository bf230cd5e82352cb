/** Security guardrails. */
import type { GuardrailPolicy } from "../types";
import { credentialRequireSecret } from "./credentialSecret";
import { endpointDisallowPublic } from "./endpointPublic";
import { regionEnforceAllowed } from "./regionAllowed";
import { storageRequireEncryption } from "./storageEncryption";

export const securityPolicies: GuardrailPolicy[] = [
  endpointDisallowPublic,
  storageRequireEncryption,
  credentialRequireSecret,
  regionEnforceAllowed,
];
