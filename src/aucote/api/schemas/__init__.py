"""Response models: the contract of docs/api.md as pydantic models. Field order is key order; the
OpenAPI document is generated from them, and every response is built from them."""
