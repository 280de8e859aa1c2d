import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titresto.settings")
# Django first: the websocket routes import models.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from titresto.support.routing import websocket_urlpatterns  # noqa: E402

# HTTP goes to Django; the support chat's websockets to Channels, with the session's user.
# The Origin is checked by each consumer's connect() (support/chat.py, origin_allowed).
application = ProtocolTypeRouter(
    {"http": django_application, "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns))}
)
