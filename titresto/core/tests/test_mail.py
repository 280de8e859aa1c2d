from email import message_from_bytes

from django.core.mail import EmailMultiAlternatives

from titresto.core.mail import ConsoleAndFolderBackend


def test_embedded_mail_is_kept_as_eml_files_and_summed_up_on_one_line(settings, tmp_path, capsys):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    message = EmailMultiAlternatives(
        "Activer mon compte",
        "Cliquez : http://127.0.0.1:8000/compte/activer/abc/",
        to=["lea@example.com"],
    )
    message.attach_alternative("<p>Cliquez</p>", "text/html")

    sent = ConsoleAndFolderBackend().send_messages([message])

    (saved,) = tmp_path.glob("*.eml")
    parsed = message_from_bytes(saved.read_bytes())
    out = capsys.readouterr().out
    assert sent == 1
    assert parsed["To"] == "lea@example.com" and parsed.is_multipart()
    assert "« Activer mon compte »" in out and "http://127.0.0.1:8000/compte/activer/abc/" in out
