import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "artifacts/**", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error", "info"] }],
    },
  },
  {
    files: ["scripts/**", "test/**"],
    rules: { "no-console": "off" },
  },
  {
    // One data path in the pages: what the worker stores is read only through src/ui/stored.ts (validated); the
    // two modules listed here keep keys the pages own themselves (the Create form's draft, the last deletion).
    files: ["src/ui/**"],
    ignores: ["src/ui/stored.ts", "src/ui/popup/create/useDraft.ts", "src/ui/connections/lastDeletion.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name='get'][object.property.name='local'][object.object.property.name='storage']",
          message: "Pages read the worker's stored data through src/ui/stored.ts (it validates every record).",
        },
      ],
    },
  },
  {
    // Tool configs that must be CommonJS (.dependency-cruiser.cjs).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
);
