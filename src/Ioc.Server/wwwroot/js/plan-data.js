// Plans and targets for the kpi and plan-progress panels: one request per plan (and unit) however many cards show
// it, read again every minute. The page's ?unit=CODE asks every card for that unit's figures (drill-down).

export const REFRESH_MS = 60_000;
const REUSE_MS = 5_000; // cards of one plan painting together share one answer

const cache = new Map();

/** The unit the page is drilled into (`/d/leaders?unit=CODE`), or null for the province. */
export function pageUnit() {
  const unit = new URLSearchParams(location.search).get('unit');
  return unit && unit.trim() !== '' ? unit.trim() : null;
}

function shared(key, load) {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < REUSE_MS) {
    return hit.promise;
  }
  const promise = load();
  cache.set(key, { at: Date.now(), promise });
  promise.catch(() => cache.delete(key));
  return promise;
}

/** GET /api/v1/targets?plan=&unit= → { serverTime, asOf, unit, targets: [...] }. */
export function loadTargets(api, plan, unit) {
  return shared(`targets|${plan}|${unit ?? ''}`, () => api.targets(plan, unit));
}

/** GET /api/v1/plans → [{ id, title, legalBasis, targets: {…}, tasks: {…}, groups }]. */
export function loadPlans(api) {
  return shared('plans', () => api.plans());
}

/**
 * Re-reads on a timer and after the tab comes back; `paint` receives each answer, `fail` each error. Returns a
 * function that stops it (a playlist unmounts the dashboard).
 */
export function poll(read, paint, fail) {
  let timer = null;
  let stopped = false;
  async function tick() {
    clearTimeout(timer);
    try {
      const answer = await read();
      if (!stopped) {
        paint(answer);
      }
    } catch (error) {
      if (!stopped) {
        fail(error);
      }
    }
    if (!stopped) {
      timer = setTimeout(tick, REFRESH_MS);
    }
  }
  const onVisible = () => {
    if (!document.hidden) {
      tick();
    }
  };
  document.addEventListener('visibilitychange', onVisible);
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}

/** Vietnamese and English words for statuses; the colour comes from data-status in wall.css. */
export const STATUS_WORDS = {
  vi: { met: 'Đạt', 'on-track': 'Đúng tiến độ', 'at-risk': 'Có nguy cơ', overdue: 'Quá hạn', 'no-data': 'Không có dữ liệu' },
  en: { met: 'Met', 'on-track': 'On track', 'at-risk': 'At risk', overdue: 'Overdue', 'no-data': 'No data' },
};

export const TASK_WORDS = {
  vi: { done: 'Hoàn thành', 'in-progress': 'Đang thực hiện', 'not-started': 'Chưa triển khai', overdue: 'Quá hạn' },
  en: { done: 'Done', 'in-progress': 'In progress', 'not-started': 'Not started', overdue: 'Overdue' },
};

export const TARGET_ORDER = ['met', 'on-track', 'at-risk', 'overdue', 'no-data'];
export const TASK_ORDER = ['done', 'in-progress', 'not-started', 'overdue'];

export function languageOf(locale) {
  return /^vi\b/i.test(locale ?? '') ? 'vi' : 'en';
}

/** "05-NQ/TU ngày 22/10/2021 của … — title" for a hover. */
export function legalBasisText(basis, lang) {
  if (!basis) {
    return '';
  }
  const date = basis.date ? basis.date.split('-').reverse().join('/') : '';
  const dated = date ? (lang === 'vi' ? ` ngày ${date}` : ` of ${date}`) : '';
  const by = basis.issuer ? (lang === 'vi' ? ` của ${basis.issuer}` : ` by ${basis.issuer}`) : '';
  return `${basis.number}${dated}${by} — ${basis.title}`;
}
