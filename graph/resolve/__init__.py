"""Entity resolution: which mentions are the same person, phone, vehicle or place."""
