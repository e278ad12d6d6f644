import { z } from 'zod';
import { SEVERITIES } from '../../handlers/alerts/alert-types.ts';

const MAX_LABELS = 50;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** `POST /alerts`: what any sender may post. Unknown fields are ignored; a bad one is named in the 400. */
export const alertWebhookSchema = z.object(
  {
    source: z
      .string({ error: 'is required: a short name of the sender (e.g. "backup-job")' })
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters'),
    severity: z.enum(SEVERITIES, { error: 'must be one of critical, warning, info' }),
    title: z
      .string({ error: 'is required: one line saying what is wrong' })
      .trim()
      .min(1, 'must not be empty')
      .max(300, 'must be at most 300 characters'),
    text: z.string({ error: 'must be a string' }).max(4000, 'must be at most 4000 characters').optional(),
    dedupKey: z
      .string({ error: 'must be a string' })
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .optional(),
    labels: z
      .record(
        z.string().min(1, 'names must not be empty').max(100, 'names must be at most 100 characters'),
        z.string({ error: 'values must be strings' }).max(1000, 'values must be at most 1000 characters'),
        { error: 'must be an object of string values' },
      )
      .refine((l) => Object.keys(l).length <= MAX_LABELS, `must have at most ${MAX_LABELS} entries`)
      .optional(),
    links: z
      .array(
        z.object(
          {
            title: z
              .string({ error: 'must be a string' })
              .max(200, 'must be at most 200 characters')
              .optional(),
            url: httpUrl,
          },
          { error: 'must be an object {title?, url}' },
        ),
        { error: 'must be an array of {title?, url}' },
      )
      .max(10, 'must have at most 10 entries')
      .optional(),
    status: z.enum(['firing', 'resolved'], { error: 'must be firing or resolved' }),
  },
  { error: 'the body must be a JSON object with source, severity, title and status' },
);

export type AlertWebhookBody = z.infer<typeof alertWebhookSchema>;

/** The first problem as one line naming the field: `severity: must be one of critical, warning, info`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid alert';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
