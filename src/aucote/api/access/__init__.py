"""Access control of the API: who a request comes from (its Principal) and whether its role may
call the route (docs/api.md#authentication). Each route states the role it needs where it is
registered (`aucote.api.routing.add_route(role=...)`); `guard.require` enforces it."""
