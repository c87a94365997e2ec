import pytest

from thuiszittertafel.escalation.model import ModelError, load, parse


def test_default_model_follows_design():
    model = load()
    assert model.phase_numbers == [1, 2, 3, 4, 5]
    assert [p.regie for p in model.phases] == ["school", "school", "swv", "swv", "gemeente"]
    assert [p.max_weeks for p in model.phases] == [2, 4, 4, 6, 4]
    assert model.phase(4).must_participate == ("school", "leerplicht", "wijkteam", "ggd")
    assert model.rules["reminder_school_days"] == 2


ONE = "[[phases]]\nnumber = 1\nname = 'x'\nregie = 'school'\nmax_weeks = 2\n"


def test_a_case_kind_may_have_its_own_phases():
    """DESIGN §6: an absoluut verzuimer has no school, so leerplicht leads from phase 1;
    what a kind does not override is the general phase's."""
    model = load()
    assert model.phase(1, "absoluut").regie == "leerplicht"
    assert model.phase(2, "absoluut").regie == "leerplicht"
    assert model.phase(2, "absoluut").name == model.phase(2).name
    assert model.phase(3, "absoluut") == model.phase(3)
    assert model.phases_for("relatief") == model.phases
    assert model.phase(4).parties == ("ouders", "jongere")
    own = parse(ONE + "[[kinds.relatief.phases]]\nnumber = 1\nmax_weeks = 3\n", "regio.toml")
    assert own.phase(1, "relatief").max_weeks == 3 and own.phase(1).max_weeks == 2


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
        ("[[phases]]\nnumber = 1\nname = 'x'\nregie = 'ouders'\nmax_weeks = 2\n", "nooit regie"),
        (ONE + "[[kinds.absoluut.phases]]\nnumber = 2\nregie = 'leerplicht'\n", "bestaande fase"),
        (ONE + "[[kinds.thuis.phases]]\nnumber = 1\nregie = 'leerplicht'\n", "soort casus"),
        (ONE + "[[kinds.absoluut.phases]]\nnumber = 1\nregie = 'jongere'\n", "nooit regie"),
        (ONE + "[[kinds.absoluut.phases]]\nnumber = 1\nkleur = 'rood'\n", "onbekend veld"),
        (
            ONE + "[[phases]]\nnumber = 2\nname = 'y'\nregie = 'swv'\nmax_weeks = 2\n"
            "parties = ['buren']\n",
            "'parties'",
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
