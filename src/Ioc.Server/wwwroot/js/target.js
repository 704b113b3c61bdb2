// A value judged against its plan target (options.target, options.targetDirection): the leaders' question.

/** null without a target; otherwise whether the value meets it ("up": at least the target, "down": at most). */
export function meetsTarget(value, options) {
  const target = options?.target;
  if (target == null || typeof value !== 'number' || !Number.isFinite(value)) {
    return null;
  }
  return options.targetDirection === 'down' ? value <= target : value >= target;
}

/** The target as written in the plan: "70%", not the value's fixed decimals ("70,00%"). */
export function targetValueText(options, format) {
  return format.withUnit(options.target, { unit: options.unit });
}

/** "Mục tiêu ≥ 70%" / "Target ≤ 5". */
export function targetText(options, strings, format) {
  const sign = options.targetDirection === 'down' ? '≤' : '≥';
  return `${strings.target} ${sign} ${targetValueText(options, format)}`;
}
