import { useRef, useState } from "preact/hooks";
import { errorMessage, request } from "../messaging";

export type TableStatus = { text: string; error?: boolean };

/** "Duplicate", once per connection at a time: a second click mustn't make a second copy (and a second Notion row). */
export function useDuplicate(setStatus: (status: TableStatus) => void) {
  const duplicating = useRef(new Set<string>());
  const [, setDuplicatingCount] = useState(0);
const duplicate = async (id: string, name: string) => {
  if (duplicating.current.has(id)) return;
  duplicating.current.add(id);
  setDuplicatingCount(duplicating.current.size);
  setStatus({ text: "" });
  try {
    const copy = await request("connection.duplicate", { id });
    setStatus({ text: `Duplicated “${name}” as “${copy.name}”.` });
  } catch (failure) {
    setStatus({ text: errorMessage(failure), error: true });
  } finally {
    duplicating.current.delete(id);
    setDuplicatingCount(duplicating.current.size);
  }
};
  return { duplicate, isDuplicating: (id: string) => duplicating.current.has(id) };
}
