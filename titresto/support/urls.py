from django.urls import path

from titresto.support import faq_views, request_views

app_name = "support"
urlpatterns = [
    path("aide/", faq_views.faq, name="faq"),
    path("aide/questions/<str:question_id>/avis/", faq_views.faq_feedback, name="faq_feedback"),
    path("aide/chat/", request_views.chat_page, name="chat"),
    path("aide/demandes/", request_views.request_list, name="request_list"),
    path("aide/demandes/nouvelle/", request_views.request_new, name="request_new"),
    path(
        "aide/demandes/<public_id:public_id>/",
        request_views.request_detail,
        name="request_detail",
    ),
    path(
        "aide/pieces-jointes/<public_id:public_id>/",
        request_views.attachment_download,
        name="attachment",
    ),
]
