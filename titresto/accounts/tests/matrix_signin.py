"""URL matrix cases for sign-in, password reset and « Sécurité de mon compte »."""

from tests.matrix import Case, World


def matrix_cases(world: World) -> list[Case]:
    return [
        Case("accounts:login"),
        # Nobody is between the two steps: back to the password form.
        Case("accounts:login_code", ok_statuses=(302,)),
        Case("accounts:logout", method="post", ok_statuses=(302,)),
        Case("accounts:security"),
        Case("accounts:password_change", method="post", data={}, label="empty form"),
        Case("accounts:totp_enrol"),
        Case("accounts:totp_start", method="post", ok_statuses=(302,)),
        # The admin has no second factor to disable: back to the security page.
        Case("accounts:totp_disable", method="post", data={}, ok_statuses=(302,)),
        Case("accounts:password_reset"),
        Case("accounts:password_reset_done"),
        Case(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": "MA", "token": "faux-jeton"},
            label="forged link",
        ),
        Case("accounts:password_reset_complete"),
    ]
