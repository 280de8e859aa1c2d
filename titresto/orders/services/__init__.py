"""Every write on orders: `orders` (the order's life), `imports` (mode « fichier »), `drafts`
(modes « unitaire » and « duplication »)."""
