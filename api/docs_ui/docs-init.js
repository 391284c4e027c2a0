// A file, not an inline script: the Content-Security-Policy allows scripts from this origin only.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
