/* The search page's maps, on vendored Leaflet with no tile server: deployments may be offline,
   so points are drawn on a plain background with a latitude/longitude grid for reference.
   Loaded as a file (the content security policy forbids inline scripts); data comes from
   <script type="application/json"> blocks, which browsers never execute. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  // A graticule whose spacing follows the zoom, so the plain background still shows scale.
  function addGrid(map) {
    var layer = L.layerGroup().addTo(map);
    function step(span) {
      var steps = [10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];
      for (var i = 0; i < steps.length; i++) {
        if (span / steps[i] >= 4) { return steps[i]; }
      }
      return 0.0005;
    }
    function draw() {
      layer.clearLayers();
      var b = map.getBounds();
      var s = step(Math.max(b.getNorth() - b.getSouth(), b.getEast() - b.getWest()));
      var style = { color: "#b7c3cf", weight: 1, interactive: false };
      for (var lat = Math.floor(b.getSouth() / s) * s; lat <= b.getNorth(); lat += s) {
        layer.addLayer(L.polyline([[lat, b.getWest()], [lat, b.getEast()]], style));
      }
      for (var lon = Math.floor(b.getWest() / s) * s; lon <= b.getEast(); lon += s) {
        layer.addLayer(L.polyline([[b.getSouth(), lon], [b.getNorth(), lon]], style));
      }
    }
    map.on("moveend", draw);
    draw();
  }

  function plainMap(element) {
    var map = L.map(element, { zoomSnap: 0.5, attributionControl: false });
    L.control.scale({ imperial: false }).addTo(map);
    // The layout changes the map's size (a phone turned, a narrow window): redraw to fit.
    if (window.ResizeObserver) {
      new ResizeObserver(function () { map.invalidateSize(); }).observe(element);
    }
    return map;
  }

  function fit(map, latlngs, fallback) {
    if (latlngs.length) {
      map.fitBounds(L.latLngBounds(latlngs).pad(0.15), { maxZoom: 15 });
    } else {
      map.setView(fallback || [37.0, -120.0], fallback ? 12 : 6);
    }
  }

  // Results: one dot per read; reads matched only by misread tolerance are hollow.
  function resultsMap() {
    var element = document.getElementById("results-map");
    var points = readJson("results-points");
    if (!element || !points) { return; }
    var map = plainMap(element);
    var latlngs = [];
    points.forEach(function (p) {
      var ll = [p.lat, p.lon];
      latlngs.push(ll);
      var marker = L.circleMarker(ll, {
        radius: 7, weight: 2, color: "#0b5cad",
        fillColor: p.misread_only ? "#ffffff" : "#0b5cad", fillOpacity: 0.85,
      }).addTo(map);
      var popup = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p.plate + (p.misread_only ? " (misread match)" : "");
      var when = document.createElement("div");
      when.textContent = p.seen + " · " + p.camera;
      popup.appendChild(title);
      popup.appendChild(when);
      if (p.url) {
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = "Open photo";
        popup.appendChild(link);
      }
      marker.bindPopup(popup);
    });
    // The area searched, outlined, so an empty corner of it reads as "searched, nothing there".
    var area = readJson("results-area") || {};
    var outline = { color: "#a3161a", weight: 2, fill: false, interactive: false };
    if (area.bbox) {
      var box = L.rectangle([[area.bbox[1], area.bbox[0]], [area.bbox[3], area.bbox[2]]], outline);
      box.addTo(map);
      latlngs.push(box.getBounds().getSouthWest(), box.getBounds().getNorthEast());
    }
    if (area.near) {
      var circle = L.circle([area.near.lat, area.near.lon], L.extend({ radius: area.near.radius_m }, outline));
      circle.addTo(map);
      latlngs.push([area.near.lat, area.near.lon]);
    }
    fit(map, latlngs);
    addGrid(map);
    element.setAttribute("data-ready", String(points.length));
  }

  // The search form's area: the visible map as a box, or a clicked point with a radius.
  function areaMap() {
    var element = document.getElementById("area-map");
    if (!element) { return; }
    var cameras = readJson("camera-points") || [];
    var form = element.closest("form");
    var field = function (name) { return form.querySelector("[name=" + name + "]"); };
    var map = plainMap(element);
    var latlngs = cameras.map(function (c) { return [c.lat, c.lon]; });
    cameras.forEach(function (c) {
      L.circleMarker([c.lat, c.lon], { radius: 4, weight: 1, color: "#4a5360", fillOpacity: 0.6 })
        .bindTooltip(c.name).addTo(map);
    });
    fit(map, latlngs);
    addGrid(map);
    var shape = null;

    function mode() { return field("area").value; }
    function show() {
      form.querySelectorAll("[data-area]").forEach(function (group) {
        group.hidden = group.getAttribute("data-area") !== mode();
      });
      if (shape) { map.removeLayer(shape); shape = null; }
      if (mode() === "box" && field("west").value) {
        shape = L.rectangle([[+field("south").value, +field("west").value],
                             [+field("north").value, +field("east").value]],
                            { color: "#a3161a", weight: 2, fill: false }).addTo(map);
      }
      if (mode() === "near" && field("near_lat").value) {
        shape = L.circle([+field("near_lat").value, +field("near_lon").value],
                         { radius: +field("radius_m").value || 500, color: "#a3161a", weight: 2 })
          .addTo(map);
      }
    }
    var round = function (x) { return Math.round(x * 1e5) / 1e5; };
    document.getElementById("use-map-view").addEventListener("click", function () {
      var b = map.getBounds();
      field("west").value = round(b.getWest());
      field("south").value = round(b.getSouth());
      field("east").value = round(b.getEast());
      field("north").value = round(b.getNorth());
      show();
    });
    map.on("click", function (event) {
      if (mode() !== "near") { return; }
      field("near_lat").value = round(event.latlng.lat);
      field("near_lon").value = round(event.latlng.lng);
      show();
    });
    ["area", "west", "south", "east", "north", "near_lat", "near_lon", "radius_m"].forEach(
      function (name) { field(name).addEventListener("change", show); }
    );
    show();
    element.setAttribute("data-ready", "1");
  }

  document.addEventListener("DOMContentLoaded", function () {
    resultsMap();
    areaMap();
  });
})();
