// KPI card of a plan target: the value with its time, the target and the gap, the status in colour and words,
// the trend behind it, the days to the deadline, and the legal basis on hover. Reads /api/v1/targets (plan-data.js).
//
// Test hook on the card (.kpi): data-status (met|on-track|at-risk|overdue|no-data), data-target (plan/target).

import { createSparkline } from './sparkline.js';
import { languageOf, legalBasisText, loadTargets, pageUnit, poll, STATUS_WORDS } from './plan-data.js';
import { traceable } from './provenance.js';

const WORDS = {
  vi: {
    target: (dir, text) => `Mục tiêu ${dir === 'down' ? '≤' : '≥'} ${text}`,
    short: (text) => `còn thiếu ${text}`,
    over: (text) => `vượt ${text}`,
    deadline: (date) => `Hạn ${date}`,
    daysLeft: (n) => `còn ${n} ngày`,
    daysLate: (n) => `quá hạn ${n} ngày`,
    daysPast: (n) => `đã qua hạn ${n} ngày`,
    today: 'hạn hôm nay',
    at: (time) => `Số liệu lúc ${time}`,
    none: 'Chưa có số liệu',
    missing: 'Không tìm thấy chỉ tiêu',
    owner: 'Cơ quan chủ trì',
    basis: 'Căn cứ',
  },
  en: {
    target: (dir, text) => `Target ${dir === 'down' ? '≤' : '≥'} ${text}`,
    short: (text) => `${text} to go`,
    over: (text) => `${text} beyond`,
    deadline: (date) => `Due ${date}`,
    daysLeft: (n) => `${n} days left`,
    daysLate: (n) => `${n} days overdue`,
    daysPast: (n) => `deadline passed ${n} days ago`,
    today: 'due today',
    at: (time) => `Figure of ${time}`,
    none: 'No figure yet',
    missing: 'Target not found',
    owner: 'Owner',
    basis: 'Legal basis',
  },
};

const vnDate = (iso) => (iso ? iso.split('-').reverse().join('/') : '');

function element(tag, className, text) {
  const e = document.createElement(tag);
  e.className = className;
  if (text != null) {
    e.textContent = text;
  }
  return e;
}

export function createKpiView(body, definition, env) {
  const { format, clock } = env;
  const lang = languageOf(env.dashboard?.locale);
  const words = WORDS[lang];
  const statusWords = STATUS_WORDS[lang];
  const [plan, targetId] = (definition.target ?? '/').split('/');
  const unit = pageUnit();

  const root = element('div', 'kpi');
  root.dataset.target = definition.target ?? '';
  const sparkBox = element('div', 'kpi-spark');
  const sparkline = createSparkline(sparkBox);
  const content = element('div', 'kpi-content');
  root.append(sparkBox, content);
  body.replaceChildren(root);

  let answer = null;
  let error = null;
  const current = () => answer?.targets?.find((x) => x.plan === plan && x.id === targetId);

  function numberText(value, t) {
    const decimals = Math.abs(value) >= 1000 ? 0 : t.unit === 'hạng' ? 0 : undefined;
    return format.withUnit(value, { unit: t.unit === 'hạng' || t.unit === 'điểm' ? undefined : t.unit, decimals });
  }

  function paint() {
    const t = current();
    if (!t) {
      root.dataset.status = 'no-data';
      content.replaceChildren(element('div', 'kpi-empty', error ? `${words.none} (${error})` : words.missing));
      return;
    }
    root.dataset.status = t.status;
    const head = element('div', 'kpi-head');
    const value = element('div', 'kpi-value');
    value.append(element('span', 'kpi-number', t.value == null ? '–' : format.number(t.value, { decimals: t.unit === 'hạng' ? 0 : undefined })));
    if (t.unit && t.value != null) {
      value.append(element('span', 'kpi-unit', format.unitSuffix(t.unit).trim()));
    }
    // The card's figure opens where it comes from: the KPI's series (a ratio: numerator and denominator) for this unit.
    traceable(value, () => (current()?.value == null ? null : { measure: current().kpi, unit: unit ?? undefined, time: current().valueTime, value: current().value }));
    head.append(value, element('span', 'kpi-status', statusWords[t.status] ?? t.status));

    const target = element('div', 'kpi-target');
    target.append(element('span', 'kpi-goal', words.target(t.target.direction, numberText(t.target.value, t))));
    if (t.gap != null) {
      const gap = Math.abs(t.gap);
      target.append(element('span', 'kpi-gap', t.gap > 0 ? words.short(numberText(gap, t)) : words.over(numberText(gap, t))));
    }

    const days = t.daysToDeadline;
    const deadline = element('div', 'kpi-deadline');
    deadline.dataset.late = String(t.status === 'overdue');
    deadline.textContent = `${words.deadline(vnDate(t.deadline))} · ${days > 0 ? words.daysLeft(days) : days === 0 ? words.today : t.status === 'overdue' ? words.daysLate(-days) : words.daysPast(-days)}`;

    const when = element('div', 'kpi-time', t.valueTime == null ? words.none : words.at(format.asOf(t.valueTime, clock.now())));
    content.replaceChildren(head, target, deadline, when);

    const basis = legalBasisText(t.legalBasis, lang);
    root.title = `${t.title}\n${words.basis}: ${basis}\n${words.owner}: ${t.owner}`;
    const points = t.trend ?? [];
    if (points.length >= 2) {
      sparkline.draw(points, points[0][0], points[points.length - 1][0]);
    } else {
      sparkline.draw([], 0, 0);
    }
  }

  const stopPolling = poll(
    () => loadTargets(env.api, plan, unit),
    (body) => {
      answer = body;
      error = null;
      paint();
      env.recheck?.();
    },
    (e) => {
      error = e.message;
      if (!answer) {
        paint();
      }
    },
  );

  return {
    render: paint,
    destroy: stopPolling,
    pointCount: () => (answer ? 1 : 0),
    /** The panel is current while its answers are: the time of the newest one, in server ms. */
    seriesTimes: () => [{ id: 'targets', time: answer?.serverTime ?? null, measurement: '' }],
  };
}
