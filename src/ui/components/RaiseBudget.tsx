import { useNavigation } from "../navigation";

export const BUDGET_REACHED = "budget_reached";

/** After a run stopped at the monthly budget: the way to raise it (Usage → budget field). */
export function RaiseBudget() {
  const navigation = useNavigation();
  return (
    <button type="button" class="link raise-budget" onClick={() => navigation.openBudget()}>
      Raise the monthly budget
    </button>
  );
}
