import { generate } from "selfsigned";

/** The real hostnames the sandbox answers for. Chromium maps each to the sandbox with --host-resolver-rules. */
export const SANDBOX_HOSTS = {
  notionApi: "api.notion.com",
  gemini: "generativelanguage.googleapis.com",
  openai: "api.openai.com",
  anthropic: "api.anthropic.com",
  notionWeb: ["www.notion.so", "notion.so", "app.notion.com"],
} as const;

export const ALL_SANDBOX_HOSTNAMES: string[] = [
  SANDBOX_HOSTS.notionApi,
  SANDBOX_HOSTS.gemini,
  SANDBOX_HOSTS.openai,
  SANDBOX_HOSTS.anthropic,
  ...SANDBOX_HOSTS.notionWeb,
];

/**
 * A certificate generated at start-up (never committed) whose subjectAltName
 * lists every sandbox hostname. Chromium is started with
 * --ignore-certificate-errors, so it need not be trusted, only well-formed.
 */
export async function sandboxCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: "inkwell-sandbox" }], {
    keySize: 2048,
    days: 7,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [...ALL_SANDBOX_HOSTNAMES.map((value) => ({ type: 2 as const, value })), { type: 7 as const, ip: "127.0.0.1" }],
      },
    ],
  } as Parameters<typeof generate>[1]);
  return { key: pems.private, cert: pems.cert };
}
