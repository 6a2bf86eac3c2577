// Lint: ESLint's and typescript-eslint's recommended rules, with type information, and Pulumi's own
// rules (an Output in a template string is a bug: use pulumi.interpolate).
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // The consumer fixture is compiled in a folder of its own, with the stock tsconfig (tests/package/).
  {
    ignores: ["node_modules/**", "policy/node_modules/**", "bin/**", "dist/**", "tests/fixtures/consumer/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-floating-promises": "error",
      // The AWS SDK is loaded when a provider operation runs, never at module level: the provider
      // is serialized into the state, and what it captures must stay small and credential-free.
      "@typescript-eslint/no-require-imports": ["error", { allow: ["^@aws-sdk/"] }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  { files: ["**/*.mjs"], languageOptions: { sourceType: "module" } },
  {
    // What users run reads in named stages (STYLE.md): no function a reader must hold over 110 lines.
    files: ["**/*.ts", "**/*.js"],
    ignores: ["tests/**"],
    rules: { "max-lines-per-function": ["error", { max: 110 }] },
  },
);
