/**
 * Operator IDs, as the audit log records them: a login-style ID (a letter, then letters, digits
 * . _ @ -, at most 64). Two IDs name the same person whatever their case (wang.li = WANG.LI).
 */
export const OPERATOR_RE = /^[A-Za-z][A-Za-z0-9._@-]{0,63}$/;

export const OPERATOR_RULE = 'a letter, then letters, digits . _ @ -';

export function isOperatorId(id: string): boolean {
  return OPERATOR_RE.test(id);
}

export function sameOperator(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
