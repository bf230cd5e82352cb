// ESLint: typescript-eslint's type-aware rules, Pulumi's rules (no Output in template literals),
// the project's own (STYLE.md rule 16) and its layering (README "Layout": imports flow
// model -> components -> stacks -> review -> cli; policies use only model; no cycles, type-only
// imports included). Formatting is Prettier's job.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/** What each layer may not import (README "Layout"). */
const layers = [
  { target: "./model", from: ["./components", "./stacks", "./review", "./cli", "./policies"] },
  { target: "./components", from: ["./stacks", "./review", "./cli", "./policies"] },
  { target: "./stacks", from: ["./review", "./cli", "./policies"] },
  { target: "./review", from: ["./cli"] },
  { target: "./policies", from: ["./components", "./stacks", "./review", "./cli"] },
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "policies/node_modules/",
      "**/*.js",
      "**/*.mjs",
      "**/*.mts",
      "coverage/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi, "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: layers.flatMap(({ target, from }) =>
            from.map((f) => ({ target, from: f, message: "breaks the layering (README: Layout)" })),
          ),
        },
      ],
      "import-x/no-cycle": ["error", { allowUnsafeDynamicCyclicDependency: false }],
      curly: "error",
      eqeqeq: "error",
      "prefer-const": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["model/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@pulumi/*"], message: "model/ is SDK-free (README: Layout)" }] },
      ],
    },
  },
  {
    files: ["policies/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@pulumi/*", "!@pulumi/policy"],
              message: "the policy pack loads no cloud SDK (README: Layout)",
            },
          ],
        },
      ],
    },
  },
);
