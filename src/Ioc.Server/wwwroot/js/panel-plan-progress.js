// Progress of a plan: its targets counted per status as a segmented bar with "8/19 đạt", its tasks done out of all,
// and, when the panel is tall enough, the same per group. Links to the plan's page. Reads /api/v1/plans (plan-data.js).
//
// Test hook: .plan-progress[data-met][data-total] and each segment's data-status and data-count.

import { languageOf, legalBasisText, loadPlans, poll, STATUS_WORDS, TARGET_ORDER, TASK_ORDER, TASK_WORDS } from './plan-data.js';

const WORDS = {
  vi: { met: (m, n) => `${m}/${n} chỉ tiêu đạt`, tasks: (d, n) => `${d}/${n} nhiệm vụ hoàn thành`, more: 'Xem chi tiết kế hoạch', missing: 'Không tìm thấy kế hoạch' },
  en: { met: (m, n) => `${m}/${n} targets met`, tasks: (d, n) => `${d}/${n} tasks done`, more: 'Open the plan', missing: 'Plan not found' },
};

function element(tag, className, text) {
  const e = document.createElement(tag);
  e.className = className;
  if (text != null) {
    e.textContent = text;
  }
  return e;
}

function bar(counts, order, words) {
  const track = element('div', 'progress-bar');
  for (const status of order) {
    const n = counts[status] ?? 0;
    if (n === 0) {
      continue;
    }
    const segment = element('span', 'progress-segment');
    segment.dataset.status = status;
    segment.dataset.count = String(n);
    segment.style.flexGrow = String(n);
    segment.title = `${words[status]}: ${n}`;
    segment.textContent = String(n);
    track.append(segment);
  }
  return track;
}

function legend(counts, order, words) {
  const list = element('div', 'progress-legend');
  for (const status of order) {
    const item = element('span', 'progress-key', `${words[status]} ${counts[status] ?? 0}`);
    item.dataset.status = status;
    list.append(item);
  }
  return list;
}

export function createPlanProgressView(body, definition, env) {
  const lang = languageOf(env.dashboard?.locale);
  const words = WORDS[lang];
  const root = element('div', 'plan-progress');
  body.replaceChildren(root);
  const pathBase = document.getElementById('dashboard')?.dataset.pathBase ?? '';
  let answer = null;
  let answeredAt = null;

  function paint() {
    const plan = answer?.find((p) => p.id === definition.plan);
    if (!plan) {
      root.replaceChildren(element('div', 'kpi-empty', words.missing));
      return;
    }
    const t = plan.targets;
    root.dataset.met = String(t.met);
    root.dataset.total = String(t.total);
    root.title = legalBasisText(plan.legalBasis, lang);
    const headline = element('div', 'progress-headline');
    headline.append(element('span', 'progress-count', `${t.met}/${t.total}`), element('span', 'progress-label', words.met(t.met, t.total).replace(/^\S+\s/, '')));
    const tasks = element('div', 'progress-tasks', words.tasks(plan.tasks.done, plan.tasks.total));
    const children = [headline, bar(t, TARGET_ORDER, STATUS_WORDS[lang]), legend(t, TARGET_ORDER, STATUS_WORDS[lang]), tasks, bar(plan.tasks, TASK_ORDER, TASK_WORDS[lang])];
    if ((definition.height ?? 1) >= 2 && plan.groups?.length) {
      const groups = element('ul', 'progress-groups');
      for (const g of plan.groups) {
        const row = element('li', 'progress-group');
        const parts = [];
        if (g.targets.total > 0) parts.push(`${g.targets.met}/${g.targets.total}`);
        if (g.tasks.total > 0) parts.push(words.tasks(g.tasks.done, g.tasks.total));
        row.append(element('span', 'progress-group-name', g.title), element('span', 'progress-group-count', parts.join(' · ')));
        groups.append(row);
      }
      children.push(groups);
    }
    const link = element('a', 'progress-link', words.more);
    link.href = `${pathBase}/plans/${encodeURIComponent(plan.id)}`;
    children.push(link);
    root.replaceChildren(...children);
  }

  const stopPolling = poll(
    () => loadPlans(env.api),
    (body) => {
      answer = body;
      answeredAt = env.clock.now();
      paint();
      env.recheck?.();
    },
    () => {},
  );

  return {
    render: paint,
    destroy: stopPolling,
    pointCount: () => (answer ? 1 : 0),
    seriesTimes: () => [{ id: 'plans', time: answeredAt, measurement: '' }],
  };
}
