/**
 * The one admin access request in a get-one answer: bare, wrapped as `{data: …}`, or an array of one model as
 * the vendor's published OpenAPI (v2) documents it (EVIDENCE.md). Undefined when the array is empty.
 */
export function readOneRecord(body: unknown, id: string): unknown {
  const unwrapped = unwrapData(body);
  return Array.isArray(unwrapped) ? pickRecord(unwrapped, id) : unwrapped;
}

/** A single record may come bare, as an array of one, or wrapped as `{data: …}`; accept each. */
function unwrapData(body: unknown): unknown {
  if (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    !('id' in body) &&
    'data' in body
  ) {
    const data = (body as { data: unknown }).data;
    if (typeof data === 'object' && data !== null) return data;
  }
  return body;
}

/** The record with this id from an array answer (the only one, normally); undefined when it is empty. */
function pickRecord(list: unknown[], id: string): unknown {
  const same = list.find(
    (r) =>
      typeof r === 'object' &&
      r !== null &&
      String((r as { id?: unknown }).id).toLowerCase() === id.toLowerCase(),
  );
  return same ?? list[0];
}
