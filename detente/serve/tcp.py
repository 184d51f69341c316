"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection.

asyncio turns TCP_NODELAY on only for sockets it knows to be TCP; the listening socket that
uvicorn shares with its worker processes is created without a protocol number, so with
``--workers N`` the connections kept Nagle on, and a response written in two parts (headers,
then body) waited for the client's delayed ACK: about 40 ms added to every answer.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """The protocol uvicorn would pick, sending each write at once."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
