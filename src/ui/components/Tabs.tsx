import type { ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

interface TabsProps<T extends string> {
  tabs: readonly T[];
  /** null while the page decides which tab to open on. */
  selected: T | null;
  onSelect: (tab: T) => void;
  panel: (tab: T) => ComponentChild;
  label: string;
}

export const tabId = (name: string) => `tab-${name.toLowerCase()}`;
export const panelId = (name: string) => `panel-${name.toLowerCase()}`;

/**
 * An accessible tablist (arrow keys move between tabs) with one panel per tab.
 * A tab, once shown, stays mounted (only hidden), so nothing typed in it is
 * lost when switching tabs.
 */
export function Tabs<T extends string>({ tabs, selected, onSelect, panel, label }: TabsProps<T>) {
  const [visited, setVisited] = useState<ReadonlySet<T>>(new Set());
  const tabRefs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});

  useEffect(() => {
    if (selected) setVisited((seen) => (seen.has(selected) ? seen : new Set([...seen, selected])));
  }, [selected]);

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    onSelect(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <>
      <nav role="tablist" aria-label={label}>
        {tabs.map((name, index) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={tabId(name)}
            aria-controls={panelId(name)}
            aria-selected={selected === name}
            tabIndex={selected === name || (selected === null && index === 0) ? 0 : -1}
            onClick={() => onSelect(name)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {name}
          </button>
        ))}
      </nav>
      <main>
        {selected === null && <p class="muted">Loading…</p>}
        {tabs.map((name) => (
          <div key={name} role="tabpanel" id={panelId(name)} aria-labelledby={tabId(name)} hidden={selected !== name}>
            {(selected === name || visited.has(name)) && panel(name)}
          </div>
        ))}
      </main>
    </>
  );
}
