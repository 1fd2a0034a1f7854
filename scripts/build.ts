/**
 * Builds Inkwell for Chrome and Firefox with esbuild: dist/chrome and
 * dist/firefox, each loadable unpacked as it is. `--package` also zips both for
 * store upload, without source maps, and writes the source archive that
 * addons.mozilla.org asks for with a minified build (the repository's tracked
 * files, BUILDING.md among them). Prints the built size of each entry.
 */
import { build, type BuildOptions } from "esbuild";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
export const BROWSERS = ["chrome", "firefox"] as const;
export type Browser = (typeof BROWSERS)[number];

const ENTRIES = {
  background: "src/background/index.ts",
  popup: "src/ui/popup/main.tsx",
  options: "src/ui/options/main.tsx",
  content: "src/content/index.ts",
};
/**
 * The content script ships to every Notion tab and must stay within 15 KB
 * (test/unit/content/bundle.test.ts builds it with these same options).
 * UTF-8 literals ("…", "“") take half the bytes of \u escapes; Chrome and
 * Firefox read content scripts as UTF-8.
 */
export const CONTENT_BUILD_OPTIONS = { charset: "utf8" } as const satisfies BuildOptions;

const STATIC_FILES: Record<string, string> = {
  "src/ui/popup/popup.html": "popup.html",
  "src/ui/options/options.html": "options.html",
};

const FIREFOX_MIN_VERSION = 140;

/**
 * The JavaScript level each build is compiled to: the oldest browser the manifest accepts
 * (minimum_chrome_version, Firefox's strict_min_version), so the code never relies on more.
 */
export function buildTarget(browser: Browser): string {
  if (browser === "firefox") return `firefox${FIREFOX_MIN_VERSION}`;
  const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as { minimum_chrome_version?: string };
  if (!manifest.minimum_chrome_version) throw new Error("manifest.json must declare minimum_chrome_version");
  return `chrome${manifest.minimum_chrome_version}`;
}

/** The manifest for one browser: manifest.json is written Chrome-first; Firefox differs only where it must. */
export function manifestFor(browser: Browser): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as Record<string, unknown>;
  manifest.version = pkg.version;
  if (browser === "firefox") {
    delete manifest.minimum_chrome_version;
    // Firefox runs MV3 backgrounds as event pages, not service workers.
    manifest.background = { scripts: ["background.js"] };
    manifest.browser_specific_settings = {
      gecko: {
        id: "inkwell@inkwell-extension.org",
        // data_collection_permissions is understood from Firefox 140 on.
        strict_min_version: `${FIREFOX_MIN_VERSION}.0`,
        // What leaves the browser, in AMO's terms (README → Privacy): the prompts and the Notion page and database
        // content they are filled from go to the AI provider the user chose, and the generated text to the user's
        // Notion ("websiteContent"); each key goes to its own service to sign in ("authenticationInfo"). Both are
        // required: Inkwell does nothing without them. Nothing else is sent, and nothing to us.
        data_collection_permissions: { required: ["websiteContent", "authenticationInfo"] },
      },
      gecko_android: { strict_min_version: "142.0" },
    };
  }
  return manifest;
}

async function buildFor(browser: Browser): Promise<void> {
  const outdir = join(root, "dist", browser);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const common: BuildOptions = {
    absWorkingDir: root,
    outdir,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: buildTarget(browser),
    minify: true,
    sourcemap: "linked",
    legalComments: "none",
    jsx: "automatic",
    jsxImportSource: "preact",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  };
  const { background, content, ...pages } = ENTRIES;
  await Promise.all([
    // The worker has no DOM: the "worker" export condition makes packages such as
    // decode-named-character-reference (used by the Markdown parser) pick their DOM-free build.
    build({ ...common, entryPoints: { background }, conditions: ["worker"] }),
    build({ ...common, entryPoints: pages }),
    build({ ...common, ...CONTENT_BUILD_OPTIONS, entryPoints: { content } }),
  ]);
  for (const [from, to] of Object.entries(STATIC_FILES)) cpSync(join(root, from), join(outdir, to));
  cpSync(join(root, "icons"), join(outdir, "icons"), { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), `${JSON.stringify(manifestFor(browser), null, 2)}\n`);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Store packages leave source maps out, and the comments that point at them. */
function packageZip(browser: Browser): string {
  const dir = join(root, "dist", browser);
  const files: Record<string, Uint8Array> = {};
  for (const path of listFiles(dir)) {
    if (path.endsWith(".map")) continue;
    let data: Uint8Array = readFileSync(path);
    if (path.endsWith(".js") || path.endsWith(".css")) {
      data = Buffer.from(readFileSync(path, "utf8").replace(/\n?\/[/*]# sourceMappingURL=\S+?(?: \*\/)?\s*$/, "\n"));
    }
    files[relative(dir, path)] = data;
  }
  const zipPath = join(root, "dist", `inkwell-${browser}-${pkg.version}.zip`);
  writeFileSync(zipPath, zipSync(files, { level: 9 }));
  return zipPath;
}

/** Folders never part of the source archive (what a copy without git falls back to leaving out, with .gitignore's names). */
const NOT_SOURCE = new Set(["node_modules", "dist", "artifacts", "test-results", ".git"]);

/** Whether a file or folder name matches one of .gitignore's simple patterns ("name", "name/", "*.ext"). */
function ignoredName(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const bare = pattern.replace(/\/$/, "");
    return bare.startsWith("*") ? name.endsWith(bare.slice(1)) : name === bare;
  });
}

/**
 * The files to archive: what git tracks, as it is in the working tree. Untracked
 * files are left out even when not ignored: a stray key file or .env.local must
 * never reach the store. Without git (a copy of the archive itself), every file
 * outside NOT_SOURCE and .gitignore's names.
 */
export function sourceFiles(): string[] {
  try {
    const tracked = execFileSync("git", ["ls-files", "-z", "--cached"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const files = tracked.split("\0").filter((path) => path && existsSync(join(root, path)));
    if (files.length) return files;
  } catch {
    // Not a git checkout: walk the folder.
  }
  const gitignore = existsSync(join(root, ".gitignore")) ? readFileSync(join(root, ".gitignore"), "utf8").split("\n").map((line) => line.trim()) : [];
  const patterns = gitignore.filter((line) => line && !line.startsWith("#") && !line.startsWith("!"));
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((name) => {
      if (NOT_SOURCE.has(name) || ignoredName(name, patterns)) return [];
      const path = dir ? `${dir}/${name}` : name;
      return statSync(join(root, path)).isDirectory() ? walk(path) : [path];
    });
  return walk("");
}

/**
 * The source archive for addons.mozilla.org: everything needed to rebuild
 * dist/firefox byte for byte (sources, lockfile, build script, BUILDING.md
 * with the steps), without node_modules or build output.
 */
function sourceZip(): string {
  const files: Record<string, Uint8Array> = {};
  for (const path of sourceFiles()) files[path] = readFileSync(join(root, path));
  if (!files["BUILDING.md"]) throw new Error("BUILDING.md (the build instructions for the source archive) is missing");
  const zipPath = join(root, "dist", `inkwell-source-${pkg.version}.zip`);
  writeFileSync(zipPath, zipSync(files, { level: 9 }));
  return zipPath;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Builds both browsers (and zips them with `wantPackage`), logging the size of each entry. */
export async function buildAll(wantPackage = false, log: (line: string) => void = console.log): Promise<void> {
  for (const browser of BROWSERS) {
    await buildFor(browser);
    const dir = join(root, "dist", browser);
    const sizes = Object.keys(ENTRIES).map((name) => `${name}.js ${kb(statSync(join(dir, `${name}.js`)).size)}`);
    log(`built dist/${browser}: ${sizes.join(", ")}`);
    if (wantPackage) log(`packaged ${relative(root, packageZip(browser))}`);
  }
  if (wantPackage) log(`source archive ${relative(root, sourceZip())} (with BUILDING.md, for addons.mozilla.org)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAll(process.argv.includes("--package")).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
