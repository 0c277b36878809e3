/**
 * The script inside every HTML report: reads the embedded JSON (id replbench-data)
 * and draws each chart with uPlot. Plain ES2017, no imports, no network.
 *
 * Chart kinds:
 * - `percentiles`: HdrHistogram-style percentile distribution, x = 1/(1−p) on a log
 *   axis labelled 0%, 50%, 90%, 99%, 99.9% …, y in ms; one line per series.
 * - `timeline`: points against run time (s), y in ms on a log axis (lags and the
 *   time waited for failures differ by orders of magnitude), vertical ± bars from `errs`,
 *   hollow markers for series with marker "hollow" (timed out, inconsistent …).
 *
 * When every chart is drawn the page sets data-rendered="ok" and data-plots=N on
 * <html>; on a failure data-rendered="error" and a banner (#render-error) says why.
 */

export interface ChartSeriesSpec {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  /** ± half-widths aligned with values (timeline). */
  readonly errs?: readonly (number | null)[];
  readonly marker?: 'dot' | 'hollow';
  readonly dash?: readonly number[];
  readonly width?: number;
}

export interface ChartSpec {
  readonly id: string;
  readonly kind: 'percentiles' | 'timeline';
  readonly title: string;
  readonly xs: readonly number[];
  readonly series: readonly ChartSeriesSpec[];
  /** percentiles only: x positions and labels of the axis ticks. */
  readonly ticks?: readonly { readonly x: number; readonly label: string }[];
  readonly yLabel: string;
  readonly height?: number;
}

export interface PageData {
  readonly charts: readonly ChartSpec[];
}

export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var root = document.documentElement;
  function fmtMs(v) {
    if (v == null || !isFinite(v)) return '–';
    var a = Math.abs(v);
    if (a >= 10000) return (v / 1000).toFixed(1) + ' s';
    if (a >= 1000) return (v / 1000).toFixed(2) + ' s';
    if (a >= 100) return v.toFixed(0) + ' ms';
    if (a >= 10) return v.toFixed(1) + ' ms';
    return v.toFixed(2) + ' ms';
  }
  function pctOf(x) {
    if (x == null) return '';
    var p = 100 * (1 - 1 / x);
    return (p >= 99 ? p.toFixed(3) : p.toFixed(1)) + '%';
  }
  function decimalsFor(incr) {
    for (var d = 0; d < 6; d++) { var x = incr * Math.pow(10, d); if (Math.abs(x - Math.round(x)) < 1e-6 * Math.max(1, x)) return d; }
    return 6;
  }
  function axisMs(vals, incr) {
    var top = Math.max.apply(null, vals.map(Math.abs));
    if (top >= 10000) return vals.map(function (v) { return (v / 1000).toFixed(decimalsFor(incr / 1000)) + ' s'; });
    return vals.map(function (v) { return v.toFixed(decimalsFor(incr)) + ' ms'; });
  }
  function widthOf(el) { return Math.max(320, Math.floor(el.clientWidth || 600)); }
  function percentileOpts(c, el) {
    var labels = {};
    (c.ticks || []).forEach(function (t) { labels[t.x] = t.label; });
    var tickXs = (c.ticks || []).map(function (t) { return t.x; });
    return {
      title: c.title, width: widthOf(el), height: c.height || 300,
      scales: {
        x: { time: false, distr: 3, log: 10, range: function (u, min, max) { return [1, Math.max(2, max)]; } },
        y: { range: function (u, min, max) { return [0, (max > 0 ? max : 1) * 1.05]; } }
      },
      axes: [
        { label: 'percentile', splits: function (u) {
            return tickXs.filter(function (x) { return x >= u.scales.x.min && x <= u.scales.x.max; });
          },
          filter: function (u, splits) { return splits; },
          values: function (u, splits) { return splits.map(function (x) { return labels[x] || pctOf(x); }); } },
        { label: c.yLabel, size: 70, values: function (u, vals, ax, space, incr) { return axisMs(vals, incr); } }
      ],
      series: [{ label: 'percentile', value: function (u, x) { return pctOf(x); } }].concat(c.series.map(function (s) {
        return { label: s.label, stroke: s.color, width: s.width || 2, dash: s.dash, spanGaps: true,
          points: { show: false }, value: function (u, v) { return fmtMs(v); } };
      }))
    };
  }
  function errorBars(c) {
    return function (u) {
      var ctx = u.ctx, px = window.devicePixelRatio || 1;
      ctx.save();
      ctx.beginPath();
      ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
      ctx.clip();
      c.series.forEach(function (s, k) {
        var errs = s.errs, ys = u.data[k + 1];
        if (!errs || !u.series[k + 1].show) return;
        ctx.strokeStyle = s.color;
        ctx.lineWidth = px;
        for (var i = 0; i < ys.length; i++) {
          var v = ys[i], e = errs[i];
          if (v == null || e == null || !(e > 0)) continue;
          var x = u.valToPos(u.data[0][i], 'x', true);
          var lo = Math.max(v - e, u.scales.y.min), hi = v + e;
          var y0 = u.valToPos(lo, 'y', true), y1 = u.valToPos(hi, 'y', true);
          ctx.beginPath();
          ctx.moveTo(x, y0); ctx.lineTo(x, y1);
          ctx.moveTo(x - 3 * px, y0); ctx.lineTo(x + 3 * px, y0);
          ctx.moveTo(x - 3 * px, y1); ctx.lineTo(x + 3 * px, y1);
          ctx.stroke();
        }
      });
      ctx.restore();
    };
  }
  function timelineOpts(c, el) {
    return {
      title: c.title, width: widthOf(el), height: c.height || 320,
      scales: {
        x: { time: false, range: function (u, min, max) {
          var pad = max > min ? (max - min) * 0.02 : 0.5;
          return [min - pad, max + pad];
        } },
        y: { distr: 3, log: 10, range: function (u, min, max) {
          var lo = min > 0 ? min : 1, hi = max > lo ? max : lo * 10;
          return [Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))];
        } }
      },
      axes: [
        { label: 'run time (commit point)', space: 80, values: function (u, vals, ax, space, incr) {
            return vals.map(function (v) { return v.toFixed(decimalsFor(incr)) + ' s'; }); } },
        { label: c.yLabel, size: 70, values: function (u, vals) { return vals.map(function (v) { return v == null ? '' : fmtMs(v); }); } }
      ],
      series: [{ label: 'committed at', value: function (u, v) { return v == null ? '' : v.toFixed(3) + ' s'; } }].concat(c.series.map(function (s) {
        var hollow = s.marker === 'hollow';
        return { label: s.label, stroke: s.color, paths: function () { return null; }, spanGaps: false,
          points: { show: true, size: hollow ? 10 : 6, width: hollow ? 2 : 1, stroke: s.color, fill: hollow ? '#ffffff' : s.color },
          value: function (u, v) { return fmtMs(v); } };
      })),
      hooks: { draw: [errorBars(c)] }
    };
  }
  function draw(c) {
    var el = document.getElementById(c.id);
    if (!el) throw new Error('no element #' + c.id);
    var opts = c.kind === 'timeline' ? timelineOpts(c, el) : percentileOpts(c, el);
    var data = [c.xs].concat(c.series.map(function (s) { return s.values; }));
    var plot = new uPlot(opts, data, el);
    return { plot: plot, el: el, height: opts.height };
  }
  try {
    var source = document.getElementById('replbench-data');
    var data = JSON.parse(source ? source.textContent : '{"charts":[]}');
    var plots = data.charts.map(draw);
    window.addEventListener('resize', function () {
      plots.forEach(function (p) { p.plot.setSize({ width: widthOf(p.el), height: p.height }); });
    });
    root.setAttribute('data-plots', String(plots.length));
    root.setAttribute('data-rendered', 'ok');
  } catch (e) {
    root.setAttribute('data-rendered', 'error');
    var banner = document.getElementById('render-error');
    if (banner) { banner.textContent = 'A chart failed to render: ' + (e && e.message ? e.message : String(e)); banner.style.display = 'block'; }
    throw e;
  }
})();
`;
