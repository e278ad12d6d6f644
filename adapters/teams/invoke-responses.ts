import type { AdaptiveCard } from '../../cards/adaptive-card.ts';

/**
 * The bodies an `adaptiveCard/action` invoke may answer with (Universal Actions): a card that replaces the
 * one clicked, a message shown to the person who clicked, or an error. Every answer is HTTP 200 with one of
 * these, so Teams never shows its generic "something went wrong".
 */
export const INVOKE_TYPES = {
  card: 'application/vnd.microsoft.card.adaptive',
  message: 'application/vnd.microsoft.activity.message',
  error: 'application/vnd.microsoft.error',
} as const;

export interface AdaptiveCardInvokeResponse {
  statusCode: number;
  type: (typeof INVOKE_TYPES)[keyof typeof INVOKE_TYPES];
  value: unknown;
}

export const cardResponse = (card: AdaptiveCard): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: INVOKE_TYPES.card,
  value: card,
});

export const messageResponse = (text: string): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: INVOKE_TYPES.message,
  value: text,
});

export const errorResponse = (
  statusCode: number,
  code: string,
  message: string,
): AdaptiveCardInvokeResponse => ({
  statusCode,
  type: INVOKE_TYPES.error,
  value: { code, message },
});
