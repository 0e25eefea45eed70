/* Behaviour of the briefing site: timeline filters, maps, citations.
 *
 * Record text only ever reaches the page through textContent, never innerHTML.
 * Everything runs again on each page that Material's instant navigation loads
 * (document$), and the pages work without it: the timeline is a plain list, the
 * citation is plain text.
 */
(function () {
  "use strict";

  function onEveryPage(init) {
    if (typeof window.document$ !== "undefined") {
      window.document$.subscribe(init);
    } else if (document.readyState !== "loading") {
      init();
    } else {
      document.addEventListener("DOMContentLoaded", init);
    }
  }

  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function words(slug) { return (slug || "").replace(/-/g, " "); }

  /* ---- Timeline filters -------------------------------------------------- */

  // A small timeline lists every incident and is filtered in place. Past the site's page size it
  // lists only the newest (the filter box then carries data-index, the URL of the filter index,
  // and counts over all incidents in data-counts): a filter fetches the index once and lists the
  // matching incidents itself, and no filter brings back the page's own list.
  // The statuses, in the order the site shows them, come from the registry of kinds through the
  // generated stylesheet (assets/vocabulary.css, imported by briefing.css): this script keeps no copy.
  function statuses() {
    var value = window.getComputedStyle(document.documentElement).getPropertyValue("--briefing-statuses");
    return value.replace(/["']/g, " ").split(/\s+/).filter(Boolean);
  }
  var indexes = {};  // absolute URL of a filter index → promise of its rows, fetched once per visit

  function capitalized(word) { return word.charAt(0).toUpperCase() + word.slice(1); }

  // Only a path of slugs, relative to the site's root ("incidents/x/"): no scheme, host or "..".
  function safePath(url) {
    return typeof url === "string" && /^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)*\/$/.test(url);
  }

  function loadIndex(url) {
    var key = new URL(url, window.location.href).href;
    if (!indexes[key]) {
      indexes[key] = fetch(key, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error("filter index: HTTP " + response.status);
        return response.json();
      }).then(prepareIndex);
      indexes[key].catch(function () { delete indexes[key]; });  // a later filter tries again
    }
    return indexes[key];
  }

  function prepareIndex(index) {
    var col = {};
    (index.fields || []).forEach(function (name, i) { col[name] = i; });
    var regions = index.regions || {};
    var above = {};
    function withAncestors(id) {  // the region and every region above it, at most 64 levels
      if (!above[id]) {
        var chain = [];
        for (var r = id; r && chain.length < 64 && chain.indexOf(r) < 0; r = (regions[r] || {}).parent) chain.push(r);
        above[id] = chain;
      }
      return above[id];
    }
    var rows = (index.incidents || []).map(function (row) {
      var own = Array.isArray(row[col.regions]) ? row[col.regions].map(String) : [];
      var all = [];
      own.forEach(function (r) { withAncestors(r).forEach(function (a) { if (all.indexOf(a) < 0) all.push(a); }); });
      return {
        url: row[col.url], title: String(row[col.title] || ""), date: String(row[col.date] || ""),
        start: String(row[col.start] || ""), end: String(row[col.end] || ""), status: String(row[col.status] || ""),
        type: String(row[col.type] || ""), regions: all, own: own, month: String(row[col.month] || ""),
        reliability: String(row[col.reliability] || ""), credibility: String(row[col.credibility] || "")
      };
    });
    return { rows: rows, regions: regions, months: index.months || {} };
  }

  function initTimelineFilters() {
    var box = document.getElementById("timeline-filters");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var STATUSES = statuses();
    var items = Array.prototype.map.call(document.querySelectorAll("a.incident-link"), function (a) {
      return {
        li: a.closest("li"),
        regions: (a.dataset.regions || "").split(" ").filter(Boolean),
        status: a.dataset.status || "",
        type: a.dataset.type || "",
        start: a.dataset.start || "",
        end: a.dataset.end || "",
        reliability: a.dataset.reliability || "",
        credibility: a.dataset.credibility || ""
      };
    });
    var regionTree = JSON.parse(box.dataset.regions || "[]");
    var params = new URLSearchParams(window.location.search);
    var partial = !!box.dataset.index;
    var counts = partial ? JSON.parse(box.dataset.counts || "{}") : null;
    var total = partial ? Number(box.dataset.total) || 0 : items.length;

    function count(test) { return items.filter(test).length; }
    function countOf(kind, value, test) { return partial ? (counts[kind] || {})[value] || 0 : count(test); }

    var region = make("select", { id: "filter-region", name: "region" });
    region.appendChild(make("option", { value: "" }, "All regions (" + total + ")"));
    regionTree.forEach(function (r) {
      var n = countOf("region", r.id, function (i) { return i.regions.indexOf(r.id) >= 0; });
      if (!n) return;
      var indent = new Array(r.depth + 1).join("\u00a0\u00a0");
      region.appendChild(make("option", { value: r.id }, indent + r.name + " (" + n + ")"));
    });

    var types = partial ? Object.keys(counts.type || {}).sort() :
      Array.from(new Set(items.map(function (i) { return i.type; }).filter(Boolean))).sort();
    var type = make("select", { id: "filter-type", name: "type" });
    type.appendChild(make("option", { value: "" }, "All types"));
    types.forEach(function (t) {
      type.appendChild(make("option", { value: t }, words(t) + " (" + countOf("type", t, function (i) { return i.type === t; }) + ")"));
    });

    var statusBox = make("fieldset", { class: "filter-statuses" });
    statusBox.appendChild(make("legend", {}, "Status"));
    STATUSES.forEach(function (s) {
      var n = countOf("status", s, function (i) { return i.status === s; });
      if (!n) return;
      var label = make("label", {});
      var input = make("input", { type: "checkbox", name: "status", value: s });
      label.appendChild(input);
      // capitalised as the badges are
      label.appendChild(document.createTextNode(" " + s.charAt(0).toUpperCase() + s.slice(1) + " (" + n + ")"));
      statusBox.appendChild(label);
    });

    // Grade filters keep the incidents whose best-graded citation is at least as good as the choice ("B"
    // keeps A and B). The choices are the registry's, best first, from the filter box; a filter is offered
    // only where some incident is graded.
    var GRADES = JSON.parse(box.dataset.grades || "{}");
    var gradeOrder = {};
    function gradeSelect(name, label) {
      var terms = GRADES[name] || [];
      var order = gradeOrder[name] = terms.map(function (t) { return String(t[0]); });
      var select = make("select", { id: "filter-" + name, name: name });
      select.appendChild(make("option", { value: "" }, "Any " + label));
      var offered = 0;
      terms.forEach(function (t, n) {
        var within = order.slice(0, n + 1);
        var found = partial ?
          within.reduce(function (sum, w) { return sum + ((counts[name] || {})[w] || 0); }, 0) :
          count(function (i) { return within.indexOf(i[name]) >= 0; });
        if (!found) return;
        offered += 1;
        var text = n === terms.length - 1 ? "Any graded" :
          (n ? order[0] + "\u2013" + order[n] + ": " + t[1] + " or better" : order[0] + ": " + t[1]);
        select.appendChild(make("option", { value: order[n] }, text + " (" + found + ")"));
      });
      return offered ? select : null;
    }
    function atLeast(name, value, wanted) {
      var order = gradeOrder[name] || [];
      return !!value && order.indexOf(value) >= 0 && order.indexOf(value) <= order.indexOf(wanted);
    }
    var reliability = gradeSelect("reliability", "source reliability");
    var credibility = gradeSelect("credibility", "credibility");

    var from = make("input", { type: "date", id: "filter-from", name: "from" });
    var to = make("input", { type: "date", id: "filter-to", name: "to" });
    var reset = make("button", { type: "button", class: "md-button" }, "Show all");
    var shown = make("p", { class: "filter-count", role: "status", "aria-live": "polite" });

    function field(labelText, control) {
      var wrap = make("label", { class: "filter-field" }, labelText + " ");
      wrap.appendChild(control);
      return wrap;
    }
    var form = make("form", { class: "filters", role: "search", "aria-label": "Filter the timeline" });
    form.appendChild(field("Region", region));
    form.appendChild(field("Type", type));
    form.appendChild(statusBox);
    if (reliability) form.appendChild(field("Source reliability", reliability));
    if (credibility) form.appendChild(field("Credibility", credibility));
    form.appendChild(field("From", from));
    form.appendChild(field("To", to));
    form.appendChild(reset);
    box.appendChild(form);
    box.appendChild(shown);
    var results = make("div", { class: "timeline-results" });
    results.hidden = true;
    if (partial) box.parentNode.insertBefore(results, box.nextSibling);
    box.hidden = false;

    // State from the URL, so a filtered view can be shared.
    region.value = params.get("region") || "";
    type.value = params.get("type") || "";
    var wanted = (params.get("status") || "").split(",").filter(Boolean);
    statusBox.querySelectorAll("input").forEach(function (i) { i.checked = wanted.indexOf(i.value) >= 0; });
    from.value = params.get("from") || "";
    to.value = params.get("to") || "";
    if (reliability) reliability.value = params.get("reliability") || "";
    if (credibility) credibility.value = params.get("credibility") || "";

    function state() {
      return {
        region: region.value, type: type.value, from: from.value, to: to.value,
        reliability: reliability ? reliability.value : "", credibility: credibility ? credibility.value : "",
        statuses: Array.prototype.filter.call(statusBox.querySelectorAll("input"), function (i) { return i.checked; })
          .map(function (i) { return i.value; })
      };
    }

    function matches(f, i) {
      return (!f.region || i.regions.indexOf(f.region) >= 0) &&
        (!f.type || i.type === f.type) &&
        (!f.statuses.length || f.statuses.indexOf(i.status) >= 0) &&
        (!f.reliability || atLeast("reliability", i.reliability, f.reliability)) &&
        (!f.credibility || atLeast("credibility", i.credibility, f.credibility)) &&
        (!f.from || !i.end || i.end >= f.from) &&  // an empty end or start: a date open on that side
        (!f.to || !i.start || i.start <= f.to);
    }

    // The page's own list, filtered in place: the whole timeline on a small site.
    function filterPage(f) {
      var visible = 0;
      items.forEach(function (i) {
        var ok = matches(f, i);
        i.li.hidden = !ok;
        if (ok) visible += 1;
      });
      // A month with nothing left to show loses its heading too.
      document.querySelectorAll("article ul").forEach(function (list) {
        if (results.contains(list)) return;
        var links = list.querySelectorAll("a.incident-link");
        if (!links.length) return;
        var any = Array.prototype.some.call(list.children, function (li) { return !li.hidden; });
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !any;
      });
      shown.textContent = "Showing " + visible + " of " + items.length + " incidents";
    }

    // A partial page: its own list (the newest incidents) shown or hidden as a whole.
    function showPageList(show) {
      items.forEach(function (i) { i.li.hidden = false; });
      document.querySelectorAll("article ul").forEach(function (list) {
        if (results.contains(list) || !list.querySelector("a.incident-link")) return;
        list.hidden = !show;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !show;
        var more = list.nextElementSibling;
        if (more && more.classList.contains("month-more")) more.hidden = !show;
      });
      document.querySelectorAll(".timeline-partial-note").forEach(function (p) { p.hidden = !show; });
      results.hidden = show;
    }

    var base = box.dataset.base || "";
    var limit = Number(box.dataset.pageSize) || 100;
    var listed = limit;

    function link(url, text, attrs) {
      if (!safePath(url)) return make("span", {}, text);
      var a = make("a", attrs || {}, text);
      a.setAttribute("href", base + url);
      return a;
    }

    // The incidents of the index that match, newest first, grouped by month, the first `listed` of them.
    function renderResults(index, f) {
      var found = index.rows.filter(function (i) { return matches(f, i); });
      while (results.firstChild) results.removeChild(results.firstChild);
      var list = null;
      var month = null;
      found.slice(0, listed).forEach(function (i) {
        if (!list || i.month !== month) {
          month = i.month;
          var info = Object.prototype.hasOwnProperty.call(index.months, month) ? index.months[month] : {};
          var heading = make("h2", {});
          heading.appendChild(link(info.url, String(info.label || month)));
          results.appendChild(heading);
          list = make("ul", {});
          results.appendChild(list);
        }
        var li = make("li", {});
        li.appendChild(make("strong", {}, i.date));
        li.appendChild(document.createTextNode(" · "));
        li.appendChild(link(i.url, i.title, { class: "incident-link" }));
        if (STATUSES.indexOf(i.status) >= 0) {
          li.appendChild(document.createTextNode(" · "));
          li.appendChild(make("a", { href: "#statuses", class: "status status-" + i.status }, capitalized(i.status)));
        }
        i.own.forEach(function (r, n) {
          li.appendChild(document.createTextNode(n ? ", " : " · "));
          var info = Object.prototype.hasOwnProperty.call(index.regions, r) ? index.regions[r] : {};
          li.appendChild(link(info.url, String(info.name || r)));
        });
        list.appendChild(li);
      });
      if (found.length > listed) {
        var more = make("button", { type: "button", class: "md-button timeline-more" },
          "Show more (" + (found.length - listed) + " left)");
        more.addEventListener("click", function () {
          var first = listed;
          listed += limit;
          renderResults(index, state());
          var next = results.querySelectorAll("li")[first];  // keyboard focus moves to the first new line
          if (next && next.querySelector("a")) next.querySelector("a").focus();
        });
        results.appendChild(make("p", {})).appendChild(more);
        shown.textContent = "Showing " + listed + " of " + found.length + " matching incidents (" + total + " in all)";
      } else {
        shown.textContent = "Showing " + found.length + " of " + total + " incidents";
      }
      showPageList(false);
    }

    var latest = 0;
    function apply(updateUrl) {
      var f = state();
      if (updateUrl) {
        var next = new URLSearchParams();
        if (f.region) next.set("region", f.region);
        if (f.type) next.set("type", f.type);
        if (f.statuses.length) next.set("status", f.statuses.join(","));
        if (f.reliability) next.set("reliability", f.reliability);
        if (f.credibility) next.set("credibility", f.credibility);
        if (f.from) next.set("from", f.from);
        if (f.to) next.set("to", f.to);
        var query = next.toString();
        window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : ""));
      }
      if (!partial) {
        filterPage(f);
        return;
      }
      var ticket = ++latest;
      listed = limit;
      if (!(f.region || f.type || f.statuses.length || f.reliability || f.credibility || f.from || f.to)) {
        showPageList(true);
        shown.textContent = "Showing the newest " + items.length + " of " + total + " incidents: a filter searches all of them";
        return;
      }
      shown.textContent = "Searching all " + total + " incidents…";
      loadIndex(box.dataset.index).then(function (index) {
        if (ticket === latest) renderResults(index, f);
      }, function () {
        if (ticket !== latest) return;
        showPageList(true);  // the index could not be loaded: filter what this page lists
        filterPage(f);
        shown.textContent += " listed on this page (the full timeline could not be loaded)";
      });
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function () {
      region.value = ""; type.value = ""; from.value = ""; to.value = "";
      if (reliability) reliability.value = "";
      if (credibility) credibility.value = "";
      statusBox.querySelectorAll("input").forEach(function (i) { i.checked = false; });
      apply(true);
    });
    apply(false);
  }

  /* ---- Maps -------------------------------------------------------------- */

  // Leaflet, topojson-client and the country borders (Natural Earth, via world-atlas) are shipped beside this
  // script in assets/vendor/: a map asks no other server, unless mkdocs.yml names a tile server (data-tiles).
  // A page with a map loads the two scripts itself (the theme's main.html); after Material's instant
  // navigation from a page without one, they are loaded here, once.
  var ownScript = document.currentScript || document.querySelector("script[src*='assets/briefing.js']");
  var assetsBase = ownScript ? new URL(".", ownScript.src).href : new URL("assets/", window.location.href).href;
  var loading = {};  // URL → promise, each script or file fetched at most once per visit

  function loadScript(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var script = make("script", { src: url });
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + url)); };
        document.head.appendChild(script);
      });
    }
    return loading[url];
  }

  function mapLibraries() {
    if (window.L && window.topojson) return Promise.resolve();
    if (!document.querySelector("link[href$='vendor/leaflet/leaflet.css']")) {
      document.head.appendChild(make("link", { rel: "stylesheet", href: assetsBase + "vendor/leaflet/leaflet.css" }));
    }
    return (window.L ? Promise.resolve() : loadScript(assetsBase + "vendor/leaflet/leaflet.js")).then(function () {
      return window.topojson ? null : loadScript(assetsBase + "vendor/topojson-client/topojson-client.min.js");
    });
  }

  function borders() {  // the countries as GeoJSON, decoded once per visit
    var url = assetsBase + "vendor/world-atlas/countries-50m.json";
    if (!loading[url]) {
      loading[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("borders: HTTP " + r.status);
        return r.json();
      }).then(function (topology) { return window.topojson.feature(topology, topology.objects.countries); });
      loading[url].catch(function () { delete loading[url]; });
    }
    return loading[url];
  }

  // A country's box, from its outer rings: [west, south, east, north].
  function boxOf(geometry) {
    var box = [180, 90, -180, -90];
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] :
      geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    polygons.forEach(function (polygon) {
      (polygon[0] || []).forEach(function (c) {
        if (c[0] < box[0]) box[0] = c[0];
        if (c[1] < box[1]) box[1] = c[1];
        if (c[0] > box[2]) box[2] = c[0];
        if (c[1] > box[3]) box[3] = c[1];
      });
    });
    return box;
  }

  function drawBorders(map) {
    // Only the countries that meet a wide frame around the view (five times its size) are drawn: Leaflet
    // projects every point of every shape it holds, and the world's would keep a phone's main thread busy
    // for seconds, for shapes nobody sees unless they pan far away.
    var view = map.getBounds().pad(2);
    var west = view.getWest(), south = view.getSouth(), east = view.getEast(), north = view.getNorth();
    borders().then(function (countries) {
      var near = (countries.features || []).filter(function (f) {
        if (!f.geometry) return false;
        var box = f.box || (f.box = boxOf(f.geometry));
        return box[0] <= east && box[2] >= west && box[1] <= north && box[3] >= south;
      });
      // Not interactive: only the incidents' markers take clicks and keyboard focus.
      window.L.geoJSON({ type: "FeatureCollection", features: near },
                       { interactive: false, className: "map-borders" }).addTo(map);
      map.attributionControl.addAttribution("Borders: Natural Earth");
    }).catch(function () { /* no borders: the points on a plain background */ });
  }

  // Each kind of point has its legend's shape (the map macro's svg), so no marker relies on colour alone.
  function markIcon(figure, kind) {
    var svg = figure && figure.querySelector(".map-legend svg[data-mark='" + kind + "']");
    var shape = svg ? svg.cloneNode(true) : make("span", {}, "●");
    var holder = make("span", { class: "map-marker map-marker-" + kind });
    holder.appendChild(shape);
    return window.L.divIcon({ html: holder, className: "map-marker-icon", iconSize: [22, 22], iconAnchor: [11, 11],
                              popupAnchor: [0, -8] });
  }

  function addPoints(map, points, figure) {
    var layer = window.L.featureGroup();
    var roundedLabel = figure && figure.querySelector("[data-mark-label=rounded]");
    points.forEach(function (p) {
      var kind = p.region ? "region" : p.rounded ? "rounded" : "exact";
      var what = p.region ? "placed at the point of " + p.region : p.rounded ? "position rounded" : "position as recorded";
      var marker = window.L.marker([p.lat, p.lon], { icon: markIcon(figure, kind), title: p.title + " (" + what + ")",
                                                     riseOnHover: true });
      var popup = make("div", { class: "map-popup" });
      var link = make("a", { href: p.url }, p.title);
      popup.appendChild(link);
      popup.appendChild(make("div", {}, [p.date, p.status].filter(Boolean).join(" · ")));
      if (p.rounded) popup.appendChild(make("div", {}, roundedLabel ? roundedLabel.textContent : "Position rounded"));
      if (p.region) popup.appendChild(make("div", {}, "Placed by region: at the point of " + p.region +
        ", not the incident's own position"));
      marker.bindPopup(popup);
      marker.addTo(layer);
    });
    layer.addTo(map);
    return layer;
  }

  function pointsFromGeoJSON(data, base) {
    return (data.features || []).filter(function (f) { return f.geometry && f.geometry.type === "Point"; })
      .map(function (f) {
        var props = f.properties || {};
        return {
          lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0], title: props.title || props.id,
          url: base + (props.url || ""), date: props.date_label || props.date || "", status: props.status || "",
          rounded: !!props.coordinates_rounded,
          region: props.placed_by_region_name || ""
        };
      });
  }

  function drawMap(div) {
    var figure = div.parentNode;
    var map = window.L.map(div, { scrollWheelZoom: false, attributionControl: true });
    // Leaflet's default prefix carries a flag; a neutral briefing credits the library in words.
    map.attributionControl.setPrefix("Leaflet");
    // A tile server only where mkdocs.yml names one, and only online; otherwise the shipped borders.
    var tiles = !!div.dataset.tiles && navigator.onLine !== false;
    if (tiles) {
      window.L.tileLayer(div.dataset.tiles, { attribution: div.dataset.attribution || "", maxZoom: 18 }).addTo(map);
    }
    var framed = false;
    function frame() {  // the borders around the view the points settle (or the default one)
      if (framed || tiles) return;
      framed = true;
      drawBorders(map);
    }
    window.L.control.scale({ imperial: false }).addTo(map);
    // Borders alone show no line to find one's way by close up: one point is shown far enough out to see one,
    // several no closer than keeps them apart (an open popup does not hide the next point).
    var closest = tiles ? 10 : 8;
    map.setView([55, 40], 4);
    function show(points) {
      if (!points.length) return frame();
      var layer = addPoints(map, points, figure);
      if (points.length === 1) map.setView([points[0].lat, points[0].lon], Number(div.dataset.zoom || (tiles ? 9 : 6)));
      else map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: closest });
      var note = figure.querySelector(".map-count");
      if (note) note.textContent = points.length + " incident" + (points.length === 1 ? "" : "s") + " on the map";
      var list = figure.querySelector("details.map-list");
      if (list) list.open = false;  // the map shows them now; the list stays one click away
      frame();
    }
    if (div.dataset.src) {
      fetch(div.dataset.src).then(function (r) { return r.ok ? r.json() : { features: [] }; })
        .then(function (data) { show(pointsFromGeoJSON(data, div.dataset.base || "")); })
        .catch(frame);  // no data: the map shows the borders alone, the page still works
    } else if (div.dataset.pointsSrc) {  // a region's many points, in a file beside its pages
      fetch(div.dataset.pointsSrc).then(function (r) { return r.ok ? r.json() : []; })
        .then(show)
        .catch(frame);
    } else {
      show(JSON.parse(div.dataset.points || "[]"));
    }
  }

  function initMaps() {
    var divs = Array.prototype.filter.call(document.querySelectorAll("div.briefing-map"),
      function (div) { return !div.dataset.ready; });
    if (!divs.length) return;
    divs.forEach(function (div) { div.dataset.ready = "1"; });
    function start(div) {
      mapLibraries().then(function () { drawMap(div); })
        .catch(function () { div.hidden = true; });  // no Leaflet: no empty box; the list below still shows them
    }
    // A map is drawn when it comes near the screen: Leaflet and the borders cost a phone a second of work,
    // which a reader who never scrolls to the map (an incident page's is below its text) should not pay.
    if (!("IntersectionObserver" in window)) return divs.forEach(start);
    var watch = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        watch.unobserve(entry.target);
        start(entry.target);
      });
    }, { rootMargin: "200px 0px" });
    divs.forEach(function (div) { watch.observe(div); });
  }

  /* ---- Citations --------------------------------------------------------- */

  function initCitations() {
    var today = new Date();
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"];
    var iso = today.toISOString().slice(0, 10);
    var human = today.getDate() + " " + months[today.getMonth()] + " " + today.getFullYear();
    var here = window.location.origin + window.location.pathname;
    document.querySelectorAll(".cite-access").forEach(function (n) { n.textContent = human; });
    document.querySelectorAll(".cite-access-iso").forEach(function (n) { n.textContent = iso; });
    document.querySelectorAll(".cite-url").forEach(function (n) {
      if (!n.dataset.absolute) n.textContent = here;
    });
    document.querySelectorAll("button.cite-copy").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        // By data attribute, not id: Material renumbers the ids of <pre> blocks.
        var target = document.querySelector("[data-cite-target='" + button.dataset.target + "']");
        if (!target || !navigator.clipboard) return;
        navigator.clipboard.writeText(target.textContent.trim()).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = button.dataset.label; }, 2000);
        });
      });
    });
  }

  // Print shows an external link's address after it (briefing.css, @media print). Instant navigation makes
  // every link absolute, so the links to this site are marked here by their host, and left without one.
  function markInternalLinks() {
    document.querySelectorAll(".md-content a[href]").forEach(function (a) {
      if (a.host === location.host) a.classList.add("internal-link");
    });
  }

  onEveryPage(function () {
    markInternalLinks();
    initTimelineFilters();
    initMaps();
    initCitations();
  });
})();
