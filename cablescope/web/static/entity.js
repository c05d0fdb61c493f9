// The co-mention network of the entity page: loads /api/entities/{id}/network and draws
// it with cytoscape (vendored under /static/cytoscape/). No inline script: the page's
// Content-Security-Policy allows only files from this site.
(function () {
  "use strict";
  var box = document.getElementById("network");
  if (!box || typeof cytoscape !== "function") {
    return;
  }
  var colours = { PER: "#f0a848", ORG: "#5b9be0", LOC: "#5dbb57", MISC: "#b07fd0" };
  fetch(box.getAttribute("data-src"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("network: HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (graph) {
      var most = 1;
      var elements = graph.nodes.map(function (n) {
        most = Math.max(most, n.centre ? 0 : n.cables);
        return { data: { id: n.id, label: n.label, type: n.type, cables: n.cables, centre: n.centre } };
      });
      graph.edges.forEach(function (e, i) {
        elements.push({ data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight } });
      });
      var heaviest = graph.edges.reduce(function (m, e) { return Math.max(m, e.weight); }, 1);
      var cy = cytoscape({
        container: box,
        elements: elements,
        maxZoom: 2,
        minZoom: 0.2,
        style: [
          {
            selector: "node",
            style: {
              label: "data(label)",
              "font-size": 10,
              color: "#1d2430",
              "text-valign": "bottom",
              "text-margin-y": 3,
              "background-color": function (n) { return colours[n.data("type")] || "#999"; },
              width: function (n) { return n.data("centre") ? 22 : 8 + 12 * n.data("cables") / most; },
              height: function (n) { return n.data("centre") ? 22 : 8 + 12 * n.data("cables") / most; }
            }
          },
          { selector: "node[centre = 1]", style: { "border-width": 3, "border-color": "#23395b", "font-weight": "bold" } },
          {
            selector: "edge",
            style: {
              "line-color": "#9aa3b0",
              opacity: 0.6,
              width: function (e) { return 0.5 + 5 * e.data("weight") / heaviest; }
            }
          }
        ],
        layout: {
          name: "concentric",
          animate: false,
          padding: 30,
          minNodeSpacing: 40,
          concentric: function (n) { return n.data("centre") ? 2 : 1; },
          levelWidth: function () { return 1; }
        }
      });
      cy.on("tap", "node", function (event) {
        var id = event.target.id();
        if (id !== box.getAttribute("data-centre")) {
          window.location.href = "/entities/" + encodeURIComponent(id);
        }
      });
      window.cablescopeNetwork = cy;
      box.setAttribute("data-nodes", String(cy.nodes().length));
    })
    .catch(function (error) {
      box.textContent = "The network could not be drawn: " + error.message;
      box.setAttribute("data-error", "1");
    });
})();
