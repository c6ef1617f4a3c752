from homelog.cli.main import run

run()
