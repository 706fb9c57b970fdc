/**
 * Operator IDs, as the audit log records them: a login-style ID (a letter, then letters, digits
 * . _ @ -, at most 64). Two IDs name the same person whatever their case (wang.li = WANG.LI).
 * One rule for every command: who acts is `--operator`, else $USER; `system` (the pipeline itself)
 * and `unknown` name nobody, so they may neither start a run that needs a second operator's approval
 * nor approve anything.
 */
export const OPERATOR_RE = /^[A-Za-z][A-Za-z0-9._@-]{0,63}$/;

export const OPERATOR_RULE = 'a letter, then letters, digits . _ @ -';

/** What the pipeline writes when nobody is named. */
export const SYSTEM_OPERATOR = 'system';
const NOBODY = new Set([SYSTEM_OPERATOR, 'unknown']);

export function isOperatorId(id: string): boolean {
  return OPERATOR_RE.test(id);
}

/** An operator ID that names a person (not `system` or `unknown`): who may start a gated run or approve. */
export function isNamedOperator(id: string | undefined): boolean {
  return id !== undefined && isOperatorId(id) && !NOBODY.has(id.trim().toLowerCase());
}

/** Who acts: the given `--operator`, else $USER, else undefined (the audit log then says `system`). */
export function defaultOperator(given: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return given ?? (env.USER || undefined);
}

export function sameOperator(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The second-operator rule (release, reprint): what is wrong with `approvedBy` as the approver of what
 * `operator` did, or undefined when it may approve — a well-formed ID, naming somebody, not the operator.
 */
export function approverProblem(approvedBy: string, operator: string): 'not-an-id' | 'nobody' | 'same' | undefined {
  if (!isOperatorId(approvedBy)) return 'not-an-id';
  if (!isNamedOperator(approvedBy)) return 'nobody';
  if (sameOperator(approvedBy, operator)) return 'same';
  return undefined;
}
