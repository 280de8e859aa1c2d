from django.contrib.auth.forms import AuthenticationForm

from titresto.core.forms import PortalBoundField


class LoginForm(AuthenticationForm):
    bound_field_class = PortalBoundField
