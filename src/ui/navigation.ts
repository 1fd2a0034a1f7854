import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Connection } from "../shared/storage/schema";

/**
 * How a view asks its page (the popup or the options page) to show another
 * section, without knowing how that page lays its sections out.
 */
export interface Navigation {
  /** Opens the Usage section with the monthly budget field focused (after "budget reached"). */
  openBudget(): void;
  /** Opens Settings. */
  openSettings(): void;
  /** Opens a connection's details. */
  openConnection(id: string): void;
  /**
   * Puts a saved connection into the Create form, ready to generate again.
   * Resolves to false when it didn't (the user kept their current draft).
   */
  editConnection(connection: Connection): Promise<boolean>;
}

const nothing: Navigation = {
  openBudget: () => undefined,
  openSettings: () => undefined,
  openConnection: () => undefined,
  editConnection: () => Promise.resolve(false),
};

export const NavigationContext = createContext<Navigation>(nothing);

export const useNavigation = (): Navigation => useContext(NavigationContext);
