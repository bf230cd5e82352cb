/** Nothing secret leaves: credentials from real inputs never reach a report. */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readFileInput } from "../review/result/fileInput";
import { HIDDEN, isCredentialKey, scrubCredentials, scrubString } from "../review/result/scrub";

const real = (...p: string[]) => path.join(__dirname, "fixtures", "real", ...p);

describe("scrubCredentials", () => {
  it("hides the plain-text kubeconfig object a pulumi-eks stack exports", () => {
    const input = readFileInput("state", real("state", "eks-managed-nodegroups.json"));
    expect(JSON.stringify(input.outputs)).toContain("certificate-authority-data");
    const shown = scrubCredentials(input);
    expect(shown.outputs.kubeconfig).toBe(HIDDEN);
    expect(JSON.stringify(shown)).not.toContain("certificate-authority-data");
    // Nothing else is copied or changed.
    expect(shown.resources.length).toBe(input.resources.length);
  });

  it("hides a secretString given in plain text (pulumi-aws recorded state)", () => {
    const input = readFileInput("state", real("state", "aws-secretversion.json"));
    expect(JSON.stringify(input)).toContain("MySecretVersionValue");
    expect(JSON.stringify(scrubCredentials(input))).not.toContain("MySecretVersionValue");
  });

  it("hides Kubernetes Secret data and stringData, keeping the keys", () => {
    const secret = {
      type: "kubernetes:core/v1:Secret",
      inputs: {
        apiVersion: "v1",
        kind: "Secret",
        data: { "api-key": "c2VjcmV0" },
        stringData: { pw: "x" },
      },
    };
    expect(scrubCredentials(secret).inputs).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      data: { "api-key": HIDDEN },
      stringData: HIDDEN,
    });
  });

  it("hides credentials at any depth and under any credential-like key", () => {
    const v = { a: [{ b: { clientSecret: "s3cr3t-value", note: "fine", githubToken: "abc" } }] };
    expect(scrubCredentials(v)).toEqual({
      a: [{ b: { clientSecret: HIDDEN, note: "fine", githubToken: HIDDEN } }],
    });
    expect(scrubCredentials({ password: "[secret]" })).toEqual({ password: "[secret]" });
    expect(isCredentialKey("secretName")).toBe(false);
    expect(isCredentialKey("client_key_data")).toBe(true);
  });

  it("hides credentials inside strings: URLs, embedded YAML and JSON, PEM keys, bearer tokens", () => {
    expect(scrubString("https://h.example/x?token=abc123456&b=1")).toBe(
      `https://h.example/x?token=${HIDDEN}&b=1`,
    );
    expect(scrubString("https://s.blob.core.windows.net/c?sv=2020&sig=AbC%2Bdef")).toBe(
      `https://s.blob.core.windows.net/c?sv=2020&sig=${HIDDEN}`,
    );
    expect(scrubString("postgres://admin:hunter22@db:5432/x")).toBe(
      `postgres://admin:${HIDDEN}@db:5432/x`,
    );
    expect(scrubString("users:\n- user:\n    token: abcdefghijkl\n")).toBe(
      `users:\n- user:\n    token: ${HIDDEN}\n`,
    );
    expect(scrubString('{"password":"hunter2hunter"}')).toBe(`{"password":${HIDDEN}}`);
    expect(
      scrubString("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"),
    ).toBe(`-----BEGIN RSA PRIVATE KEY-----${HIDDEN}-----END RSA PRIVATE KEY-----`);
    expect(scrubString("Authorization: Bearer abcdefghijklmnop")).toBe(
      `Authorization: Bearer ${HIDDEN}`,
    );
    for (const plain of ["t3.medium", "arn:aws:iam::123:role/x", "https://example.com/a?b=c"]) {
      expect(scrubString(plain)).toBe(plain);
    }
  });
});
