"""The web chat widget channel: one script tag on the operator's site, a WebSocket to the desk."""
