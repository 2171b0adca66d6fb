import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The house's boundaries, enforced: a module of lib/ or db/ that reaches the database, a secret or the environment
 * imports "server-only", so Next refuses to build a client component that pulls it in.
 */
const SERVER_SOURCES =
  /^(@\/db(\/client|\/job-queue)?|drizzle-orm(\/.*)?|pg|pg-boss|@electric-sql\/pglite(\/.*)?|node:crypto|@node-rs\/argon2|@\/lib\/env|\.\.?\/(client|env))$/;
const house = {
  rules: {
    "server-only": {
      meta: { type: "problem", messages: { missing: "'{{source}}' is server code: add `import \"server-only\";` to this module." } },
      create(context) {
        let marked = false;
        const reached = [];
        return {
          ImportDeclaration(node) {
            if (node.source.value === "server-only") marked = true;
            const valueImport =
              node.importKind !== "type" &&
              (node.specifiers.length === 0 || node.specifiers.some((s) => s.type !== "ImportSpecifier" || s.importKind !== "type"));
            if (valueImport && SERVER_SOURCES.test(node.source.value)) reached.push(node);
          },
          "Program:exit"() {
            if (!marked) for (const node of reached) context.report({ node, messageId: "missing", data: { source: node.source.value } });
          },
        };
      },
    },
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  { files: ["next.config.js", "**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  // No import circle between the project's modules.
  {
    files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "db/**/*.ts"], settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    files: ["lib/**/*.ts", "db/**/*.ts"],
    ignores: ["**/*.test.ts", "db/schema.ts", "db/enums.ts", "db/migrations/**"],
    plugins: { house },
    rules: { "house/server-only": "error" },
  },
  // Reusable UI and the domain never reach into routes.
  {
    files: ["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "**/app/*"], message: "components/ and lib/ never import from app/." }] }] },
  },
  { ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];
export default config;
