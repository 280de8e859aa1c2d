from titresto.clients.models import Client, Contact, Contract


def contract_active(*, client: Client) -> Contract | None:
    return client.contracts.filter(status=Contract.Status.ACTIVE).first()


def contact_list(*, client: Client) -> list[Contact]:
    return list(client.contacts.all())
