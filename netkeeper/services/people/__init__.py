"""People in context: me, relationships, rapport, give-and-take, introductions,
social profiles and My profile. One module per concept; see practices.md for why."""
