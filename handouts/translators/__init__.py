"""What translators run: update, init, compile, check and stats on the .po files."""
