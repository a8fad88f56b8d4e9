// Draw each chart of a lesson page from its stored Vega-Lite spec with the local Vega bundle
// (vega-bundle.js). The PNG beside it stays for print and for browsers without JavaScript.
(function () {
  function draw() {
    document.querySelectorAll(".course-vega[data-spec]").forEach(function (el) {
      const source = document.getElementById(el.getAttribute("data-spec"));
      if (!source || typeof vegaEmbed === "undefined") return;
      const spec = JSON.parse(source.textContent);
      vegaEmbed(el, spec, { actions: false, renderer: "svg" })
        .then(function () {
          el.closest(".course-chart").classList.add("course-chart-drawn");
        })
        .catch(function (error) {
          el.textContent = "";
          console.warn("chart not drawn; its image is shown instead", error);
        });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
