"""The OpenAPI document of the public API (kept by hand: small, stable, reviewed)."""

SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
RUN_ID = {"name": "run_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _get(summary: str, schema: str, slug: bool = True, run_id: bool = False) -> dict:
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
        operation["parameters"] = [SLUG] + ([RUN_ID] if run_id else [])
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
                "The main draw's audit record (the draw that chose the panel)", "SelectionRecord"
            ),
            "/api/v1/assemblies/{slug}/draws": _get(
                "The main draw and each replacement draw, with their records", "DrawList"
            ),
            "/api/v1/assemblies/{slug}/draws/{run_id}": _get(
                "One draw's audit record", "SelectionRecord", run_id=True
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
                                "panel": {
                                    "type": "array",
                                    "items": {"type": "object"},
                                    "description": (
                                        "Seats per category and value; seats is null where "
                                        "hidden: under 5, or hidden so that no count under 5 "
                                        "can be worked out from the panel's total."
                                    ),
                                },
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
                        "language": {
                            "type": "string",
                            "description": "The language title and text are in.",
                        },
                        "requested_language": {
                            "type": "string",
                            "description": "From ?lang= or Accept-Language.",
                        },
                        "authoritative_language": {"type": "string"},
                        "fell_back": {
                            "type": "boolean",
                            "description": "No current translation into the requested "
                            "language: the authoritative text is given.",
                        },
                    },
                },
                "RecommendationList": {
                    "type": "object",
                    "properties": {
                        "recommendations": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Recommendation"},
                        },
                    },
                },
                "SelectionRecord": {
                    "type": "object",
                    "description": "See facilitate.sortition.audit.",
                },
                "Draw": {
                    "type": "object",
                    "required": ["id", "number", "kind", "main_draw", "reasons", "record"],
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": "integer", "description": "0: the main draw"},
                        "kind": {"enum": ["selection", "replacement"]},
                        "main_draw": {
                            "type": ["integer", "null"],
                            "description": "The main draw a replacement completes",
                        },
                        "finished_at": nullable_string,
                        "reasons": {
                            "type": "array",
                            "items": {"enum": ["declined", "withdrew", "left"]},
                            "description": "Why each seat it filled was empty",
                        },
                        "seed": {"type": "integer"},
                        "randomness": {"type": "object"},
                        "pool": {"type": "integer"},
                        "could_be_drawn": {"type": "integer"},
                        "chances": {"type": "object"},
                        "record_url": {"type": "string"},
                        "record": {"$ref": "#/components/schemas/SelectionRecord"},
                    },
                },
                "DrawList": {
                    "type": "object",
                    "properties": {
                        "draws": {"type": "array", "items": {"$ref": "#/components/schemas/Draw"}}
                    },
                },
            }
        },
    }
