import { describe, expect, it } from "vitest";
import { SECRET_SHOWN, scrubSecrets, secretStrings } from "../model/secrets";

describe("secretStrings", () => {
  it("finds credentials under credential keys, whatever their shape", () => {
    const kubeconfig = {
      apiVersion: "v1",
      users: [{ name: "edge", user: { token: "s3cr3t-token-value" } }],
    };
    const found = secretStrings({ edgeSites: [{ name: "store-1", kubeconfig }] });
    expect(found.has("s3cr3t-token-value")).toBe(true);
    expect(found.has("store-1")).toBe(false);
  });

  it("treats a secure: map with siblings as secret", () => {
    expect(secretStrings({ x: { secure: "v1:abcdef", note: "plain words" } })).toEqual(
      new Set(["v1:abcdef", "plain words"]),
    );
  });

  it("takes everything under a key Pulumi marks secret", () => {
    expect(secretStrings({ token: "abcd" }, true)).toEqual(new Set(["abcd"]));
    expect(secretStrings(["hunter22"], true)).toEqual(new Set(["hunter22"]));
  });
});

describe("scrubSecrets", () => {
  const secret = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMzQ1Njc4OTAifQ.payload.signature";
  it("replaces the secret, its JSON form and a cut-off rendering", () => {
    const found = JSON.stringify({ token: secret });
    expect(scrubSecrets(`must be a string (got ${found})`, new Set([secret]))).toBe(
      `must be a string (got {"token":"${SECRET_SHOWN}"})`,
    );
    const cut = `${found.slice(0, 57)}...`;
    expect(scrubSecrets(`got ${cut}`, new Set([secret]))).not.toContain("eyJhbGciOiJSUzI1");
  });

  it("leaves messages without secrets alone", () => {
    expect(scrubSecrets("maxNodes must be >= 1 (got 0)", new Set([secret]))).toBe(
      "maxNodes must be >= 1 (got 0)",
    );
  });
});
