import { describe, expect, it } from "vitest";
import { readYamlLikePulumi } from "../stacks/config/yamlRead";

describe("readYamlLikePulumi", () => {
  it("reads aliases and merge keys as the Pulumi CLI does", () => {
    const read = readYamlLikePulumi(
      [
        "config:",
        "  base: &pool { gpu: l4, minNodes: 0 }",
        "  pools:",
        "    - <<: *pool",
        "      name: a",
        "    - <<: *pool",
        "      minNodes: 2",
      ].join("\n"),
    );
    expect(read.problems).toEqual([]);
    expect((read.value as any).config.pools).toEqual([
      { gpu: "l4", minNodes: 0, name: "a" },
      { gpu: "l4", minNodes: 2 },
    ]);
  });

  it("accepts an anchor used more than 100 times", () => {
    const uses = Array.from({ length: 150 }, () => "    - *zone").join("\n");
    const read = readYamlLikePulumi(`config:\n  first: &zone us-east-1a\n  zones:\n${uses}\n`);
    expect(read.problems).toEqual([]);
    expect((read.value as any).config.zones).toHaveLength(150);
  });

  it("refuses a billion-laughs file quickly, located at the first alias", () => {
    const lines = [
      "config:",
      '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i <= 9; i++) {
      lines.push(`  a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(",")}]`);
    }
    const started = Date.now();
    const read = readYamlLikePulumi(lines.join("\n"));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(read.value).toBeUndefined();
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0].line).toBe(3);
    expect(read.problems[0].message).toMatch(
      /^aliases expand this file to more than 200000 YAML nodes/,
    );
  });

  it("reports syntax errors with their line", () => {
    const read = readYamlLikePulumi("config:\n  a: [1, 2\n");
    expect(read.problems.length).toBeGreaterThan(0);
    expect(read.problems[0].line).toBeGreaterThanOrEqual(2);
  });
});
