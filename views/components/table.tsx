import type { Child } from "hono/jsx";

/**
 * A table wider than a phone scrolls inside this box instead of widening the page.
 * It is a named region that takes focus, so a keyboard user can scroll it with the
 * arrow keys and a screen reader announces what it holds (axe: scrollable-region-focusable).
 */
export function ScrollRegion(props: { label: string; children?: Child }) {
  return (
    <div class="table-scroll" role="region" tabindex={0} aria-label={props.label}>
      {props.children}
    </div>
  );
}
