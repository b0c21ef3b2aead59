"""Length-prefixed JSON frames over a stream socket (both sides)."""
import struct

from autograder.boundary import codec

HEADER = struct.Struct("!I")


class ChannelClosed(EOFError):
    pass


def send(sock, message):
    payload = codec.dumps(message)
    sock.sendall(HEADER.pack(len(payload)) + payload)


def recv(sock, max_bytes):
    """One message; raises ChannelClosed at EOF, CodecError when oversized or bad."""
    (size,) = HEADER.unpack(_exactly(sock, HEADER.size))
    if size > max_bytes:
        raise codec.CodecError(f"a reply of {size} bytes exceeds the {max_bytes}-byte limit")
    return codec.loads(_exactly(sock, size), max_bytes)


def _exactly(sock, n):
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise ChannelClosed("the other side closed the channel")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)
