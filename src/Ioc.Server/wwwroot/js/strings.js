// Words on the wall. Vietnamese for vi-* dashboards, English otherwise; numbers and times come from format.js.

const vi = {
  connecting: 'Đang kết nối…',
  live: 'Trực tiếp',
  reconnecting: 'Mất kết nối',
  syncing: 'Đang đồng bộ…',
  bannerOffline: 'Mất kết nối tới máy chủ — số liệu trên màn hình KHÔNG còn trực tiếp. Đang tự động kết nối lại…',
  bannerFailed: (what) => `Không tải được bảng điều hành: ${what}. Đang thử lại…`,
  stale: 'Dữ liệu cũ',
  offline: 'Không trực tiếp',
  asOf: (time) => `lúc ${time}`,
  staleSome: (n, total) => `${n}/${total} chuỗi`,
  noData: 'Chưa có dữ liệu',
  updated: (time) => `Cập nhật ${time}`,
  target: 'Mục tiêu',
  met: 'Đạt',
  notMet: 'Chưa đạt',
  noCharts: 'Thiếu thư viện biểu đồ',
  more: (n) => `+${n} chuỗi khác`,
  source: { late: 'Nguồn trễ', failing: 'Nguồn lỗi', disabled: 'Nguồn tạm dừng' },
  sourcesMore: (name, n) => `${name} và ${n} nguồn khác`,
  lastSuccess: (time) => `thành công lần cuối lúc ${time}`,
  neverSucceeded: 'chưa có lần thành công',
  sourceTiles: (n) => `${n} ô: nguồn không cập nhật`,
};

const en = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Disconnected',
  syncing: 'Syncing…',
  bannerOffline: 'Lost connection to the server — figures on this screen are NOT live. Reconnecting…',
  bannerFailed: (what) => `Cannot load the dashboard: ${what}. Retrying…`,
  stale: 'Stale',
  offline: 'Not live',
  asOf: (time) => `as of ${time}`,
  staleSome: (n, total) => `${n}/${total} series`,
  noData: 'No data yet',
  updated: (time) => `Updated ${time}`,
  target: 'Target',
  met: 'Met',
  notMet: 'Not met',
  noCharts: 'Chart library missing',
  more: (n) => `+${n} more`,
  source: { late: 'Source late', failing: 'Source failing', disabled: 'Source paused' },
  sourcesMore: (name, n) => `${name} and ${n} more`,
  lastSuccess: (time) => `last success ${time}`,
  neverSucceeded: 'never succeeded',
  sourceTiles: (n) => `${n} tiles: source not current`,
};

export function stringsFor(locale) {
  return /^vi\b/i.test(locale ?? '') ? vi : en;
}
