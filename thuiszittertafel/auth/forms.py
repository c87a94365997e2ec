from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField(
        "Gebruikersnaam", validators=[DataRequired("Vul uw gebruikersnaam in."), Length(max=80)]
    )
    password = PasswordField(
        "Wachtwoord", validators=[DataRequired("Vul uw wachtwoord in."), Length(max=200)]
    )
    next = HiddenField()


class CodeForm(FlaskForm):
    totp = StringField(
        "Code", validators=[DataRequired("Vul de code in."), Length(max=40, message="Te lang.")]
    )
