from thuiszittertafel.cases.queries import get_case


def test_school_case_visible_to_participants(session, world, make_case):
    case = make_case(world.teacher)
    c, access = get_case(session, world.lpa, case.id)
    assert access == "leerplicht"
