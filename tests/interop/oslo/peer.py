#!/usr/bin/python3
"""A Python oslo.messaging peer for the interop test, built from the pieces
Python Mistral 15 uses: oslo.messaging's rabbit driver, Mistral's
RpcContextSerializer (mistral-lib's polymorphic serializer per argument),
MistralContext and wrap_messaging_exception.

    peer.py serve  <transport_url> <topic>   serve until stdin closes
    peer.py client <transport_url> <topic>   call a Go server, print JSON

The server prints "ready" once it consumes. The client prints one JSON
object with what it observed. PEER_CONFIG names a config file to read
(oslo.messaging's options, [oslo_messaging_rabbit] say).
"""
import json
import os
import sys
import threading

from oslo_config import cfg
import oslo_messaging as messaging
from oslo_messaging.rpc import dispatcher

from mistral import context as mctx
from mistral import exceptions as mexc
from mistral.rpc import base as mrpc
from mistral_lib.actions import types


def transport(url):
    conf = cfg.CONF  # as Mistral does; oslo registers some options only there
    args = []
    if os.environ.get("PEER_CONFIG"):
        args = ["--config-file", os.environ["PEER_CONFIG"]]
    conf(args, project="interop")
    return messaging.get_rpc_transport(conf, url=url)


class Endpoint(object):
    def __init__(self):
        self.casts = []
        self.lock = threading.Lock()

    def echo(self, ctx, **kwargs):
        out = {"args": {}, "request_id": ctx.request_id, "user": ctx.user}
        for k, v in kwargs.items():
            if isinstance(v, types.Result):
                v = {"result.data": v.data, "result.error": v.error, "result.cancel": v.cancel}
            out["args"][k] = v
        return out

    def make_result(self, ctx, data, error):
        return types.Result(data=data, error=error)

    def fail_input(self, ctx):
        raise mexc.InputException("Invalid input [name=interop]")

    def fail_value(self, ctx):
        raise ValueError("plain python failure")

    def record(self, ctx, value):
        with self.lock:
            self.casts.append(value)

    def recorded(self, ctx):
        with self.lock:
            return list(self.casts)


def serve(url, topic):
    target = messaging.Target(topic=topic, server="py")
    server = messaging.get_rpc_server(
        transport(url), target, [Endpoint()], executor="threading",
        serializer=mctx.RpcContextSerializer(),
        access_policy=dispatcher.DefaultRPCAccessPolicy)
    server.start()
    print("ready", flush=True)
    sys.stdin.read()  # until the Go test closes our stdin
    server.stop()
    server.wait()
    os._exit(0)  # do not wait for oslo's driver threads


def client(url, topic):
    tr = transport(url)
    c = messaging.get_rpc_client(tr, messaging.Target(topic=topic),
                            serializer=mctx.RpcContextSerializer(), timeout=10)
    ctx = mctx.MistralContext(request_id="req-from-python", user="py-user")

    @mrpc.wrap_messaging_exception
    def call(method, **kwargs):
        return c.call(ctx, method, **kwargs)

    out = {}
    out["echo"] = call("echo", s="wire", n=7, none=None, d={"k": [1, 2.5]},
                       result=types.Result(data="x", error=None))
    res = call("make_result", data={"v": 1}, error=None)
    out["make_result"] = {"type": type(res).__name__, "data": res.data,
                          "error": res.error, "cancel": res.cancel}
    for method in ("fail_input", "fail_other"):
        try:
            call(method)
            out[method] = "no exception"
        except Exception as e:
            out[method] = {"class": type(e).__name__, "message": str(e),
                           "code": getattr(e, "http_code", None)}
    c.cast(ctx, "record", value="cast-from-python")
    out["recorded"] = call("recorded")
    print(json.dumps(out), flush=True)
    tr.cleanup()
    # oslo's driver threads make a normal exit wait ~10 s; nothing is left
    # to flush.
    os._exit(0)


if __name__ == "__main__":
    mode, url, topic = sys.argv[1:4]
    {"serve": serve, "client": client}[mode](url, topic)
