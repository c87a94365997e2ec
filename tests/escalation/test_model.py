import pytest

from thuiszittertafel.escalation.model import ModelError, load, parse


def test_default_model_follows_design():
    model = load()
    assert model.phase_numbers == [1, 2, 3, 4, 5]
    assert [p.regie for p in model.phases] == ["school", "school", "swv", "swv", "gemeente"]
    assert [p.max_weeks for p in model.phases] == [2, 4, 4, 6, 4]
    assert model.phase(4).must_participate == ("school", "leerplicht", "wijkteam", "ggd")
    assert model.rules["reminder_school_days"] == 2


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[phases]]\nnumber = 1\nname = 'x'\nregie = 'school'\n", "fase 1: veld 'max_weeks'"),
        (
            "[[phases]]\nnumber = 2\nname = 'x'\nregie = 'school'\nmax_weeks = 2\n",
            "'number' moet 1",
        ),
        ("[[phases]]\nnumber = 1\nname = 'x'\nregie = 'politie'\nmax_weeks = 2\n", "'regie'"),
        ("[[phases]]\nnumber = 1\nname = 'x'\nregie = 'school'\nmax_weeks = 0\n", "max_weeks"),
        (
            "[[phases]]\nnumber = 1\nname = 'x'\nregie = 'school'\nmax_weeks = 2\n"
            "must_participate = ['bakker']\n",
            "must_participate",
        ),
        ("name = 'leeg'\n", "geen [[phases]]"),
        ("[[phases]\n", "ongeldige TOML"),
    ],
)
def test_invalid_models_name_the_problem(text, message):
    with pytest.raises(ModelError) as exc:
        parse(text, "regio.toml")
    assert message in str(exc.value) and "regio.toml" in str(exc.value)


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="kan het opschalingsmodel niet lezen"):
        load(str(tmp_path / "bestaat-niet.toml"))
