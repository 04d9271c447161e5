/* Descent report: draws every section of the JSON in #descent-data with Apache ECharts.
 * The 3D surface is ECharts' 2D custom series over a mesh projected here (orthographic, drawn back to
 * front), turned by dragging. window.descentReport lists the drawn sections for tests and the console. */
(function () {
  'use strict';
  var report = window.descentReport = {ready: false, sections: [], errors: []};
  window.addEventListener('error', function (e) { report.errors.push(String(e.message)); });
  var main = document.getElementById('report');
  /* paths on the surface: colours that stand out on viridis */
  var PATH_COLORS = ['#ff5a1f', '#ff2d95', '#ffffff', '#00d5ff', '#111111'];
  var PALETTE = ['#e4572e', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];
  var VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b',
    '#fde725'];
  var BLUES = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];
  var enc = echarts.format.encodeHTML;

  function fmt(v) {
    if (v == null || !isFinite(v)) return '–';
    var a = Math.abs(v);
    return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3).replace(/\.?0+e/, 'e') : String(+v.toPrecision(6));
  }

  function panel(s, cls) {
    var el = document.createElement('section');
    el.className = 'panel ' + cls;
    if (s.title) {
      var h = document.createElement('h2');
      h.textContent = s.title;
      el.appendChild(h);
    }
    if (s.caption) {
      var p = document.createElement('p');
      p.className = 'caption';
      p.textContent = s.caption;
      el.appendChild(p);
    }
    main.appendChild(el);
    return el;
  }

  function chartIn(el, height, cls) {
    var div = document.createElement('div');
    div.className = 'chart' + (cls ? ' ' + cls : '');
    div.style.height = height + 'px';
    el.appendChild(div);
    return echarts.init(div, null, {renderer: 'canvas'});
  }

  function controlsIn(el) {
    var div = document.createElement('div');
    div.className = 'controls';
    el.appendChild(div);
    return div;
  }

  function text(s) {
    var el = panel({}, 'wide text');
    s.text.split(/\n\s*\n/).forEach(function (para) {
      var p = document.createElement('p');
      p.textContent = para;
      el.appendChild(p);
    });
    return {element: el};
  }

  /* Loss or metric curves: zoom (wheel, box, slider), legend toggles, linear or log axes. */
  function lines(s) {
    var el = panel(s, 'half');
    var state = {logX: !!s.logX, logY: !!s.logY};
    var controls = controlsIn(el);
    var chart = chartIn(el, 380);
    ['logX', 'logY'].forEach(function (key) {
      var label = document.createElement('label');
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = state[key];
      box.setAttribute('data-axis', key);
      box.addEventListener('change', function () { state[key] = box.checked; draw(); });
      label.appendChild(box);
      label.appendChild(document.createTextNode('log ' + key.charAt(3).toLowerCase() + ' axis'));
      controls.appendChild(label);
    });
    function points(c) {
      var pts = [];
      for (var i = 0; i < c.x.length; i++) {
        var x = c.x[i], y = c.y[i];
        if (x == null || y == null || (state.logX && x <= 0) || (state.logY && y <= 0)) continue;
        pts.push([x, y]);
      }
      return pts;
    }
    function axis(name, log, vertical) {
      return {type: log ? 'log' : 'value', name: name, nameLocation: 'middle', nameGap: vertical ? 52 : 28, scale: !log,
        axisLabel: {formatter: fmt}, splitLine: {lineStyle: {color: '#eef0f4'}}};
    }
    function draw() {
      var old = chart.getOption();
      var selected = old && old.legend && old.legend[0] ? old.legend[0].selected : undefined;
      chart.setOption({
        animation: false,
        color: PALETTE,
        legend: {type: 'scroll', top: 0, left: 0, right: 96, selected: selected},
        tooltip: {trigger: 'axis', className: 'descent-tooltip', valueFormatter: fmt},
        toolbox: {right: 0, top: 0, feature: {dataZoom: {filterMode: 'none', title: {zoom: 'zoom to a box', back: 'undo zoom'}},
          restore: {title: 'reset'}, saveAsImage: {title: 'save as PNG'}}},
        grid: {left: 66, right: 22, top: 44, bottom: 72},
        xAxis: axis(s.xLabel, state.logX, false),
        yAxis: axis(s.yLabel, state.logY, true),
        dataZoom: [{type: 'inside', xAxisIndex: 0, filterMode: 'none'},
          {type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 16, bottom: 6}],
        series: s.curves.map(function (c) {
          var pts = points(c);
          return {type: 'line', name: c.name, data: pts, showSymbol: pts.length <= 60, symbolSize: 5,
            lineStyle: {width: 1.8}, emphasis: {focus: 'series'}};
        })
      }, true);
    }
    draw();
    return {chart: chart, element: el, state: state, redraw: draw};
  }

  /* A confusion matrix as a heat map, the counts in the cells. */
  function confusion(s) {
    var el = panel(s, 'half');
    var chart = chartIn(el, 420);
    var max = 0, rows = [], cells = [];
    s.counts.forEach(function (row) {
      rows.push(row.reduce(function (a, b) { return a + b; }, 0));
      row.forEach(function (c) { max = Math.max(max, c); });
    });
    s.counts.forEach(function (row, t) {
      row.forEach(function (c, p) {
        cells.push({value: [p, t, c], label: {color: c > max * 0.55 ? '#ffffff' : '#1d2330'}});
      });
    });
    chart.setOption({
      animation: false,
      tooltip: {className: 'descent-tooltip', formatter: function (p) {
        var t = p.value[1], n = p.value[2];
        return 'true ' + enc(s.labels[t]) + ', predicted ' + enc(s.labels[p.value[0]]) + ': <b>' + n + '</b>'
          + (rows[t] ? ' (' + (100 * n / rows[t]).toFixed(1) + '% of true ' + enc(s.labels[t]) + ')' : '');
      }},
      grid: {left: 58, right: 86, top: 8, bottom: 50},
      xAxis: {type: 'category', data: s.labels, name: 'predicted class', nameLocation: 'middle', nameGap: 30},
      yAxis: {type: 'category', data: s.labels, name: 'true class', nameLocation: 'middle', nameGap: 38, inverse: true},
      visualMap: {min: 0, max: Math.max(1, max), calculable: true, right: 0, top: 'middle', itemHeight: 220,
        inRange: {color: BLUES}},
      series: [{type: 'heatmap', name: 'confusion', data: cells, itemStyle: {borderColor: '#ffffff', borderWidth: 1},
        label: {show: true, formatter: function (p) { return p.value[2] ? String(p.value[2]) : ''; }}}]
    });
    return {chart: chart, element: el};
  }

  /* Round tick values covering [lo, hi]. */
  function ticks(lo, hi) {
    if (!(hi > lo)) return [lo];
    var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / 4))), m = (hi - lo) / 4 / step, out = [];
    step *= m >= 5 ? 5 : m >= 2 ? 2 : 1;
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
    return out;
  }

  /* f(x, y) as a surface in 3D with paths on it; drag turns it, the wheel zooms, a double click resets. */
  function surface(s) {
    if (!s.caption) s.caption = 'Drag to turn the surface, scroll to zoom, double-click to reset; hover a step for its values.';
    var el = panel(s, 'wide');
    var controls = controlsIn(el);
    var chart = chartIn(el, 640, 'surface-chart');
    var dom = chart.getDom();
    var nx = s.x.length, ny = s.y.length, x0 = s.x[0], x1 = s.x[nx - 1], y0 = s.y[0], y1 = s.y[ny - 1];
    var zlo = Infinity, zhi = -Infinity;
    s.z.forEach(function (row) {
      row.forEach(function (v) { if (v != null) { zlo = Math.min(zlo, v); zhi = Math.max(zhi, v); } });
    });
    var zspan = zhi - zlo || 1;
    var HOME = {az: -0.85, el: 0.78, zoom: 1};
    var view = {az: HOME.az, el: HOME.el, zoom: HOME.zoom};
    var quads = [], paths = [], guides = [], labels = [];

    /* normalised (X, Y, Z) seen from (az, el) -> [right, up, nearness to the viewer] */
    function turn(X, Y, Z, az, el) {
      var ca = Math.cos(az), sa = Math.sin(az), ce = Math.cos(el), se = Math.sin(el);
      var u = X * ca - Y * sa, w = X * sa + Y * ca;
      return [u, w * se + Z * ce, -w * ce + Z * se];
    }
    /* the scale and centre that fit the bounding box into the chart at the opening angles (kept while turning) */
    var fit;
    function refit() {
      var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
      [-1, 1].forEach(function (X) {
        [-1, 1].forEach(function (Y) {
          [-0.65, 0.65].forEach(function (Z) {
            var t = turn(X, Y, Z, HOME.az, HOME.el);
            for (var d = 0; d < 2; d++) { lo[d] = Math.min(lo[d], t[d]); hi[d] = Math.max(hi[d], t[d]); }
          });
        });
      });
      var W = chart.getWidth() - 130, H = chart.getHeight() - 60; // room for the colour bar, the legend and labels
      fit = {k: Math.min(W / (hi[0] - lo[0]), H / (hi[1] - lo[1])), cu: (lo[0] + hi[0]) / 2, cv: (lo[1] + hi[1]) / 2,
        x: 20 + W / 2, y: 34 + H / 2};
    }
    /* world (x, y, f) -> [pixel x, pixel y, nearness to the viewer] */
    function project(x, y, z) {
      var t = turn(2 * (x - x0) / (x1 - x0) - 1, 2 * (y - y0) / (y1 - y0) - 1, 1.3 * (z - zlo) / zspan - 0.65, view.az, view.el);
      var k = fit.k * view.zoom;
      return [fit.x + (t[0] - fit.cu) * k, fit.y - (t[1] - fit.cv) * k, t[2]];
    }

    function axes() {
      guides = [];
      labels = [];
      function line(a, b, color, width) {
        guides.push({type: 'line', shape: {x1: a[0], y1: a[1], x2: b[0], y2: b[1]}, style: {stroke: color, lineWidth: width}});
      }
      function label(p, str, align, dx, dy, strong) {
        labels.push({type: 'text', x: p[0] + (dx || 0), y: p[1] + (dy || 0), style: {text: str, align: align,
          verticalAlign: 'middle', fill: strong ? '#1d2330' : '#5b6475', font: (strong ? '600 13px' : '11.5px') + ' sans-serif'}});
      }
      var xm = (x0 + x1) / 2, ym = (y0 + y1) / 2;
      // the floor edges nearest the viewer carry the x and y scales
      var yNear = project(xm, y0, zlo)[2] > project(xm, y1, zlo)[2] ? y0 : y1;
      var xNear = project(x0, ym, zlo)[2] > project(x1, ym, zlo)[2] ? x0 : x1;
      // the vertical scale stands on the leftmost corner that is not the nearest (so not in front of the surface)
      var corner = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]].map(function (c) { return {c: c, p: project(c[0], c[1], zlo)}; })
        .sort(function (a, b) { return b.p[2] - a.p[2]; }).slice(1)
        .sort(function (a, b) { return a.p[0] - b.p[0]; })[0].c;
      var xFar = corner[0], yFar = corner[1];
      ticks(x0, x1).forEach(function (t) {
        line(project(t, y0, zlo), project(t, y1, zlo), '#e3e6eb', 1);
        label(project(t, yNear + (yNear - ym) * 0.12, zlo), fmt(t), 'center');
      });
      ticks(y0, y1).forEach(function (t) {
        line(project(x0, t, zlo), project(x1, t, zlo), '#e3e6eb', 1);
        label(project(xNear + (xNear - xm) * 0.12, t, zlo), fmt(t), 'center');
      });
      var corners = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
      for (var c = 0; c < 4; c++) {
        line(project(corners[c][0], corners[c][1], zlo), project(corners[c + 1][0], corners[c + 1][1], zlo), '#b8bec9', 1.2);
      }
      label(project(xm, yNear + (yNear - ym) * 0.3, zlo), s.xLabel, 'center', 0, 0, true);
      label(project(xNear + (xNear - xm) * 0.3, ym, zlo), s.yLabel, 'center', 0, 0, true);
      line(project(xFar, yFar, zlo), project(xFar, yFar, zhi), '#b8bec9', 1.2);
      ticks(zlo, zhi).forEach(function (t) { label(project(xFar, yFar, t), fmt(t), 'right', -7, 0); });
      label(project(xFar, yFar, zhi), s.zLabel, 'center', 0, -18, true);
    }

    function frame() {
      if (!fit) refit();
      var P = new Array(nx * ny), i, j;
      for (j = 0; j < ny; j++) {
        for (i = 0; i < nx; i++) P[j * nx + i] = s.z[j][i] == null ? null : project(s.x[i], s.y[j], s.z[j][i]);
      }
      quads = [];
      for (j = 0; j < ny - 1; j++) {
        for (i = 0; i < nx - 1; i++) {
          var a = P[j * nx + i], b = P[j * nx + i + 1], c = P[(j + 1) * nx + i + 1], d = P[(j + 1) * nx + i];
          if (!a || !b || !c || !d) continue;
          quads.push({pts: [[a[0], a[1]], [b[0], b[1]], [c[0], c[1]], [d[0], d[1]]], near: a[2] + b[2] + c[2] + d[2],
            z: (s.z[j][i] + s.z[j][i + 1] + s.z[j + 1][i + 1] + s.z[j + 1][i]) / 4});
        }
      }
      quads.sort(function (p, q) { return p.near - q.near; }); // painter's order: the farthest first
      paths = s.paths.map(function (p) {
        return p.x.map(function (x, k) {
          return x == null || p.y[k] == null || p.z[k] == null ? null : project(x, p.y[k], p.z[k]);
        });
      });
      axes();
      chart.setOption({series: [
        {id: 'floor', data: guides.map(function (g, n) { return n; })},
        {id: 'surface', data: quads.map(function (q, n) { return [q.z, n]; })},
        {id: 'ticks', data: labels.map(function (g, n) { return n; })}
      ].concat(s.paths.map(function (p, pi) {
        return {id: 'path' + pi, data: p.step.map(function (st, k) { return [st, p.x[k], p.y[k], p.z[k]]; })};
      }))});
    }

    function pathItem(pi) {
      var color = PATH_COLORS[pi % PATH_COLORS.length];
      return function (params) {
        var pts = paths[pi], k = params.dataIndex, p = pts[k], prev = k > 0 ? pts[k - 1] : null, out = [];
        if (!p) return null;
        if (prev) out.push({type: 'line', shape: {x1: prev[0], y1: prev[1], x2: p[0], y2: p[1]}, z2: 0, style: {stroke: color, lineWidth: 2.4}});
        var last = k === pts.length - 1 && k > 0, r = k === 0 || last ? 6 : 3.2;
        var mark = {fill: color, stroke: '#1d2330', lineWidth: k === 0 || last ? 1.5 : 0.8};
        out.push(last
          ? {type: 'rect', z2: 1, shape: {x: p[0] - r, y: p[1] - r, width: 2 * r, height: 2 * r}, style: mark}
          : {type: 'circle', z2: 1, shape: {cx: p[0], cy: p[1], r: r}, style: mark}); // markers above every segment
        return {type: 'group', children: out};
      };
    }

    function fixed(name, z, items) {
      return {id: name, name: name, type: 'custom', coordinateSystem: 'none', silent: true, z: z, data: [],
        tooltip: {show: false}, renderItem: function (params) { return items()[params.dataIndex]; }};
    }
    var surfaceSeries = fixed('surface', 2, null);
    surfaceSeries.renderItem = function (params, api) {
      return {type: 'polygon', z2: params.dataIndex, shape: {points: quads[params.dataIndex].pts},
        style: {fill: api.visual('color'), stroke: 'rgba(20, 24, 32, 0.28)', lineWidth: 0.5}};
    };
    chart.setOption({
      animation: false,
      tooltip: {trigger: 'item', confine: true, className: 'descent-tooltip', formatter: function (p) {
        var v = p.value;
        return '<b>' + enc(p.seriesName) + '</b><br>step ' + v[0] + '<br>' + enc(s.xLabel) + ' = ' + fmt(v[1]) + '<br>'
          + enc(s.yLabel) + ' = ' + fmt(v[2]) + '<br>' + enc(s.zLabel) + ' = ' + fmt(v[3]);
      }},
      legend: {top: 0, left: 0, data: s.paths.map(function (p) { return p.name; }),
        itemStyle: {borderColor: '#1d2330', borderWidth: 0.8}},
      visualMap: {type: 'continuous', seriesIndex: 1, dimension: 0, min: zlo, max: zhi, right: 6, top: 'middle',
        itemHeight: 260, calculable: false, inRange: {color: VIRIDIS}, formatter: fmt, text: [s.zLabel, '']},
      series: [fixed('floor', 1, function () { return guides; }), surfaceSeries, fixed('ticks', 6, function () { return labels; })]
        .concat(s.paths.map(function (p, pi) {
          return {id: 'path' + pi, name: p.name, type: 'custom', coordinateSystem: 'none', z: 3 + pi, data: [],
            itemStyle: {color: PATH_COLORS[pi % PATH_COLORS.length]}, renderItem: pathItem(pi)};
        }))
    });

    var drag = null, pending = false;
    function redraw() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; frame(); });
    }
    function reset() {
      view.az = HOME.az;
      view.el = HOME.el;
      view.zoom = HOME.zoom;
      frame();
    }
    dom.addEventListener('pointerdown', function (e) { drag = {x: e.clientX, y: e.clientY, az: view.az, el: view.el}; });
    window.addEventListener('pointermove', function (e) {
      if (!drag) return;
      view.az = drag.az - (e.clientX - drag.x) * 0.008;
      view.el = Math.max(0.03, Math.min(1.55, drag.el + (e.clientY - drag.y) * 0.008));
      redraw();
    });
    window.addEventListener('pointerup', function () { drag = null; });
    dom.addEventListener('wheel', function (e) {
      e.preventDefault();
      view.zoom = Math.max(0.35, Math.min(6, view.zoom * (e.deltaY < 0 ? 1.12 : 1 / 1.12)));
      redraw();
    }, {passive: false});
    dom.addEventListener('dblclick', reset);
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'reset view';
    button.addEventListener('click', reset);
    controls.appendChild(button);
    frame();
    return {chart: chart, element: el, view: view, redraw: frame, resize: function () { refit(); frame(); },
      /* where step k of path pi is drawn, in the page's viewport coordinates (null when not drawn) */
      screenPoint: function (pi, k) {
        var p = paths[pi] && paths[pi][k], r = dom.getBoundingClientRect();
        return p ? {x: r.left + p[0], y: r.top + p[1]} : null;
      }};
  }

  var DRAW = {surface: surface, lines: lines, confusion: confusion, text: text};
  try {
    var data = JSON.parse(document.getElementById('descent-data').textContent);
    data.sections.forEach(function (s) {
      try {
        var drawn = DRAW[s.kind](s);
        drawn.kind = s.kind;
        drawn.title = s.title || '';
        report.sections.push(drawn);
      } catch (e) {
        report.errors.push((s.title || s.kind) + ': ' + e);
        var p = document.createElement('p');
        p.className = 'error';
        p.textContent = 'Could not draw "' + (s.title || s.kind) + '": ' + e;
        main.appendChild(p);
        console.error(e);
      }
    });
  } catch (e) {
    report.errors.push(String(e));
    console.error(e);
  }
  window.addEventListener('resize', function () {
    report.sections.forEach(function (s) {
      if (s.chart) s.chart.resize();
      if (s.resize) s.resize();
    });
  });
  report.ready = true;
  document.body.setAttribute('data-report-ready', report.errors.length ? 'errors' : 'true');
})();
