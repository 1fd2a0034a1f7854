import { useEffect, useId, useRef, useState } from "preact/hooks";

interface RowMenuProps {
  /** The row's name, for the button's accessible name. */
  name: string;
  items: { label: string; action: () => void; danger?: boolean }[];
}

/**
 * The ••• menu of a row: a disclosure (a button that shows a short list of
 * buttons), not an ARIA menu, so Tab and Enter work as everywhere else.
 * Escape closes it and returns focus to •••; so does choosing an item (the
 * item's own action may then move focus on). Focus or a click leaving it closes it.
 */
export function RowMenu({ name, items }: RowMenuProps) {
  const [open, setOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const listId = useId();
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (!wrapRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  const closeToTrigger = () => {
    setOpen(false);
    triggerRef.current?.focus();
  };
  const choose = (action: () => void) => () => {
    closeToTrigger();
    action();
  };
  return (
    <div
      class="menu-wrap"
      ref={wrapRef}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !open) return;
        // Without this the Escape would also close the whole popup.
        event.preventDefault();
        event.stopPropagation();
        closeToTrigger();
      }}
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (next && !wrapRef.current?.contains(next)) setOpen(false);
      }}
    >
      <button
        type="button"
        class="ghost small"
        ref={triggerRef}
        aria-label={`More actions for ${name}`}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
      >
        •••
      </button>
      <ul id={listId} class="menu" hidden={!open}>
        {items.map((item) => (
          <li key={item.label}>
            <button type="button" class={item.danger ? "danger" : undefined} onClick={choose(item.action)}>
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
