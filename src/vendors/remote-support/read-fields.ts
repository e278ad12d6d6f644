import { missingField } from './map-failure.ts';
import { childOf, type XmlElement } from './xml-element.ts';

/**
 * Field readers for the parsers: required ones throw an error naming the element and the field, optional
 * ones give undefined. `where` names the record in that error, e.g. `<rep id="3">`.
 */
export interface FieldReader {
  text(name: string): string;
  optionalText(name: string): string | undefined;
  int(name: string): number;
  optionalInt(name: string): number | undefined;
  optionalFlag(name: string): boolean | undefined;
  flag(name: string): boolean;
  attr(name: string): string;
  intAttr(name: string): number;
  /** An element holding a time as text (ISO or Unix seconds) or in a `ts`/`timestamp` attribute. */
  optionalTime(name: string): string | undefined;
}

export function readFields(action: string, el: XmlElement, where: string): FieldReader {
  const fail = (field: string, problem?: string) => missingField(action, `${field} of ${where}`, problem);
  const optionalText = (name: string) => {
    const value = childOf(el, name)?.text;
    return value === undefined || value === '' ? undefined : value;
  };
  const toInt = (value: string, field: string) => {
    if (!/^-?\d+$/.test(value)) throw fail(field, `is "${value.slice(0, 40)}", not a whole number`);
    return Number(value);
  };
  const toFlag = (value: string, field: string) => {
    if (value === '1' || value === 'true') return true;
    if (value === '0' || value === 'false') return false;
    throw fail(field, `is "${value.slice(0, 40)}", not 1 or 0`);
  };
  const reader: FieldReader = {
    text(name) {
      const value = optionalText(name);
      if (value === undefined) throw fail(`<${name}>`);
      return value;
    },
    optionalText,
    int: (name) => toInt(reader.text(name), `<${name}>`),
    optionalInt(name) {
      const value = optionalText(name);
      return value === undefined ? undefined : toInt(value, `<${name}>`);
    },
    flag: (name) => toFlag(reader.text(name), `<${name}>`),
    optionalFlag(name) {
      const value = optionalText(name);
      return value === undefined ? undefined : toFlag(value, `<${name}>`);
    },
    attr(name) {
      const value = el.attrs[name];
      if (value === undefined || value === '') throw fail(`attribute "${name}"`);
      return value;
    },
    intAttr: (name) => toInt(reader.attr(name), `attribute "${name}"`),
    optionalTime(name) {
      const child = childOf(el, name);
      if (!child) return undefined;
      return toIsoTime(child.attrs.ts ?? child.attrs.timestamp ?? child.text);
    },
  };
  return reader;
}

/** Unix seconds or a date string → ISO 8601; anything else is returned as the appliance wrote it. */
export function toIsoTime(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return new Date(Number(value) * 1000).toISOString();
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
