import { execFile, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

/**
 * A virtual X display (Xvfb) and real key presses on it (xdotool), for what
 * only a real keyboard reaches: extension keyboard commands are browser-level
 * accelerators, so Playwright's page.keyboard (which types into the page)
 * never triggers them. xdotool sends the chord through the X server (XTEST),
 * the way a person's keyboard does.
 */
export const X_TOOLS_PACKAGES = ["xvfb", "xdotool"] as const;
const X_TOOLS_HINT = `Install them with: sudo apt-get install -y ${X_TOOLS_PACKAGES.join(" ")}`;

const run = promisify(execFile);

export interface XTools {
  xvfb: string;
  xdotool: string;
}

function onPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).concat(["/usr/bin", "/usr/local/bin"]);
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

export function findXTools(): XTools | undefined {
  const xvfb = onPath("Xvfb");
  const xdotool = onPath("xdotool");
  return xvfb && xdotool ? { xvfb, xdotool } : undefined;
}

/**
 * Finds Xvfb and xdotool, installing Debian's packages when running as root
 * (as ensureChromium does). Returns why not when they can't be had.
 */
export function ensureXTools(log: (line: string) => void = console.log): { tools: XTools } | { reason: string } {
  const found = findXTools();
  if (found) return { tools: found };
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) return { reason: `Xvfb and xdotool are not installed and we are not root. ${X_TOOLS_HINT}` };
  log(`Xvfb/xdotool not found: installing Debian's ${X_TOOLS_PACKAGES.join(" and ")} packages (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => execFileSync("apt-get", ["install", "-y", "-qq", ...X_TOOLS_PACKAGES], { stdio: "inherit", env });
  try {
    try {
      install();
    } catch {
      execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
      install();
    }
  } catch (error) {
    return { reason: `Installing ${X_TOOLS_PACKAGES.join(" ")} failed (${error instanceof Error ? error.message.split("\n")[0] : String(error)}). ${X_TOOLS_HINT}` };
  }
  return findXTools() ? { tools: findXTools()! } : { reason: `apt-get ran but Xvfb or xdotool is still missing. ${X_TOOLS_HINT}` };
}

export interface VirtualDisplay {
  /** e.g. ":99", for DISPLAY. */
  display: string;
  /** Presses a chord (xdotool syntax, e.g. "alt+shift+g") in the visible window whose title matches `windowName`. */
  press(chord: string, windowName: RegExp): Promise<void>;
  close(): Promise<void>;
}

/** Starts Xvfb on a free display number (it picks one itself with -displayfd, so parallel runs don't collide). */
export async function startXvfb(tools: XTools): Promise<VirtualDisplay> {
  const server = spawn(tools.xvfb, ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], { stdio: ["ignore", "ignore", "pipe", "pipe"] });
  let stderr = "";
  server.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const number = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${stderr.trim()}`)), 10_000);
    (server.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    server.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with code ${code}: ${stderr.trim()}`));
    });
  });
  const display = `:${number}`;
  const xdotool = async (...args: string[]): Promise<string> => (await run(tools.xdotool, args, { env: { ...process.env, DISPLAY: display }, timeout: 10_000 })).stdout.trim();

  return {
    display,
    async press(chord, windowName) {
      // There is no window manager to give the browser window focus: set it ourselves.
      // --sync waits for the title: it follows the tab's document.title, which an in-app navigation changes a moment later.
      const ids = (await xdotool("search", "--sync", "--onlyvisible", "--name", windowName.source)).split("\n").filter(Boolean);
      const window = ids.at(-1);
      if (!window) throw new Error(`No visible window titled ${windowName} on ${display}`);
      await xdotool("windowfocus", "--sync", window);
      await xdotool("key", "--clearmodifiers", chord);
    },
    async close() {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill();
      await exited;
    },
  };
}
