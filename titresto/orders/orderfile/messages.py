"""The French sentences of the line checks that concern more than one cell's format."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, str | Promise] = {
    "missing_matricule": _(
        "Le matricule manque : chaque ligne désigne un bénéficiaire par son matricule "
        "(ex. EMP-0042)."
    ),
    "duplicate_matricule": _(
        "Le matricule %(matricule)s figure déjà ligne %(first)s : un bénéficiaire n'a qu'une "
        "ligne par commande. Regroupez les deux lignes en une seule."
    ),
    "departed": _(
        "%(matricule)s est enregistré comme parti de l'entreprise : retirez cette ligne, ou "
        "annulez d'abord son départ dans « Mes bénéficiaires »."
    ),
    "missing_nombre_titres": _(
        "Le nombre de titres manque : indiquez un nombre entier de 0 à 31 (0 = carte seule)."
    ),
    "missing_civilite": _("Nouveau bénéficiaire : indiquez sa civilité (M ou MME)."),
    "missing_nom": _(
        "Nouveau bénéficiaire : indiquez son nom, tel qu'il sera imprimé sur la carte."
    ),
    "missing_prenom": _("Nouveau bénéficiaire : indiquez son prénom."),
    "missing_date_naissance": _(
        "Nouveau bénéficiaire : indiquez sa date de naissance au format JJ/MM/AAAA."
    ),
    "missing_destination": _(
        "Nouveau bénéficiaire : indiquez où envoyer sa carte, soit le code d'un point de "
        "livraison, soit son adresse (adresse_1, code_postal et ville)."
    ),
    "point_unknown": _(
        "Le point de livraison « %(value)s » n'existe pas pour votre entreprise : indiquez l'un "
        "de vos codes actifs (%(codes)s), ou créez ce point dans « Mes points de livraison »."
    ),
    "point_inactive": _(
        "Le point de livraison %(value)s est désactivé : choisissez un point actif, ou "
        "réactivez-le dans « Mes points de livraison »."
    ),
    "point_on_file_inactive": _(
        "Le point de livraison enregistré pour ce bénéficiaire est désactivé : indiquez un point "
        "actif ou une adresse d'envoi pour sa carte."
    ),
    "point_and_home": _(
        "Cette ligne indique à la fois un point de livraison et une adresse : gardez l'un des "
        "deux, la carte part à un seul endroit."
    ),
    "home_incomplete": _(
        "Pour un envoi à domicile, la colonne %(name)s est nécessaire : remplissez adresse_1, "
        "code_postal et ville (adresse_2 est facultative)."
    ),
    "exemption_cap_exceeded": _(
        "La part patronale atteint %(share)s par titre, au-delà du plafond d'exonération de "
        "%(cap)s : l'excédent sera soumis aux cotisations sociales. Baissez la valeur faciale ou "
        "la part patronale pour rester exonéré."
    ),
    "differs_from_file": _(
        "Le fichier diffère de la fiche du bénéficiaire %(matricule)s (%(changes)s) : vérifiez "
        "qu'il s'agit bien de la même personne ; la fiche ne sera modifiée que si vous acceptez "
        "ces changements."
    ),
    "likely_duplicate": _(
        "Une personne de même nom et de même date de naissance existe déjà sous le matricule "
        "%(other)s : s'il s'agit d'elle, reprenez ce matricule au lieu d'en créer un nouveau."
    ),
    "likely_duplicate_in_file": _(
        "Même nom et même date de naissance que la ligne %(first)s (matricule %(other)s) : s'il "
        "s'agit de la même personne, gardez une seule ligne."
    ),
    "no_lines": _(
        "Le fichier ne contient que l'en-tête : ajoutez une ligne par bénéficiaire à commander "
        "sous la ligne d'en-tête."
    ),
}
