"""The baseline for public_load.py: a bare Flask route, served the same way."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "hello"
