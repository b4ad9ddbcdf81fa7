"""The supervisor board: open orders near or past a deadline, and staff notifications (policy §5)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from complaintdesk.console.context import Console
from core.domain.labels import Role
from core.workflow.board import supervisor_board

# who watches deadlines across all departments
WATCHES_BOARD = frozenset({Role.SENIOR_AGENT, Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})


def add_board_routes(router: APIRouter, console: Console) -> None:
    """Mount `/console/board` on `router`."""
    desk = console.desk

    @router.get("/board", include_in_schema=False)
    async def board(request: Request) -> Response:
        session = await console.require(request, WATCHES_BOARD)
        async with desk.unit_of_work() as uow:
            rows = await supervisor_board(uow.session, desk.policy, desk.clock.now())
        return console.render(request, "board.html", session, rows=rows)
