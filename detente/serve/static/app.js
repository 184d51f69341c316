/* Detente dashboard: draws the timeline (Chart.js) and the map (Leaflet) from JSON that the
   server embeds in <script type="application/json"> blocks. No inline scripts; page text is
   only ever inserted with textContent. */
(function () {
  "use strict";

  var TYPE_COLOURS = {
    ACCUSE: "#b45309", AGREE: "#15803d", AID: "#0e7490", ASSAULT: "#b91c1c",
    COERCE: "#9d174d", CONCEDE: "#65a30d", CONSULT: "#2563eb", COOPERATE: "#0d9488",
    MOBILIZE: "#7c2d12", PROTEST: "#a16207", REJECT: "#6b21a8", REQUEST: "#4f46e5",
    RETREAT: "#0891b2", SANCTION: "#be123c", SUPPORT: "#16a34a", THREATEN: "#ea580c"
  };
  var MODALITY_COLOURS = {
    asserted: "#1d4ed8", negated: "#b91c1c", hypothetical: "#a16207",
    conditional: "#7e22ce", future: "#0f766e"
  };

  function readJson(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function isoDay(date) { return date.toISOString().slice(0, 10); }

  function periodEnd(start, bucket) {
    var date = new Date(start + "T00:00:00Z");
    if (bucket === "week") { date.setUTCDate(date.getUTCDate() + 6); }
    if (bucket === "month") { date.setUTCMonth(date.getUTCMonth() + 1, 0); }
    return isoDay(date);
  }

  function eventsLink(params) {
    var query = new URLSearchParams(window.location.search);
    ["limit", "offset"].forEach(function (key) { query.delete(key); });
    Object.keys(params).forEach(function (key) { query.set(key, params[key]); });
    return "/events?" + query.toString();
  }

  function datasets(data, series) {
    var colours = series === "by_type" ? TYPE_COLOURS : MODALITY_COLOURS;
    return Object.keys(data[series]).sort().map(function (key) {
      return { label: key, data: data[series][key], backgroundColor: colours[key] || "#64748b",
               stack: "events" };
    });
  }

  function drawTimeline() {
    var canvas = document.getElementById("timeline");
    var data = readJson("timeline-data");
    if (!canvas || !data || !window.Chart) { return; }
    var chart = null;
    var current = "by_type";
    function onClick(event, elements) {
      if (!elements.length) { return; }
      var hit = elements[0];
      var start = data.periods[hit.index];
      var key = current === "by_type" ? "type" : "modality";
      var params = { since: start, until: periodEnd(start, data.bucket) };
      params[key] = chart.data.datasets[hit.datasetIndex].label;
      window.location.href = eventsLink(params);
    }
    function draw(series) {
      current = series;
      if (chart) { chart.destroy(); }
      chart = new window.Chart(canvas, {
        type: "bar",
        data: { labels: data.periods, datasets: datasets(data, series) },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false, onClick: onClick,
          scales: { x: { stacked: true, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
                    y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } },
                     tooltip: { mode: "index", filter: function (item) { return item.raw > 0; } } }
        }
      });
      canvas.setAttribute("data-series", series);
      document.querySelectorAll("[data-series]").forEach(function (button) {
        if (button.tagName === "BUTTON") {
          button.setAttribute("aria-pressed", String(button.dataset.series === series));
        }
      });
    }
    document.querySelectorAll("button[data-series]").forEach(function (button) {
      button.addEventListener("click", function () { draw(button.dataset.series); });
    });
    draw("by_type");
  }

  function popup(place) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = place.name;
    var detail = document.createElement("div");
    detail.textContent = [place.admin1, place.country].filter(Boolean).join(", ");
    var link = document.createElement("a");
    link.href = eventsLink({ place: place.name });
    link.textContent = place.events + (place.events === 1 ? " event" : " events") + " →";
    box.append(title, detail, link);
    return box;
  }

  function addBasemap(map, element) {
    if (element.dataset.tiles) {
      window.L.tileLayer(element.dataset.tiles, {
        maxZoom: 18, attribution: element.dataset.attribution || ""
      }).addTo(map);
      element.setAttribute("data-ready", "tiles");
      return;
    }
    fetch(element.dataset.basemap).then(function (response) { return response.json(); })
      .then(function (countries) {
        var layer = window.L.geoJSON(countries, {
          interactive: false,
          style: { color: "#94a3b8", weight: 0.8, fillColor: "#f1f5f9", fillOpacity: 1 }
        }).addTo(map);
        layer.bringToBack();
        map.attributionControl.addAttribution("Natural Earth");
        element.setAttribute("data-ready", "outlines");
      })
      .catch(function () { element.setAttribute("data-ready", "failed"); });
  }

  function drawMap() {
    var element = document.getElementById("map");
    if (!element || !window.L) { return; }
    var points = readJson("map-data") || [];
    var map = window.L.map(element, { zoomSnap: 0.5, worldCopyJump: true });
    addBasemap(map, element);
    var markers = points.map(function (place) {
      return window.L.circleMarker([place.lat, place.lon], {
        radius: 5 + Math.sqrt(place.events) * 3, color: "#7f1d1d", weight: 1,
        fillColor: "#dc2626", fillOpacity: 0.55
      }).bindPopup(popup(place)).bindTooltip(place.name + " (" + place.events + ")");
    });
    markers.forEach(function (marker) { marker.addTo(map); });
    if (markers.length) {
      map.fitBounds(window.L.featureGroup(markers).getBounds(), { padding: [30, 30], maxZoom: 6 });
    } else {
      map.setView([49, 31], 4.5);
    }
  }

  function showEvidence() {
    var mark = document.getElementById("evidence");
    if (mark && !window.location.hash) { mark.scrollIntoView({ block: "center" }); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawTimeline();
    drawMap();
    showEvidence();
  });
}());
