// Errors with stable codes. GraphQL turns them into `extensions.code`,
// HTTP routes into a status and a JSON body. Anything else is an internal
// error and is masked before it reaches a client.

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'VETOED'
  | 'INTERNAL_SERVER_ERROR';

const httpStatusOf: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VETOED: 422,
  INTERNAL_SERVER_ERROR: 500,
};

// A brand that survives duplicate module copies (GraphQL libraries load
// both ESM and CJS builds, so `instanceof` across them is unreliable).
const BRAND = Symbol.for('meadow.error');

export function isMeadowError(value: unknown): value is MeadowError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

export class MeadowError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'MeadowError';
    this.code = code;
    this.details = details;
  }
  get httpStatus(): number {
    return httpStatusOf[this.code];
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new MeadowError('BAD_USER_INPUT', message, details);
export const notFound = (what: string) => new MeadowError('NOT_FOUND', `${what} was not found`);
export const forbidden = (message = 'You are not allowed to do this') => new MeadowError('FORBIDDEN', message);
export const unauthenticated = (message = 'Sign in first') => new MeadowError('UNAUTHENTICATED', message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new MeadowError('CONFLICT', message, details);

/**
 * A filter's typed refusal: `note.validate` may veto a note with a reason.
 * It propagates to the caller like any error, with code VETOED and the
 * plugin that vetoed in `details.plugin`.
 */
export class HookVeto extends MeadowError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VETOED', message, details);
    this.name = 'HookVeto';
  }
}

/** A problem with the instance's setup: configuration, plugins, schema. Stops start-up. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
