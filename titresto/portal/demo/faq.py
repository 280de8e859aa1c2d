"""The demo FAQ: about twenty questions a manager asks, written for titresto from the issuer's
guide (the seed) and DOMAIN.md. Idempotent: a FAQ that has any heading is left as it is."""

import datetime as dt

from titresto.accounts.models import User
from titresto.support.models import FaqCategory, FaqQuestion
from titresto.support.services import faq_category_save, faq_question_save

# (French title, English title, public?), then its questions: (question FR, answer FR,
# question EN, answer EN).
FAQ: list[tuple[tuple[str, str, bool], list[tuple[str, str, str, str]]]] = [
    (
        ("Activer mon compte et me connecter", "Activating my account and signing in", True),
        [
            (
                "Je n'ai pas reçu mon lien « Activer mon compte »",
                "Le lien part vers l'adresse du gestionnaire principal indiquée au contrat, dans "
                "les jours qui suivent sa signature. Regardez dans vos courriers indésirables, puis "
                "demandez un nouveau lien avec « Recevoir un nouveau lien d'activation », en "
                "haut de cette page : il part vers l'adresse enregistrée. Si l'adresse n'est plus la bonne, "
                "appelez le service clients.",
                "I did not receive my « Activer mon compte » link",
                "The link is sent to the main manager's address given in the contract, in the days "
                "after it is signed. Look in your spam folder, then ask for a new link with "
                "« Recevoir un nouveau lien d'activation », at the top of this page: it goes to "
                "the address on file. If "
                "that address is wrong, call the customer service.",
            ),
            (
                "Mon lien d'activation ne fonctionne plus",
                "Pour votre sécurité, un lien d'activation est valable 48 heures et ne sert qu'une "
                "fois ; un nouveau lien remplace les précédents. Demandez-en un nouveau avec « Recevoir "
                "un nouveau lien d'activation », en haut de cette page. Après cinq essais avec des numéros erronés, le lien est bloqué : "
                "appelez le service clients.",
                "My activation link no longer works",
                "For your security an activation link is valid for 48 hours and works once; a new "
                "link replaces the older ones. Ask for a new one with « Recevoir un "
                "nouveau lien d'activation », at the top of this page. After five "
                "tries with wrong numbers the link is blocked: call the customer service.",
            ),
            (
                "Où trouver mon numéro de contrat et mon numéro client ?",
                "Ils figurent dans l'e-mail « Activer mon compte », à côté du lien : le numéro de "
                "contrat commence par CT, le numéro client compte 8 chiffres. Ils sont aussi dans "
                "« Mon compte » une fois connecté.",
                "Where do I find my contract number and client number?",
                "They are in the « Activer mon compte » e-mail, beside the link: the contract "
                "number starts with CT, the client number has 8 digits. Once signed in, « Mon "
                "compte » shows them too.",
            ),
            (
                "J'ai oublié mon mot de passe",
                "Sur la page de connexion, cliquez sur « Mot de passe oublié ? » et indiquez votre "
                "adresse e-mail : vous recevez un lien valable 2 heures pour en choisir un nouveau.",
                "I forgot my password",
                "On the sign-in page, click « Mot de passe oublié ? » and type your e-mail "
                "address: you receive a link, valid for 2 hours, to choose a new one.",
            ),
            (
                "La connexion est refusée après plusieurs essais",
                "Après plusieurs mots de passe erronés, les essais sont suspendus quelques minutes "
                "et la page dit combien de temps attendre. Sur votre navigateur habituel, vous "
                "pouvez vous reconnecter dès la fin du délai.",
                "Signing in is refused after several tries",
                "After several wrong passwords, tries are suspended for a few minutes and the page "
                "says how long to wait. On your usual browser you can sign in again as soon as "
                "that time is over.",
            ),
        ],
    ),
    (
        ("Ma première commande", "My first order", False),
        [
            (
                "Comment passer ma première commande ?",
                "Cliquez sur « COMMANDER » dans le menu. Vous pouvez déposer un fichier (modèle à "
                "télécharger), saisir les bénéficiaires un à un dans l'espace, ou, plus tard, "
                "dupliquer une commande précédente. Le récapitulatif montre le total avant de "
                "valider, puis vous payez par carte ou par virement.",
                "How do I place my first order?",
                "Click « COMMANDER » in the menu. You can upload a file (download the template), "
                "enter the beneficiaries one by one, or later duplicate an earlier order. The "
                "summary shows the total before you confirm; then you pay by card or transfer.",
            ),
            (
                "Pourquoi certaines fonctions sont-elles indisponibles ?",
                "Pour des raisons de sécurité, la gestion des accès gestionnaires et la "
                "modification des contacts du compte s'ouvrent une fois la première commande "
                "payée. Les autres fonctions sont disponibles dès l'activation.",
                "Why are some features unavailable?",
                "For security reasons, managing other managers' accesses and changing the "
                "account's contacts open once the first order is paid. Everything else is "
                "available from activation on.",
            ),
            (
                "Comment payer ma commande ?",
                "Par carte bancaire au moment de la commande : elle est prise en charge aussitôt. "
                "Ou par virement : la page donne une référence unique et l'IBAN à utiliser ; la "
                "commande est payée à réception des fonds.",
                "How do I pay for my order?",
                "By card when you order: it is handled at once. Or by bank transfer: the page "
                "gives a unique reference and the IBAN to use; the order is paid when the funds "
                "arrive.",
            ),
            (
                "Quelle valeur faciale et quelle part patronale choisir ?",
                "La part patronale doit être comprise entre 50 % et 60 % de la valeur faciale. En "
                "2026, elle est exonérée jusqu'à 7,32 € par titre : à 60 %, une valeur faciale de "
                "12,20 € est entièrement exonérée. Au-delà, l'Espace Client vous prévient.",
                "Which face value and employer share should I choose?",
                "The employer share must be between 50 % and 60 % of the face value. In 2026 it is "
                "exempt up to 7.32 € per voucher: at 60 %, a face value of 12.20 € is fully "
                "exempt. Above that, the portal warns you.",
            ),
        ],
    ),
    (
        ("Le fichier de commande", "The order file", False),
        [
            (
                "Mon fichier est refusé : que faire ?",
                "Le rapport donne chaque erreur avec son numéro de ligne (comme Excel, l'en-tête "
                "est la ligne 1), sa colonne et la façon de la corriger. Corrigez le fichier et "
                "déposez-le à nouveau : rien d'un fichier refusé n'est enregistré.",
                "My file is refused: what do I do?",
                "The report gives each error with its line number (as in Excel, the header is line "
                "1), its column and how to fix it. Fix the file and upload it again: nothing of a "
                "refused file is kept.",
            ),
            (
                "Quel format de fichier utiliser ?",
                "Le modèle à télécharger, en .xlsx ou en .csv séparé par des points-virgules (ce "
                "qu'écrit Excel en français). Aucun champ ne doit contenir de point-virgule. "
                "L'ordre des colonnes est libre, mais une colonne inconnue est refusée.",
                "Which file format should I use?",
                "The template you can download, as .xlsx or as .csv separated by semicolons (what "
                "French Excel writes). No field may contain a semicolon. Columns may come in any "
                "order, but an unknown column is refused.",
            ),
            (
                "Un matricule existe déjà avec un autre nom",
                "Rien n'est modifié sans vous : le récapitulatif liste les différences entre le "
                "fichier et la fiche du bénéficiaire, et vous cochez celles à appliquer avant de "
                "confirmer.",
                "A matricule already exists with another name",
                "Nothing changes without you: the summary lists the differences between the file "
                "and the beneficiary's record, and you tick the ones to apply before confirming.",
            ),
            (
                "Puis-je commander plus de 31 titres pour un salarié ?",
                "Non : un titre correspond à un jour travaillé comprenant un repas, donc au plus 31 "
                "par mois. Les absences (congés, maladie, RTT) n'en donnent pas.",
                "Can I order more than 31 vouchers for one employee?",
                "No: one voucher is one worked day that includes a meal, so at most 31 a month. "
                "Absences (leave, sickness, RTT) give none.",
            ),
        ],
    ),
    (
        ("Cartes et chargements", "Cards and loads", False),
        [
            (
                "La carte d'un salarié est refusée en caisse",
                "Vérifiez d'abord le plafond de 25 € par jour, puis le jour : la carte n'est pas "
                "utilisable le dimanche et les jours fériés, sauf option de votre contrat. Une carte "
                "pas encore activée par son porteur, ou dont le chargement n'est pas crédité, est "
                "aussi refusée. Sinon, écrivez-nous en joignant la date et le commerce.",
                "An employee's card is refused at the till",
                "First check the 25 € daily cap, then the day: the card cannot be used on Sundays "
                "and public holidays unless your contract allows it. A card its holder has not "
                "activated yet, or whose load is not credited yet, is refused too. Otherwise, write "
                "to us with the date and the shop.",
            ),
            (
                "Un salarié a perdu sa carte",
                "Commandez une carte de remplacement (motif perte, vol ou carte abîmée) sur sa "
                "prochaine commande : l'ancienne carte est mise en opposition dès le paiement.",
                "An employee lost their card",
                "Order a replacement card (reason: lost, stolen or damaged) on their next order: "
                "the old card is blocked as soon as the order is paid.",
            ),
            (
                "Quand les titres sont-ils crédités ?",
                "À la date de chargement choisie, ou dès le paiement. Les cartes neuves sont "
                "créditées une fois activées par leur porteur. « Suivi de mes commandes » montre "
                "chaque chargement.",
                "When are the vouchers credited?",
                "On the load date you chose, or as soon as the order is paid. New cards are "
                "credited once their holder activates them. « Suivi de mes commandes » shows each "
                "load.",
            ),
            (
                "Les titres non utilisés sont-ils perdus ?",
                "Les titres d'une année restent utilisables jusqu'à la fin février de l'année "
                "suivante. Passé ce délai, contactez le service clients pour connaître les "
                "conditions de report prévues à votre contrat.",
                "Are unused vouchers lost?",
                "Vouchers of one year remain usable until the end of February of the next year. "
                "After that, contact the customer service to learn the carry-over terms of your "
                "contract.",
            ),
        ],
    ),
    (
        ("Livraison", "Delivery", False),
        [
            (
                "Comment suivre le colis de cartes ?",
                "Dans « Suivi de mes commandes », ouvrez la commande puis « Suivre la fabrication, "
                "les colis et les chargements » : chaque colis a son lien de suivi chez le "
                "transporteur.",
                "How do I track the parcel of cards?",
                "In « Suivi de mes commandes », open the order then « Suivre la fabrication, les "
                "colis et les chargements »: each parcel has its carrier's tracking link.",
            ),
            (
                "Le colis est en incident ou n'est pas arrivé",
                "Le tableau de bord le signale dans « À traiter ». Écrivez-nous depuis « Aide et "
                "contact » en choisissant la catégorie Livraison et la commande : le conseiller "
                "voit le colis et relance le transporteur.",
                "The parcel is in incident or has not arrived",
                "The dashboard shows it under « À traiter ». Write to us from « Aide et contact », "
                "choosing the Delivery category and the order: the agent sees the parcel and "
                "chases the carrier.",
            ),
        ],
    ),
    (
        ("Factures et documents", "Invoices and documents", False),
        [
            (
                "Où trouver ma facture ?",
                "Dans « Mes documents comptables », dès que la commande est payée.",
                "Where is my invoice?",
                "In « Mes documents comptables », as soon as the order is paid.",
            ),
            (
                "Pourquoi deux documents pour une commande ?",
                "La valeur faciale des titres est un moyen de paiement, hors du champ de la TVA ; "
                "les frais de service sont soumis à la TVA à 20 %. La facture électronique interdit "
                "de mêler les deux : vous recevez une facture de frais et un document de valeur "
                "faciale, dont la somme fait le total payé.",
                "Why two documents for one order?",
                "The vouchers' face value is a means of payment, outside the scope of VAT; the "
                "service fees bear 20 % VAT. E-invoicing forbids mixing them: you receive a fees "
                "invoice and a face-value document, which together make the total paid.",
            ),
        ],
    ),
]


def seed_faq(*, staff: User, now: dt.datetime) -> None:
    if FaqCategory.objects.exists():
        return
    for category_position, ((title_fr, title_en, is_public), questions) in enumerate(FAQ):
        category = faq_category_save(
            category=FaqCategory(
                title_fr=title_fr,
                title_en=title_en,
                is_public=is_public,
                position=10 * (category_position + 1),
            ),
            staff=staff,
            now=now,
        )
        for position, (question_fr, answer_fr, question_en, answer_en) in enumerate(questions):
            faq_question_save(
                question=FaqQuestion(
                    category=category,
                    question_fr=question_fr,
                    answer_fr=answer_fr,
                    question_en=question_en,
                    answer_en=answer_en,
                    position=10 * (position + 1),
                ),
                staff=staff,
                now=now,
            )
