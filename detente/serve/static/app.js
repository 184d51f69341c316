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

  var LEVEL_NAMES = {
    place: "town or site", region: "region (its centre)", country: "country or broad area (its centre)"
  };
  var CLUSTER_PIXELS = 44;

  function typeColour(type) { return TYPE_COLOURS[type] || "#64748b"; }

  function placeEventsLink(element, place) {
    var query = new URLSearchParams(element.dataset.eventsQuery || "");
    query.set("place", place.name);
    return "/events?" + query.toString();
  }

  function popup(element, place) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = place.name;
    var detail = document.createElement("div");
    detail.textContent = [place.admin1, place.country].filter(Boolean).join(", ") +
      " · " + (LEVEL_NAMES[place.level] || place.level);
    var types = document.createElement("div");
    types.textContent = Object.keys(place.types).sort(function (a, b) {
      return place.types[b] - place.types[a];
    }).map(function (type) { return type + " " + place.types[type]; }).join(", ");
    var link = document.createElement("a");
    link.href = placeEventsLink(element, place);
    link.textContent = place.events + (place.events === 1 ? " event" : " events") + " →";
    box.append(title, detail, types, link);
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

  // Size grows with the events but stays a marker: a country's or region's centre never
  // becomes the largest thing on the map.
  function radius(events) { return Math.min(5 + Math.sqrt(events) * 2.2, 24); }

  function placeMarker(element, place) {
    var colour = typeColour(place.type);
    var options = { radius: radius(place.events), color: colour, weight: 1.5,
                    fillColor: colour, fillOpacity: 0.6, className: "level-" + place.level };
    var marker;
    if (place.level === "country") {
      var side = 12;
      var box = window.L.divIcon({ className: "country-point", iconSize: [side, side] });
      marker = window.L.marker([place.lat, place.lon], { icon: box, keyboard: false });
    } else if (place.level === "region") {
      options.fillOpacity = 0.15;
      options.dashArray = "4 3";
      options.radius = Math.min(options.radius, 12);
      marker = window.L.circleMarker([place.lat, place.lon], options);
    } else {
      marker = window.L.circleMarker([place.lat, place.lon], options);
    }
    return marker.bindPopup(popup(element, place))
      .bindTooltip(place.name + " (" + place.events + ")");
  }

  function dominantType(places) {
    var counts = {};
    places.forEach(function (place) {
      Object.keys(place.types).forEach(function (type) {
        counts[type] = (counts[type] || 0) + place.types[type];
      });
    });
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; })[0];
  }

  function clusterMarker(map, group) {
    var events = group.reduce(function (sum, place) { return sum + place.events; }, 0);
    var size = Math.round(Math.min(22 + Math.sqrt(events) * 1.5, 44));
    var label = document.createElement("span");
    label.textContent = String(group.length);
    var type = dominantType(group);
    var icon = window.L.divIcon({ className: "cluster", iconSize: [size, size],
                                  html: label.outerHTML });
    var bounds = window.L.latLngBounds(group.map(function (p) { return [p.lat, p.lon]; }));
    var marker = window.L.marker(bounds.getCenter(), { icon: icon });
    marker.on("add", function () {
      var element = marker.getElement();
      element.style.backgroundColor = typeColour(type);
      element.setAttribute("data-type", type);
    });
    marker.bindTooltip(group.length + " places, " + events + " events: click to zoom in");
    marker.on("click", function () { map.fitBounds(bounds.pad(0.3), { maxZoom: 12 }); });
    return marker;
  }

  // Grid clustering in screen space: places whose points fall in the same CLUSTER_PIXELS
  // square at the current zoom are drawn as one numbered circle.
  function drawPlaces(map, element, places, layer) {
    layer.clearLayers();
    var cells = {};
    places.forEach(function (place) {
      var point = map.project([place.lat, place.lon], map.getZoom());
      var key = Math.floor(point.x / CLUSTER_PIXELS) + ":" + Math.floor(point.y / CLUSTER_PIXELS);
      (cells[key] = cells[key] || []).push(place);
    });
    var clusters = 0;
    Object.keys(cells).forEach(function (key) {
      var group = cells[key];
      if (group.length === 1) {
        placeMarker(element, group[0]).addTo(layer);
      } else {
        clusterMarker(map, group).addTo(layer);
        clusters += 1;
      }
    });
    element.setAttribute("data-clusters", String(clusters));
  }

  function drawLegend(points) {
    var legend = document.getElementById("map-legend");
    if (!legend) { return; }
    legend.textContent = "";
    var seen = {};
    points.forEach(function (place) {
      Object.keys(place.types).forEach(function (type) { seen[type] = true; });
    });
    Object.keys(seen).sort().forEach(function (type) {
      var item = document.createElement("span");
      item.className = "legend-item";
      item.setAttribute("data-type", type);
      var swatch = document.createElement("i");
      swatch.className = "swatch t-" + type.toLowerCase();
      item.append(swatch, document.createTextNode(type));
      legend.append(item);
    });
    [["place", "town or site"], ["region", "region centre"],
     ["country", "country or broad area"]].forEach(function (pair) {
      var item = document.createElement("span");
      item.className = "legend-item level";
      item.setAttribute("data-level", pair[0]);
      var symbol = document.createElement("i");
      symbol.className = "symbol symbol-" + pair[0];
      item.append(symbol, document.createTextNode(pair[1]));
      legend.append(item);
    });
  }

  function fitTo(map, element, points) {
    var places = points.filter(function (p) { return p.level === "place"; });
    var basis = places.length ? places : points;
    if (!basis.length) {
      map.setView([49, 31], 4.5);
      return;
    }
    var bounds = window.L.latLngBounds(basis.map(function (p) { return [p.lat, p.lon]; }));
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 9 });
    element.setAttribute("data-fitted", [bounds.getSouth(), bounds.getWest(), bounds.getNorth(),
                                         bounds.getEast()].join(","));
  }

  function drawMap() {
    var element = document.getElementById("map");
    if (!element || !window.L) { return; }
    var points = readJson("map-data") || [];
    var map = window.L.map(element, { zoomSnap: 0.5, worldCopyJump: true });
    element.detenteMap = map;
    addBasemap(map, element);
    var places = points.filter(function (p) { return p.level !== "country"; });
    var countries = points.filter(function (p) { return p.level === "country"; });
    var placeLayer = window.L.layerGroup().addTo(map);
    var countryLayer = window.L.layerGroup(countries.map(function (place) {
      return placeMarker(element, place);
    })).addTo(map);
    window.L.control.layers(null, { "towns, sites and regions": placeLayer,
                                    "countries and broad areas": countryLayer },
                            { collapsed: false }).addTo(map);
    fitTo(map, element, points);
    drawPlaces(map, element, places, placeLayer);
    map.on("zoomend", function () { drawPlaces(map, element, places, placeLayer); });
    drawLegend(points);
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
