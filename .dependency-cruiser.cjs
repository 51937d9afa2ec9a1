// The layers of src/ and the rules that keep its imports running one way (docs/architecture.md,
// "Layers"). `npm run lint:deps` checks them in CI; type-only imports count (tsPreCompilationDeps).
//
// A folder may import its own layer and the layers below it, never one above. Within a layer the
// folders must still form no cycle (the folder-scope rule). lib/ imports nothing of ours.

/** Lowest first. Each entry: a layer's name and the paths (regex fragments under src/) it holds. */
const LAYERS = [
  { name: "ground", paths: ["lib/", "crypto/", "config\\.ts$", "bundle/"] },
  { name: "data", paths: ["db/"] },
  { name: "platform", paths: ["deps\\.ts$", "http/", "accounts/", "mail/", "events/", "schemas/"] },
  { name: "domain", paths: ["security/", "audit/", "sessions/"] },
  { name: "middleware", paths: ["middleware/"] },
  {
    name: "features",
    paths: [
      "(auth|identities|users|admin|mfa|passkeys|shops|api-keys|oauth|health|keys|metrics|docs|jobs)/",
    ],
  },
  { name: "composition", paths: ["console/", "rpc/", "app\\.ts$", "index\\.ts$"] },
];

const under = (paths) => `^src/(${paths.join("|")})`;

/** Where no SQL may be written: routes, handlers, routers, middleware, console pages, the RPC. */
const DELIVERY =
  "^src/.+\\.(routes|handlers|index)\\.tsx?$|^src/(middleware|console|rpc|http)/|^src/(app|index)\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No module imports itself through others (type-only imports included).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-folder-cycle",
      comment:
        "At folder level src/ is a DAG: no two folders import each other, however indirectly.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...LAYERS.slice(0, -1).map((layer, i) => ({
      name: `no-import-up-from-${layer.name}`,
      comment: `The ${layer.name} layer imports only itself and the layers below it.`,
      severity: "error",
      from: { path: under(layer.paths) },
      to: { path: under(LAYERS.slice(i + 1).flatMap((above) => above.paths)) },
    })),
    {
      name: "lib-imports-nothing-of-ours",
      comment: "lib/ is the ground: packages only.",
      severity: "error",
      from: { path: "^src/lib/" },
      to: { path: "^src/", pathNot: "^src/lib/" },
    },
    {
      name: "no-sql-in-delivery",
      comment:
        "Drizzle and the schema belong to db/ and the services: routes, handlers, middleware, console pages and the RPC entrypoint ask a service.",
      severity: "error",
      from: { path: DELIVERY },
      to: { path: "^src/db/schema\\.ts$|node_modules/drizzle-orm" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing is a typo or a missing dependency.",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    includeOnly: ["^src/", "^node_modules/drizzle-orm/"],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs"],
    },
  },
};
