import { XMLParser } from 'fast-xml-parser';
import { describeApplianceError, refuseXml } from './map-failure.ts';
import { decodeXmlText, type XmlElement } from './xml-element.ts';

/**
 * Entity processing is off: nothing in a document is ever expanded (the five XML entities and numeric
 * references are decoded afterwards by `decodeXmlText`, one pass, no recursion). Prefixes are removed so
 * the namespace a site declares (bomgar.com, beyondtrust.com, the site's own host) does not matter.
 */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** A DOCTYPE (and with it any entity declaration) is refused before the parser sees the document. */
const DECLARATIONS = /<!\s*(DOCTYPE|ENTITY)/i;

type OrderedNode = Record<string, unknown>;

/**
 * Parse a command API answer into its root element. Throws a RemoteSupportError when the document declares
 * a DOCTYPE or entities, is not well-formed, or carries an `<error>` (as its root, or as a child of the
 * action's root), with the appliance's text in the message.
 */
export function parseCommandXml(action: string, text: string): XmlElement {
  if (DECLARATIONS.test(text)) throw refuseXml(action, 'declares a DOCTYPE or entities');
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text, true) as OrderedNode[];
  } catch (err) {
    throw refuseXml(action, 'is not well-formed XML', err);
  }
  const roots = nodes.map(toElement).filter((el): el is XmlElement => el !== undefined);
  const [root] = roots;
  if (!root || roots.length !== 1) throw refuseXml(action, 'does not have exactly one root element');
  const error = root.name === 'error' ? root : root.children.find((c) => c.name === 'error');
  if (error) throw describeApplianceError(action, error.text);
  return root;
}

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (name === undefined) return undefined;
  const content = Array.isArray(node[name]) ? (node[name] as OrderedNode[]) : [];
  const attrs = Object.entries((node[':@'] ?? {}) as Record<string, unknown>)
    .filter(([key]) => key !== 'xmlns' && !key.startsWith('xmlns:'))
    .map(([key, value]) => [key, decodeXmlText(String(value))] as const);
  const text = content
    .filter((c) => '#text' in c)
    .map((c) => String(c['#text']))
    .join('');
  return {
    name,
    attrs: Object.fromEntries(attrs),
    text: decodeXmlText(text).trim(),
    children: content.map(toElement).filter((el): el is XmlElement => el !== undefined),
  };
}
