import type { z } from 'zod';
import { VendorError } from '../errors.ts';

/**
 * Validate a vendor response. Schemas are written loose (unknown fields pass through); when a response is
 * unusable the error names the field that broke, so an operator can tell what the vendor changed.
 */
export function parseVendorResponse<S extends z.ZodType>(
  vendor: string,
  operation: string,
  schema: S,
  data: unknown,
): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(the whole response)';
  throw new VendorError(
    vendor,
    `${vendor} sent an answer to ${operation} that Gatehouse cannot use: field "${field}" ${issue?.message ?? 'is invalid'}.`,
    { cause: result.error },
  );
}
