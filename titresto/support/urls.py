from django.urls import path

from titresto.support import faq_views

app_name = "support"
urlpatterns = [
    path("aide/", faq_views.faq, name="faq"),
    path("aide/questions/<str:question_id>/avis/", faq_views.faq_feedback, name="faq_feedback"),
]
