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

  function initTimelineFilters() {
    var box = document.getElementById("timeline-filters");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var items = Array.prototype.map.call(document.querySelectorAll("a.incident-link"), function (a) {
      return {
        li: a.closest("li"),
        regions: (a.dataset.regions || "").split(" ").filter(Boolean),
        status: a.dataset.status || "",
        type: a.dataset.type || "",
        start: a.dataset.start || "",
        end: a.dataset.end || ""
      };
    });
    var regionTree = JSON.parse(box.dataset.regions || "[]");
    var params = new URLSearchParams(window.location.search);

    function count(test) { return items.filter(test).length; }

    var region = make("select", { id: "filter-region", name: "region" });
    region.appendChild(make("option", { value: "" }, "All regions (" + items.length + ")"));
    regionTree.forEach(function (r) {
      var n = count(function (i) { return i.regions.indexOf(r.id) >= 0; });
      if (!n) return;
      var indent = new Array(r.depth + 1).join("\u00a0\u00a0");
      region.appendChild(make("option", { value: r.id }, indent + r.name + " (" + n + ")"));
    });

    var types = Array.from(new Set(items.map(function (i) { return i.type; }).filter(Boolean))).sort();
    var type = make("select", { id: "filter-type", name: "type" });
    type.appendChild(make("option", { value: "" }, "All types"));
    types.forEach(function (t) {
      type.appendChild(make("option", { value: t }, words(t) + " (" + count(function (i) { return i.type === t; }) + ")"));
    });

    var statusBox = make("fieldset", { class: "filter-statuses" });
    statusBox.appendChild(make("legend", {}, "Status"));
    ["confirmed", "reported", "claimed", "disputed", "denied"].forEach(function (s) {
      var n = count(function (i) { return i.status === s; });
      if (!n) return;
      var label = make("label", {});
      var input = make("input", { type: "checkbox", name: "status", value: s });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + s + " (" + n + ")"));
      statusBox.appendChild(label);
    });

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
    form.appendChild(field("From", from));
    form.appendChild(field("To", to));
    form.appendChild(reset);
    box.appendChild(form);
    box.appendChild(shown);
    box.hidden = false;

    // State from the URL, so a filtered view can be shared.
    region.value = params.get("region") || "";
    type.value = params.get("type") || "";
    var wanted = (params.get("status") || "").split(",").filter(Boolean);
    statusBox.querySelectorAll("input").forEach(function (i) { i.checked = wanted.indexOf(i.value) >= 0; });
    from.value = params.get("from") || "";
    to.value = params.get("to") || "";

    function apply(updateUrl) {
      var statuses = Array.prototype.filter.call(statusBox.querySelectorAll("input"), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
      var visible = 0;
      items.forEach(function (i) {
        var ok = (!region.value || i.regions.indexOf(region.value) >= 0) &&
          (!type.value || i.type === type.value) &&
          (!statuses.length || statuses.indexOf(i.status) >= 0) &&
          (!from.value || i.end >= from.value) &&
          (!to.value || i.start <= to.value);
        i.li.hidden = !ok;
        if (ok) visible += 1;
      });
      // A month with nothing left to show loses its heading too.
      document.querySelectorAll("article ul").forEach(function (list) {
        var links = list.querySelectorAll("a.incident-link");
        if (!links.length) return;
        var any = Array.prototype.some.call(list.children, function (li) { return !li.hidden; });
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H2") heading.hidden = !any;
      });
      shown.textContent = "Showing " + visible + " of " + items.length + " incidents";
      if (updateUrl) {
        var next = new URLSearchParams();
        if (region.value) next.set("region", region.value);
        if (type.value) next.set("type", type.value);
        if (statuses.length) next.set("status", statuses.join(","));
        if (from.value) next.set("from", from.value);
        if (to.value) next.set("to", to.value);
        var query = next.toString();
        window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : ""));
      }
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function () {
      region.value = ""; type.value = ""; from.value = ""; to.value = "";
      statusBox.querySelectorAll("input").forEach(function (i) { i.checked = false; });
      apply(true);
    });
    apply(false);
  }

  /* ---- Maps -------------------------------------------------------------- */

  function addPoints(map, points) {
    var layer = window.L.featureGroup();
    points.forEach(function (p) {
      var marker = window.L.circleMarker([p.lat, p.lon], {
        radius: 7, weight: 2, color: "#263238", fillColor: p.rounded ? "#ffb74d" : "#e64a19", fillOpacity: 0.85
      });
      var popup = make("div", { class: "map-popup" });
      var link = make("a", { href: p.url }, p.title);
      popup.appendChild(link);
      popup.appendChild(make("div", {}, [p.date, p.status].filter(Boolean).join(" · ")));
      if (p.rounded) popup.appendChild(make("div", {}, "Position rounded to about 10 km"));
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
          rounded: !!props.coordinates_rounded
        };
      });
  }

  function initMaps() {
    document.querySelectorAll("div.briefing-map").forEach(function (div) {
      if (div.dataset.ready || typeof window.L === "undefined") return;
      div.dataset.ready = "1";
      var map = window.L.map(div, { scrollWheelZoom: false, attributionControl: true });
      // Leaflet's default prefix carries a flag; a neutral briefing credits the library in words.
      map.attributionControl.setPrefix("Leaflet");
      // Offline (a saved page, no network): points on a plain background, no failed tile loads.
      if (div.dataset.tiles && navigator.onLine !== false) {
        window.L.tileLayer(div.dataset.tiles, { attribution: div.dataset.attribution || "", maxZoom: 18 }).addTo(map);
      }
      map.setView([55, 40], 4);
      function show(points) {
        if (!points.length) return;
        var layer = addPoints(map, points);
        if (points.length === 1) map.setView([points[0].lat, points[0].lon], Number(div.dataset.zoom || 9));
        else map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 10 });
        var note = div.parentNode.querySelector(".map-count");
        if (note) note.textContent = points.length + " incident" + (points.length === 1 ? "" : "s") + " on the map";
      }
      if (div.dataset.src) {
        fetch(div.dataset.src).then(function (r) { return r.ok ? r.json() : { features: [] }; })
          .then(function (data) { show(pointsFromGeoJSON(data, div.dataset.base || "")); })
          .catch(function () { /* no data: the map stays empty, the page still works */ });
      } else {
        show(JSON.parse(div.dataset.points || "[]"));
      }
    });
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

  onEveryPage(function () {
    initTimelineFilters();
    initMaps();
    initCitations();
  });
})();
