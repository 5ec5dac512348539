// Swagger UI over the local OpenAPI document (no validator badge: it would call out).
window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", validatorUrl: null, deepLinking: true });
