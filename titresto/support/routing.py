from django.urls import path

from titresto.support.consumers import AgentConsoleConsumer, ManagerChatConsumer

websocket_urlpatterns = [
    path("ws/aide/chat/", ManagerChatConsumer.as_asgi()),
    path("ws/aide/console/", AgentConsoleConsumer.as_asgi()),
]
