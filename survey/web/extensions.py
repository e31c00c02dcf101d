"""The Flask extensions, made here and bound to the app in `create_app`, so blueprints can use
them without importing the package that imports the blueprints."""
from __future__ import annotations

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
