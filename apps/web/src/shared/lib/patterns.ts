/** Input rules shared with the server's schemas (identity.schemas.ts). */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{3,64}$/;
/** Mainland mobile numbers or E.164 international numbers. */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|\+[1-9]\d{6,14})$/;
/** Audit filters take actor ids as UUIDs. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Reasons (disable, close, reveal) need at least two characters. */
export const reasonRules = (required: string, tooShort: string) => [
  { required: true, whitespace: true, message: required },
  { min: 2, message: tooShort },
  { max: 500 },
];
