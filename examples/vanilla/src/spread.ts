/** Puts props from a `normalizeDom` getter on an element: functions as properties, the rest as attributes. */
export function spreadProps(element: HTMLElement, props: object): void {
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') Object.assign(element, { [name]: value });
    else if (value === false || value === undefined) element.removeAttribute(name);
    else
      element.setAttribute(name, value === true ? (name.startsWith('aria-') ? 'true' : '') : String(value));
  }
}
