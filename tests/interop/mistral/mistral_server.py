#!/usr/bin/python3
"""Runs Python Mistral 15's mistral-server (Debian's python3-mistral) with
the arguments given, as /usr/bin/mistral-server would:

    mistral_server.py --server engine,api --config-file mistral.conf
"""
import sys

from mistral.cmd.launch import main

if __name__ == "__main__":
    sys.argv[0] = "mistral-server"
    sys.exit(main())
