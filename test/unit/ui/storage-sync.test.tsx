// @vitest-environment happy-dom
import { fakeBrowser } from "@webext-core/fake-browser";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useStorageChanges } from "../../../src/ui/storageSync";
import { mount } from "./dom";

vi.mock("webextension-polyfill", () => ({ default: fakeBrowser }));

function Watcher({ onChange }: { onChange: (keys: string[]) => void }) {
  useStorageChanges(["run:"], onChange, 1_000);
  return null;
}

/** What the worker does while a run streams: saves its progress every 250 ms. */
const progress = (index: number) => fakeBrowser.storage.onChanged.trigger({ [`run:r${index % 2}`]: { newValue: index } }, "local");

describe("storage changes", () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = "";
  });

  it("refreshes during a run that writes more often than the delay, at most once per delay, and after its last write", async () => {
    const onChange = vi.fn();
    await mount(<Watcher onChange={onChange} />);
    vi.useFakeTimers();
    for (let index = 0; index < 12; index++) {
      await progress(index);
      vi.advanceTimersByTime(250);
    }
    // 3 s of writes every 250 ms: a call each second, not one at the end only.
    expect(onChange).toHaveBeenCalledTimes(3);
    expect(onChange.mock.calls[0]![0]).toEqual(["run:r0", "run:r1"]);
    await progress(12);
    vi.advanceTimersByTime(999);
    expect(onChange).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(1);
    expect(onChange).toHaveBeenCalledTimes(4);
    expect(onChange).toHaveBeenLastCalledWith(["run:r0"]);
  });

  it("ignores other areas and other keys", async () => {
    const onChange = vi.fn();
    await mount(<Watcher onChange={onChange} />);
    vi.useFakeTimers();
    await fakeBrowser.storage.onChanged.trigger({ "run:r1": { newValue: 1 } }, "sync");
    await fakeBrowser.storage.onChanged.trigger({ settings: { newValue: 1 } }, "local");
    vi.advanceTimersByTime(2_000);
    expect(onChange).not.toHaveBeenCalled();
  });
});
