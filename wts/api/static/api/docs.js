// Starts Swagger UI on the API docs page; the OpenAPI address comes from a data attribute, so the
// page needs no inline script (the Content Security Policy forbids it).
(function () {
  var holder = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: holder.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
