/** The usage tables: totals, per connection and per month. */
import type { UsageSummary, UsageTotals } from "../../shared/protocol/types";
import { costTitle, formatCost, formatCount, monthName } from "./format";

export function TotalsTable({ summary }: { summary: UsageSummary }) {
  return (
    <section aria-labelledby="usage-totals-heading">
      <h3 id="usage-totals-heading">Totals</h3>
      <table id="usage-totals" class="data">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Prompts</th>
            <th scope="col">Tokens in</th>
            <th scope="col">Tokens out</th>
            <th scope="col">Est. cost</th>
          </tr>
        </thead>
        <tbody>
          <TotalsRow label={`This month (${monthName(summary.month)})`} totals={summary.thisMonth} id="usage-this-month" />
          <TotalsRow label="All time" totals={summary.allTime} id="usage-all-time" />
        </tbody>
      </table>
    </section>
  );
}

export function ConnectionsUsage({ byConnection }: { byConnection: UsageSummary["byConnection"] }) {
  return (
    <section aria-labelledby="usage-connections-heading">
      <h3 id="usage-connections-heading">Per connection</h3>
      {byConnection.length === 0 ? (
        <p class="muted">Nothing generated yet.</p>
      ) : (
        <div class="table-wrap">
          <table id="usage-by-connection" class="data">
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Prompts</th>
                <th scope="col">In / out</th>
                <th scope="col">Est. cost</th>
              </tr>
            </thead>
            <tbody>
              {byConnection.map((row) => (
                <tr key={row.connectionId} data-connection-id={row.connectionId}>
                  <td>
                    {row.name}
                    {row.deleted && <span class="hint"> (deleted)</span>}
                  </td>
                  <UsageCells totals={row} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function MonthsUsage({ months }: { months: UsageSummary["months"] }) {
  return (
    <section aria-labelledby="usage-months-heading">
      <h3 id="usage-months-heading">Months</h3>
      {months.length === 0 ? (
        <p class="muted">No months yet.</p>
      ) : (
        <table id="usage-months" class="data">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Prompts</th>
              <th scope="col">In / out</th>
              <th scope="col">Est. cost</th>
            </tr>
          </thead>
          <tbody>
            {[...months]
              .sort((a, b) => b.month.localeCompare(a.month))
              .map((row) => (
                <tr key={row.month}>
                  <td>{monthName(row.month)}</td>
                  <UsageCells totals={row} />
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Prompts, tokens in / out and estimated cost: the columns the per-connection and per-month tables share. */
function UsageCells({ totals }: { totals: UsageTotals }) {
  return (
    <>
      <td>{formatCount(totals.prompts)}</td>
      <td>
        {formatCount(totals.inputTokens)} / {formatCount(totals.outputTokens)}
      </td>
      <td title={costTitle(totals)}>{formatCost(totals.estimatedCost)}</td>
    </>
  );
}

function TotalsRow({ label, totals, id }: { label: string; totals: UsageTotals; id: string }) {
  return (
    <tr id={id}>
      <th scope="row">{label}</th>
      <td>{formatCount(totals.prompts)}</td>
      <td>{formatCount(totals.inputTokens)}</td>
      <td>{formatCount(totals.outputTokens)}</td>
      <td title={costTitle(totals)}>{formatCost(totals.estimatedCost)}</td>
    </tr>
  );
}
