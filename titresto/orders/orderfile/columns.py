"""The columns of the order file (DOMAIN.md « The order file ») and how a header cell names one."""

import unicodedata

from titresto.beneficiaries.export import EXPORT_ONLY_COLUMNS

MATRICULE = "matricule"
CIVILITE = "civilite"
NOM = "nom"
PRENOM = "prenom"
DATE_NAISSANCE = "date_naissance"
EMAIL = "email"
NOMBRE_TITRES = "nombre_titres"
VALEUR_FACIALE = "valeur_faciale"
PART_PATRONALE = "part_patronale"
POINT_LIVRAISON = "point_livraison"
ADRESSE_1 = "adresse_1"
ADRESSE_2 = "adresse_2"
CODE_POSTAL = "code_postal"
VILLE = "ville"

# The template's order; a file may put them in any order.
COLUMNS = (
    MATRICULE,
    CIVILITE,
    NOM,
    PRENOM,
    DATE_NAISSANCE,
    EMAIL,
    NOMBRE_TITRES,
    VALEUR_FACIALE,
    PART_PATRONALE,
    POINT_LIVRAISON,
    ADRESSE_1,
    ADRESSE_2,
    CODE_POSTAL,
    VILLE,
)
REQUIRED = (MATRICULE, NOMBRE_TITRES)
# Where a card ships to a home: these three make an address, adresse_2 is optional.
HOME_REQUIRED = (ADRESSE_1, CODE_POSTAL, VILLE)
HOME = (ADRESSE_1, ADRESSE_2, CODE_POSTAL, VILLE)

# The template's sheets (`template`). Not translated: the reader knows the template's other
# sheets by these names whatever the language the template was downloaded in. Here rather than
# in `template`, so that reading a file does not import the workbook writer.
ORDER_SHEET = "Commande"
INSTRUCTIONS_SHEET = "Mode d'emploi"
EXAMPLE_SHEET = "Exemple"
SHEETS_WITHOUT_LINES = (INSTRUCTIONS_SHEET, EXAMPLE_SHEET)


def header_key(text: str) -> str:
    """« Date_Naissance », « date naissance », « DATE NAISSANCE » and « Prénom » → one key each."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(char for char in bare.casefold() if not char.isspace() and char != "_")


KNOWN = {header_key(name): name for name in COLUMNS}
# The beneficiaries' export is an order file to fill in; what only it tells (phone, status,
# departure) is read past when it comes back as an order.
IGNORED = frozenset(header_key(name) for name in EXPORT_ONLY_COLUMNS)
