/**
 * A namespace-free XML element: what the command API's answers are read as. Names have their prefix
 * removed, `xmlns` declarations are dropped, text is the element's own trimmed text with the five XML
 * entities and numeric character references decoded (nothing else is ever expanded).
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/** The first child named `name`, if any. */
export function childOf(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Every child named `name`, in document order. */
export function childrenOf(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The text of the first child named `name`; undefined when there is no such child. */
export function childText(el: XmlElement, name: string): string | undefined {
  return childOf(el, name)?.text;
}

/**
 * Children the caller did not map, as `name → text` (repeated names keep the first), so a field the vendor
 * adds later is still visible to whoever reads the record.
 */
export function extraOf(el: XmlElement, known: readonly string[]): Record<string, string> {
  const entries = new Map<string, string>();
  for (const child of el.children) {
    if (!known.includes(child.name) && !entries.has(child.name)) entries.set(child.name, child.text);
  }
  // fromEntries defines own properties, so an element called `__proto__` cannot reach the prototype.
  return Object.fromEntries(entries);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One pass over the text, so `&amp;lt;` becomes `&lt;` and never `<`: no expansion beyond XML's own five. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}
