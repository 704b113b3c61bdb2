// Where a number comes from: a click (or Enter) on a number opens a small dialog with its value and time, the source
// that wrote it, the collector run of its slot, the document of a figure entered by hand, and the source's state
// (GET/POST /api/v1/provenance, docs/provenance.md). On an unattended wall screen (data-kiosk) numbers open nothing,
// so no dialog is ever left open on a wall.
//
// Any panel calls openProvenance({ measurement, tags, field, time, value, element }) for one series, or
// openProvenance({ measure, unit, time, value, element }) for a measure (a ratio of sums), or marks an element with
// traceable(element, () => ({ … })) to make it clickable and focusable.

import { createFormat } from './format.js';

const TIMEOUT_MS = 15_000;

const TEXT = {
  vi: {
    title: 'Nguồn gốc số liệu',
    close: 'Đóng',
    loading: 'Đang tra cứu…',
    failed: (why) => `Không tra cứu được: ${why}`,
    notFound: 'Không tìm thấy điểm số liệu tại thời điểm này.',
    value: 'Giá trị',
    time: 'Thời điểm',
    series: 'Chuỗi số liệu',
    source: 'Nguồn',
    collector: 'Bộ thu thập',
    run: 'Lần thu thập',
    slot: (at) => `khung giờ ${at}`,
    started: (at) => `bắt đầu ${at}`,
    node: 'máy chủ',
    duration: (ms) => `${Math.round(ms)} ms`,
    points: (n) => `${n} điểm`,
    live: 'theo lịch',
    replay: 'chạy bù',
    document: 'Văn bản',
    enteredBy: (who, at) => `nhập bởi ${who} lúc ${at}`,
    state: { fresh: 'đang cập nhật', late: 'trễ', failing: 'lỗi', disabled: 'tạm dừng' },
    match: { run: 'lần chạy của đúng thời điểm này', entry: 'số liệu nhập tay', nearest: 'lần chạy gần nhất trước thời điểm này', writer: 'nguồn ghi chuỗi số liệu này' },
    apiKey: 'khóa API (dữ liệu đẩy vào)',
    noSource: 'Chưa ghi nhận nguồn nào ghi chuỗi số liệu này.',
    numerator: 'Tử số',
    denominator: 'Mẫu số',
    more: (n) => `và ${n} chuỗi khác`,
    lastError: 'Lỗi gần nhất',
  },
  en: {
    title: 'Where this number comes from',
    close: 'Close',
    loading: 'Looking up…',
    failed: (why) => `Cannot look it up: ${why}`,
    notFound: 'No point at this time.',
    value: 'Value',
    time: 'Time',
    series: 'Series',
    source: 'Source',
    collector: 'Collector',
    run: 'Run',
    slot: (at) => `slot ${at}`,
    started: (at) => `started ${at}`,
    node: 'node',
    duration: (ms) => `${Math.round(ms)} ms`,
    points: (n) => `${n} points`,
    live: 'scheduled',
    replay: 'replay',
    document: 'Document',
    enteredBy: (who, at) => `entered by ${who} at ${at}`,
    state: { fresh: 'current', late: 'late', failing: 'failing', disabled: 'paused' },
    match: { run: 'the run of this very slot', entry: 'entered by hand', nearest: 'the newest run before this time', writer: 'writes this series' },
    apiKey: 'API key (pushed data)',
    noSource: 'No source is recorded as writing this series.',
    numerator: 'Numerator',
    denominator: 'Denominator',
    more: (n) => `and ${n} more series`,
    lastError: 'Latest error',
  },
};

function page() {
  const main = document.getElementById('dashboard');
  const locale = main?.dataset.locale || document.documentElement.lang || 'vi-VN';
  return {
    kiosk: main?.dataset.kiosk === 'true',
    base: (main?.dataset.pathBase ?? '').replace(/\/$/, ''),
    locale,
    text: /^vi\b/i.test(locale) ? TEXT.vi : TEXT.en,
    format: createFormat(locale, main?.dataset.timeZone || undefined),
  };
}

/** Whether numbers on this page may open their provenance (not on an unattended wall screen). */
export function provenanceEnabled() {
  return !page().kiosk;
}

/**
 * Makes `element` open the provenance of the number it shows on click or Enter; `describe()` returns the arguments
 * of openProvenance at that moment (the number may have changed since). Does nothing on a wall screen.
 */
export function traceable(element, describe, { click = true } = {}) {
  if (!provenanceEnabled() || element.dataset.traceable === 'true') {
    return;
  }
  element.dataset.traceable = 'true';
  element.tabIndex = 0;
  element.setAttribute('role', 'button');
  element.classList.add('traceable');
  const open = (event) => {
    const args = describe();
    if (args) {
      event.stopPropagation();
      openProvenance({ ...args, element });
    }
  };
  if (click) {
    element.addEventListener('click', open);
  }
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(event);
    }
  });
}

/** The arguments of openProvenance for a panel series' newest value (panels.js keeps series in this shape). */
export function latestOf(series) {
  return series?.last ? { measurement: series.measurement, tags: series.tags, field: series.field, time: series.last.time, value: series.last.value } : null;
}

let current = null;

/** Opens the dialog for one number; returns the dialog, or null on a wall screen. */
export function openProvenance({ measurement, tags, field, measure, unit, time, value, element }) {
  const env = page();
  if (env.kiosk) {
    return null;
  }
  // The close event comes a task later: take the old dialog out now, so there is never a second #provenance.
  if (current) {
    const old = current;
    current = null;
    old.close();
    old.remove();
  }
  const dialog = document.createElement('dialog');
  dialog.className = 'provenance';
  dialog.id = 'provenance';
  dialog.dataset.state = 'loading';
  dialog.setAttribute('aria-labelledby', 'provenance-title');
  const heading = document.createElement('h2');
  heading.id = 'provenance-title';
  heading.textContent = env.text.title;
  const body = document.createElement('div');
  body.className = 'provenance-body';
  body.textContent = env.text.loading;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'provenance-close';
  close.textContent = env.text.close;
  close.addEventListener('click', () => dialog.close());
  dialog.append(heading, body, close);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (current === dialog) {
      current = null;
    }
    element?.focus?.();
  });
  // A click on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener('click', (event) => {
    const box = dialog.getBoundingClientRect();
    if (event.target === dialog && (event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom)) {
      dialog.close();
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  current = dialog;

  const request = measure
    ? fetchJson(env.base, '/api/v1/provenance', { measure, unit, time })
    : fetchJson(env.base, `/api/v1/provenance?${query(measurement, tags, field, time)}`);
  request.then((answer) => {
    body.replaceChildren(...render(answer, value, env));
    dialog.dataset.state = 'ready';
  }).catch((error) => {
    body.textContent = error.status === 404 ? env.text.notFound : env.text.failed(error.message);
    dialog.dataset.state = 'error';
  });
  return dialog;
}

function query(measurement, tags, field, time) {
  const params = new URLSearchParams({ measurement, field });
  for (const [key, value] of Object.entries(tags ?? {})) {
    params.append(`tags[${key}]`, value);
  }
  if (time != null && Number.isFinite(time)) {
    params.append('time', String(Math.floor(time)));
  }
  return params.toString();
}

async function fetchJson(base, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
      signal: controller.signal,
    });
    if (!response.ok) {
      const error = new Error(`HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

function when(ms, env) {
  const at = new Date(ms);
  return `${env.format.timeSeconds(ms)} ${at.toLocaleDateString(env.locale, { timeZone: document.getElementById('dashboard')?.dataset.timeZone || undefined })}`;
}

/** "dvc_records.online_rate · Tỉnh Hà Tĩnh · province": the series as a person reads it, names before codes. */
function seriesName(part, point) {
  const tags = Object.entries(point.tags ?? {});
  const names = tags.filter(([key]) => key.endsWith('_name')).map(([, value]) => value);
  const others = tags.filter(([key]) => !key.endsWith('_name')).map(([key, value]) => `${key}=${value}`);
  return [`${part.measurement}.${part.field}`, ...names, ...others].join(' · ');
}

function row(label, text, name) {
  const line = document.createElement('div');
  line.className = 'provenance-row';
  if (name) {
    line.dataset.field = name;
  }
  const term = document.createElement('span');
  term.className = 'provenance-label';
  term.textContent = label;
  const detail = document.createElement('span');
  detail.className = 'provenance-value';
  detail.textContent = text;
  line.append(term, detail);
  return line;
}

function render(answer, shownValue, env) {
  const nodes = [];
  const value = answer.value ?? shownValue;
  nodes.push(row(env.text.value, env.format.number(value), 'value'));
  if (answer.series) {
    nodes.push(...renderPart(answer.series, env));
  }
  for (const [part, label] of [[answer.numerator, env.text.numerator], [answer.denominator, env.text.denominator]]) {
    if (part) {
      const heading = document.createElement('h3');
      heading.className = 'provenance-part';
      heading.textContent = `${label}: ${env.format.number(part.sum)}`;
      nodes.push(heading, ...renderPart(part, env));
    }
  }
  return nodes;
}

function renderPart(part, env) {
  const nodes = [];
  const t = env.text;
  const [first] = part.points;
  if (!first) {
    return nodes;
  }
  nodes.push(row(t.time, when(first.time, env), 'time'));
  const others = part.points.length - 1 + part.more;
  nodes.push(row(t.series, others > 0 ? `${seriesName(part, first)} ${t.more(others)}` : seriesName(part, first), 'series'));
  if (first.sources.length === 0) {
    nodes.push(row(t.source, t.noSource, 'source'));
  }
  for (const source of first.sources.slice(0, 2)) {
    const kind = source.kind === 'api-key' ? t.apiKey : source.kind;
    nodes.push(row(t.source, `${source.name} · ${t.state[source.state] ?? source.state}`, 'source'));
    nodes.push(row(t.collector, `${source.id} (${kind}) — ${t.match[source.match] ?? source.match}`, 'collector'));
    if (source.run) {
      const run = source.run;
      nodes.push(row(t.run, [
        t.slot(when(run.slot, env)),
        t.started(env.format.timeSeconds(run.startedAt)),
        t.duration(run.durationMs),
        `${t.node} ${run.node}`,
        run.replay ? t.replay : t.live,
        t.points(run.points),
      ].join(' · '), 'run'));
    }
    if (source.entry) {
      const entry = source.entry;
      const doc = [entry.number, entry.date, entry.issuer, entry.title].filter(Boolean).join(' · ');
      nodes.push(row(t.document, `${doc} — ${t.enteredBy(entry.enteredBy, when(entry.enteredAt, env))}`, 'document'));
    }
    if (source.lastError) {
      nodes.push(row(t.lastError, source.lastError, 'error'));
    }
  }
  return nodes;
}
