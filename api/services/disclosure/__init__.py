"""Crown disclosure packages: gathered from the network, vetted by rules over labels, confirmed by
Crown counsel, issued as an indexed PDF, the same content as JSON, and a verifiable manifest."""
