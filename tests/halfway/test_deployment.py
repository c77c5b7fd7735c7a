"""The Dockerfile, docker-compose.yml and `make smoke` start the same commands, so what the
smoke check proves is what a deployment runs."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose_commands() -> dict[str, list[str]]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return {
        name: service.get("command", ["<the image's CMD>"])
        for name, service in compose["services"].items()
        if service.get("image") == "halfway:latest"
    }


def smoke_roles() -> set[str]:
    source = (ROOT / "scripts" / "smoke.py").read_text()
    return set(re.findall(r'"deploy/start", "?(\w+)', source)) | set(
        re.findall(r"for role in \(([^)]*)\)", source)[0].replace('"', "").replace(",", " ").split()
    )


def test_every_halfway_service_in_compose_starts_through_deploy_start():
    commands = compose_commands()
    assert set(commands) >= {"migrate", "web", "worker"}
    for name, command in commands.items():
        if command == ["<the image's CMD>"]:
            continue
        assert command[0] == "deploy/start", f"{name} runs {command} instead of deploy/start"


def test_the_image_builds_and_serves_through_deploy_start():
    text = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["deploy/start", "web"]' in text
    assert re.search(r"^\s+deploy/start build$", text, flags=re.MULTILINE)
    assert "manage.py" not in text and "uvicorn" not in text and "celery" not in text


def test_the_smoke_check_runs_every_role_the_deployment_runs():
    roles = {"build", "web"} | {
        command[1] for command in compose_commands().values() if command[0] == "deploy/start"
    }
    assert roles <= smoke_roles()
