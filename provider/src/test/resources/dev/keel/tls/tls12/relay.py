#!/usr/bin/env python3
"""Tiny TCP relay: accepts one connection on LISTEN_PORT, connects to TARGET_PORT on 127.0.0.1, copies
bytes both ways and writes each direction to a file (client-to-server, server-to-client) in hex."""
import socket, sys, threading

listen_port, target_port, c2s_path, s2c_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", listen_port)); srv.listen(1)
print("ready", flush=True)
client, _ = srv.accept()
server = socket.create_connection(("127.0.0.1", target_port))

def pump(src, dst, path):
    data = bytearray()
    while True:
        try:
            chunk = src.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
        try:
            dst.sendall(chunk)
        except OSError:
            break
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    with open(path, "w") as f:
        f.write(data.hex() + "\n")

threads = [threading.Thread(target=pump, args=(client, server, c2s_path)),
           threading.Thread(target=pump, args=(server, client, s2c_path))]
for t in threads: t.start()
for t in threads: t.join()
