// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectionKey, runKey, type Connection } from "../../../src/shared/storage/schema";
import { useConnections, type ConnectionsState } from "../../../src/ui/connections/useConnections";
import type * as Messaging from "../../../src/ui/messaging";
import { request } from "../../../src/ui/messaging";
import { SYNC_DELAY_MS } from "../../../src/ui/storageSync";
import { mount, waitFor } from "./dom";
import { makeConnection, makeRun } from "./fixtures";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));
vi.mock("../../../src/ui/messaging", async (importOriginal) => ({
  ...(await importOriginal<typeof Messaging>()),
  request: vi.fn(),
}));

const alpha = makeConnection({ id: "c-alpha", name: "Alpha", runIds: ["r-a"] });
const gamma = makeConnection({ id: "c-gamma", name: "Gamma", runIds: [] });

let state: ConnectionsState;
function Probe() {
  state = useConnections();
  return <ul id="probe">{state.rows?.map((row) => <li key={row.connection.id}>{`${row.connection.name}:${row.lastRun?.status ?? "-"}`}</li>)}</ul>;
}
const shown = () => [...document.querySelectorAll("#probe li")].map((element) => element.textContent);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("connections list: a run refresh racing a reload", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.mocked(request).mockReset();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = "";
  });

  it("never puts back the list from before the reload, and still shows the run's progress", async () => {
    await fakeBrowser.storage.local.set({ [runKey("r-a")]: makeRun({ id: "r-a", connectionId: "c-alpha", status: "running" }), [connectionKey("c-alpha")]: alpha });
    let listed: Connection[] = [alpha];
    let answerList: ((connections: Connection[]) => void) | undefined;
    vi.mocked(request).mockImplementation(((type: string) => {
      if (type !== "connection.list") throw new Error(`unexpected ${type}`);
      if (listed.length === 2) return new Promise<Connection[]>((resolve) => (answerList = resolve));
      return Promise.resolve(listed);
    }) as never);
    await mount(<Probe />);
    await waitFor(() => expect(shown()).toEqual(["Alpha:running"]));

    // From now on every storage read waits until the test lets it answer.
    const realGet = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
    const held: Array<() => void> = [];
    let holding = true;
    vi.spyOn(fakeBrowser.storage.local, "get").mockImplementation(((keys: never) =>
      holding ? new Promise((resolve) => held.push(() => resolve(realGet(keys)))) : realGet(keys)) as never);

    listed = [alpha, gamma];
    void state.reload();
    // The run progresses while the list is being read again.
    await fakeBrowser.storage.local.set({ [runKey("r-a")]: makeRun({ id: "r-a", connectionId: "c-alpha", status: "succeeded" }) });
    await pause(SYNC_DELAY_MS + 50);
    answerList!([alpha, gamma]);
    await pause(10);
    // The newest read answers first, the older ones after it.
    holding = false;
    held.reverse().forEach((release) => release());
    await pause(50);

    expect(shown()).toEqual(["Alpha:succeeded", "Gamma:-"]);
  });
});
