import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titresto.settings")
# The support chat (Channels) will route websockets here; HTTP goes to Django.
application = get_asgi_application()
