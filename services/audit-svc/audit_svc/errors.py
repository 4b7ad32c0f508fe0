"""audit-svc's named refusals: each business refusal would be its own problem type,
declared by the routes that can answer with it (RFC 9457).

None yet: the trail is read-only over HTTP, so its routes answer only with the generic
problems (401, 403, 404, 422)."""
