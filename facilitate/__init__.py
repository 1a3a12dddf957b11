"""facilitate: run citizens' assemblies from the first letter to the authority's answer."""

import os


def create_app(test_config: dict | None = None):
    """Build the application: configuration, extensions, blueprints, commands."""
    # Imported here so that `python -m facilitate.sortition` never loads Flask.
    from facilitate import config
    from facilitate.unit_of_work import Application
    from facilitate.uploads import MemoryUploadRequest

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Application(
        __name__,
        instance_path=os.path.join(root, "instance"),
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    app.request_class = MemoryUploadRequest
    config.load(app, test_config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set: put it in instance/config.py or the environment "
            "(`make run` writes one for local use)."
        )

    from facilitate import extensions, request_guards, security, unit_of_work, webapp
    from facilitate.i18n import remember_language, select_locale, select_time_zone

    request_guards.register(app)  # before the blueprints: their routes use its converter
    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app, extensions.db, directory=os.path.join(root, "migrations"), render_as_batch=True
    )
    extensions.csrf.init_app(app)
    extensions.babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_time_zone,
        default_translation_directories=os.path.join(os.path.dirname(__file__), "translations"),
    )
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    # Redis is optional: when it is down, limits are counted in this process, never a 500.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    extensions.limiter.init_app(app)
    if app.config.get("REDIS_URL"):
        app.config.setdefault("CACHE_TYPE", "RedisCache")
        app.config.setdefault("CACHE_REDIS_URL", app.config["REDIS_URL"])
    app.config.setdefault("CACHE_TYPE", "SimpleCache")
    extensions.cache.init_app(app)
    extensions.login_manager.init_app(app)
    app.after_request(security.set_security_headers)
    app.after_request(remember_language)
    webapp.register(app)
    unit_of_work.register(app)
    return app
