// Lint: Next.js rules, typescript-eslint with type information (no floating promises), and the
// import boundaries of the architecture guide.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const restrict = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

const noEval = [
  { selector: "CallExpression[callee.name='eval']", message: "Never evaluate code." },
  { selector: "NewExpression[callee.name='Function']", message: "Never evaluate code." },
];
// One door to the data: SQL text and Prisma calls live under lib/db only (issue: "one door").
const SQL = String.raw`/^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\S+\s+SET\s|DELETE\s+FROM\s|WITH\s+\S+\s+AS\s|CREATE\s+(TABLE|INDEX)\s|ALTER\s+TABLE\s|DROP\s+TABLE\s)/`;
const oneDoor = [
  { selector: `Literal[value=${SQL}]`, message: "SQL lives under lib/db: call a store or read model there." },
  { selector: `TemplateElement[value.raw=${SQL}]`, message: "SQL lives under lib/db: call a store or read model there." },
  { selector: "MemberExpression[property.name='prisma']", message: "Prisma lives under lib/db: call a store or read model there." },
];

const config = [
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      "generated/**",
      "data/**",
      "tmp/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", ...noEval],
    },
  },
  {
    files: ["app/**/*.ts", "app/**/*.tsx", "lib/**/*.ts", "lib/**/*.tsx", "components/**/*.tsx", "components/**/*.ts"],
    // better-auth's Prisma adapter is configured in lib/auth/auth.ts; it is the one exception.
    ignores: ["lib/db/**", "**/*.test.ts", "lib/auth/auth.ts"],
    rules: { "no-restricted-syntax": ["error", ...noEval, ...oneDoor] },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    rules: restrict([{ group: ["vm", "node:vm", "vm2"], message: "User input must never run as code." }]),
  },
  {
    files: ["lib/model/**"],
    rules: restrict([
      {
        group: [
          "@/lib/*",
          "!@/lib/model",
          "!@/lib/model/**",
          // node-free since the validator judges HTTP hosts with the same SSRF policy as safeFetch
          "!@/lib/security",
          "@/lib/security/*",
          "!@/lib/security/address-policy",
          "next",
          "next/*",
          "react",
          "react-dom",
          "@/generated/*",
          "openai",
          "pg",
          "better-sqlite3",
          "node:*",
          "fs",
          "path",
        ],
        message: "lib/model is isomorphic: it imports only zod, jsonata and the (node-free) SSRF address policy.",
      },
      { group: ["vm", "node:vm", "vm2"], message: "User input must never run as code." },
    ]),
  },
  {
    files: ["lib/engine/**"],
    rules: restrict([
      {
        group: [
          "next",
          "next/*",
          "react",
          "react-dom",
          "@/generated/*",
          "@prisma/*",
          "openai",
          "@/lib/db/*",
          "@/lib/server/*",
          "@/components/*",
          "@/app/*",
        ],
        message: "The engine depends only on the workflow model and its ports (lib/engine/ports.ts).",
      },
      { group: ["vm", "node:vm", "vm2"], message: "User input must never run as code." },
    ]),
  },
  {
    files: ["components/**"],
    rules: restrict([
      {
        group: ["@/lib/engine", "@/lib/engine/*", "@/lib/db", "@/lib/db/*", "@/generated/*", "@/lib/server/*"],
        message: "Components talk to the server through the API, never to the engine or database.",
      },
    ]),
  },
];

export default config;
