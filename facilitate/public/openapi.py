"""The OpenAPI document of the public API (kept by hand: small, stable, reviewed)."""

SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}


def _get(summary: str, schema: str, slug: bool = True) -> dict:
    operation = {
        "summary": summary,
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                },
            },
            "404": {"description": "No public assembly at this address"},
        },
    }
    if slug:
        operation["parameters"] = [SLUG]
    return {"get": operation}


def document() -> dict:
    nullable_string = {"type": ["string", "null"]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "facilitate public API",
            "version": "1.0.0",
            "description": "Read-only open data of citizens' assemblies: no personal data.",
        },
        "paths": {
            "/api/v1/assemblies": _get("List the public assemblies", "AssemblyList", slug=False),
            "/api/v1/assemblies/{slug}": _get("One assembly", "Assembly"),
            "/api/v1/assemblies/{slug}/recommendations": _get(
                "Recommendations with votes and answers", "RecommendationList"
            ),
            "/api/v1/assemblies/{slug}/selection": _get(
                "The draw's audit record", "SelectionRecord"
            ),
        },
        "components": {
            "schemas": {
                "AssemblySummary": {
                    "type": "object",
                    "required": ["slug", "title", "remit", "status", "panel_size"],
                    "properties": {
                        "slug": {"type": "string"},
                        "title": {"type": "string"},
                        "remit": {"type": "string"},
                        "language": {"type": "string"},
                        "status": {"type": "string"},
                        "panel_size": {"type": "integer"},
                        "dates": {"type": "object", "additionalProperties": nullable_string},
                    },
                },
                "AssemblyList": {
                    "type": "object",
                    "properties": {
                        "assemblies": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/AssemblySummary"},
                        }
                    },
                },
                "Assembly": {
                    "allOf": [
                        {"$ref": "#/components/schemas/AssemblySummary"},
                        {
                            "type": "object",
                            "properties": {
                                "description": {"type": "string"},
                                "counts": {
                                    "type": "object",
                                    "additionalProperties": {"type": "integer"},
                                },
                                "quotas": {"type": "array", "items": {"type": "object"}},
                                "panel": {"type": "array", "items": {"type": "object"}},
                                "timeline": {"type": "array", "items": {"type": "object"}},
                            },
                        },
                    ]
                },
                "Recommendation": {
                    "type": "object",
                    "required": ["number", "title", "text"],
                    "properties": {
                        "number": {"type": "integer"},
                        "title": {"type": "string"},
                        "text": {"type": "string"},
                        "rationale": {"type": "string"},
                        "versions": {"type": "integer"},
                        "vote": {"type": ["object", "null"]},
                        "response": {"type": ["object", "null"]},
                    },
                },
                "RecommendationList": {
                    "type": "object",
                    "properties": {
                        "recommendations": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Recommendation"},
                        }
                    },
                },
                "SelectionRecord": {
                    "type": "object",
                    "description": "See facilitate.sortition.audit.",
                },
            }
        },
    }
