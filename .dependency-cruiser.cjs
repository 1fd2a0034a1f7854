/**
 * The layering of src/, checked by `npm run lint:deps` (part of `npm run lint`, so CI fails on a leak).
 * Dependencies point down:
 *
 *   shared      domain types, wire types (the message protocol), the storage schema; imports nothing of ours
 *   core        pure logic (no browser APIs); imports shared
 *   ai, notion  one module per AI engine; the Notion gateway; import core and shared (never each other)
 *   background  the worker: wires everything together; imports all of the above
 *   ui          popup and options (Preact); imports shared, and core's pure helpers (run view, template and
 *               schedule wording), which are bundled into the page; it reaches the worker only through messages
 *   content     the content script in Notion tabs; imports only the protocol's types and its dependency-free
 *               names (./src/shared/protocol/names.ts), so its bundle stays tiny
 *
 * Type-only imports are erased at build time; where a rule allows them it says so.
 */
const ours = (folders) => `^src/(${folders.join("|")})/`;
const typeOnly = ["type-only", "type-import"];

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "shared-is-the-bottom",
      comment: "src/shared holds types, wire types and the storage schema: it imports nothing else of ours.",
      severity: "error",
      from: { path: "^src/shared/" },
      to: { path: ours(["core", "ai", "notion", "background", "ui", "content"]) },
    },
    {
      name: "core-uses-only-shared",
      comment: "src/core is pure logic: it builds on src/shared only.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: ours(["ai", "notion", "background", "ui", "content"]) },
    },
    {
      name: "ai-uses-core-and-shared",
      comment: "An AI engine knows nothing of Notion, the worker or the pages.",
      severity: "error",
      from: { path: "^src/ai/" },
      to: { path: ours(["notion", "background", "ui", "content"]) },
    },
    {
      name: "notion-uses-core-and-shared",
      comment: "The Notion gateway knows nothing of the AI engines, the worker or the pages.",
      severity: "error",
      from: { path: "^src/notion/" },
      to: { path: ours(["ai", "background", "ui", "content"]) },
    },
    {
      name: "ui-uses-shared-and-core",
      comment: "Pages reach the worker, the engines and Notion only through messages (src/ui/messaging.ts).",
      severity: "error",
      from: { path: "^src/ui/" },
      to: { path: ours(["ai", "notion", "background", "content"]) },
    },
    {
      name: "content-uses-only-shared",
      comment: "The content script talks to the worker only through the protocol.",
      severity: "error",
      from: { path: "^src/content/" },
      to: { path: ours(["core", "ai", "notion", "background", "ui"]) },
    },
    {
      name: "content-takes-only-the-protocol-names",
      comment: "Of src/shared, the content script imports values only from protocol/names.ts (anything else is types).",
      severity: "error",
      from: { path: "^src/content/" },
      to: { path: "^src/shared/", pathNot: "^src/shared/protocol/names\\.ts$", dependencyTypesNot: typeOnly },
    },
    {
      name: "protocol-schemas-are-worker-only",
      comment: "Pages and the content script use the protocol's types; the valibot schemas stay in the worker.",
      severity: "error",
      from: { path: ours(["ui", "content"]) },
      to: { path: "^src/shared/protocol/schemas\\.ts$", dependencyTypesNot: typeOnly },
    },
    {
      name: "notion-sdk-only-in-the-gateway",
      comment:
        "Only src/notion calls the Notion SDK. Elsewhere its types are allowed where they are the wire format: " +
        "core's block and property converters, and the worker handing a Client to the gateway's functions.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/notion/" },
      to: { path: "(^|/)node_modules/@notionhq/client/", dependencyTypesNot: typeOnly },
    },
    {
      name: "no-notion-sdk-in-shared-or-pages",
      comment: "Shared types are our own domain types; pages and the content script never see the SDK, not even its types.",
      severity: "error",
      from: { path: ours(["shared", "ui", "content"]) },
      to: { path: "(^|/)node_modules/@notionhq/client/" },
    },
    {
      name: "no-circular",
      comment:
        "A cycle of imports that run means two modules are one: merge them, or move the shared part down. " +
        "A cycle closed only by a type-only import (a module naming a type of the module that uses it) is allowed: nothing runs in it.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: typeOnly } },
    },
    {
      name: "no-unresolvable",
      comment: "An import that doesn't resolve would break the build.",
      severity: "error",
      from: { path: "^src/" },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
