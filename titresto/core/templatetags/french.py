"""`{{ name|de }}`: « de Marc », « d'Élodie » (core.french)."""

from django import template

from titresto.core import french

register = template.Library()
register.filter("de", french.de)
