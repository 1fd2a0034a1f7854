import { Fragment } from "preact";
import type { RowPreview } from "../../../shared/storage/schema";

const CHIP_TYPES = ["select", "status", "multi_select"];

/** One value as Notion shows it: options as chips, a link or an address as such, anything else as text. */
export function PropertyValue({ type, display }: { type: string; display: string }) {
  if (!display) return <span class="muted">(empty)</span>;
  if (CHIP_TYPES.includes(type)) {
    // Notion option names can't hold a comma, so the joined names split back exactly.
    const names = type === "multi_select" ? display.split(",").map((name) => name.trim()).filter(Boolean) : [display];
    return (
      <span class="option-chips">
        {names.map((name) => (
          <span key={name} class="option-chip">
            {name}
          </span>
        ))}
      </span>
    );
  }
  if (type === "url") return <a href={display} target="_blank" rel="noreferrer">{display}</a>;
  if (type === "email") return <a href={`mailto:${display}`}>{display}</a>;
  return <span class={`value-${type}`}>{display}</span>;
}

/** What a dry run would write to one row: the body's start, each property's value, the options it would add. */
export function RowPreviewView({ preview }: { preview: RowPreview }) {
  return (
    <div class="stack-tight row-preview">
      {preview.body && (
        <div class="body-excerpt">
          <p class="hint">Body ({preview.body.chars.toLocaleString("en-US")} characters):</p>
          <pre>
            {preview.body.excerpt}
            {preview.body.chars > preview.body.excerpt.length ? "…" : ""}
          </pre>
        </div>
      )}
      {preview.properties.length > 0 && (
        <dl class="summary typed-values">
          {preview.properties.map((property) => (
            <Fragment key={property.name}>
              <dt>{property.name}</dt>
              <dd data-value-of={property.name}>
                <PropertyValue type={property.type} display={property.display} />
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
      {preview.newOptions.length > 0 && (
        <p class="notice new-options">
          Would add {preview.newOptions.map(({ property, option }) => `“${option}” to ${property}`).join(", ")}.
        </p>
      )}
    </div>
  );
}
