"""sessions that end, two-factor and a hash-chained audit log (issue 15)

- login_sessions: one row per login through the form (server-side sessions);
- users.totp_*, recovery_codes, two_factor_requirements: two-factor (TOTP);
- audit_entries.seal_version/seq/chain and audit_chain_head: the hash chain.

Existing audit entries keep their seal (an HMAC of their fields under the session secret)
and are marked seal_version 1; this migration chains them in id order under the audit key
(THUISZITTERTAFEL_AUDIT_KEY, else the secret key), so from here on removing, inserting or
reordering one of them shows in `audit verify` as well, and their old seal is still checked.

Revision ID: 0019
Revises: 0016
Create Date: 2026-11-30 00:00:00
"""

import hashlib
import hmac
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=30), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_login_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_sessions_token_hash")),
    )
    op.create_index(op.f("ix_login_sessions_user_id"), "login_sessions", ["user_id"])
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_recovery_codes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"])
    op.create_table(
        "two_factor_requirements",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_two_factor_requirements_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["users.id"],
            name=op.f("fk_two_factor_requirements_set_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_two_factor_requirements")),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("totp_enabled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("chain", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    with op.batch_alter_table("audit_entries") as batch:
        batch.add_column(
            sa.Column("seal_version", sa.SmallInteger(), server_default="2", nullable=False)
        )
        batch.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("chain", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f("uq_audit_entries_seq"), ["seq"])
    _chain_existing_entries()


def _chain_existing_entries() -> None:
    """Chain the entries written before this revision, in id order, keeping their seal."""
    conn = op.get_bind()
    entries = sa.table(
        "audit_entries",
        sa.column("id", sa.Integer),
        sa.column("hash", sa.String),
        sa.column("seal_version", sa.SmallInteger),
        sa.column("seq", sa.BigInteger),
        sa.column("chain", sa.String),
    )
    head = sa.table(
        "audit_chain_head",
        sa.column("id", sa.Integer),
        sa.column("seq", sa.BigInteger),
        sa.column("chain", sa.String),
    )
    rows = conn.execute(sa.select(entries.c.id, entries.c.hash).order_by(entries.c.id)).all()
    previous, seq = None, 0
    if rows:
        from thuiszittertafel.config import Settings

        key = Settings.from_env().audit_key.encode()
        for seq, (entry_id, field_seal) in enumerate(rows, start=1):
            payload = f"{seq}|{previous or ''}|{field_seal}".encode()
            previous = hmac.new(key, payload, hashlib.sha256).hexdigest()
            conn.execute(
                entries.update()
                .where(entries.c.id == entry_id)
                .values(seal_version=1, seq=seq, chain=previous)
            )
    conn.execute(head.insert().values(id=1, seq=seq, chain=previous))


def downgrade() -> None:
    # The chain goes; every entry keeps its field seal (entries written after the upgrade
    # were sealed under the audit key, which the older code does not know).
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_constraint(op.f("uq_audit_entries_seq"), type_="unique")
        batch.drop_column("chain")
        batch.drop_column("seq")
        batch.drop_column("seal_version")
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("totp_enabled_at")
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
    op.drop_table("two_factor_requirements")
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    op.drop_index(op.f("ix_login_sessions_user_id"), table_name="login_sessions")
    op.drop_table("login_sessions")
