"""A custom Mistral action that only the Python executor of the interop
test has: the test puts this directory on that executor's PYTHONPATH."""
import sys

from mistral_lib import actions


class GreetAction(actions.Action):
    """Greets someone from the Python executor."""

    def __init__(self, name, punctuation="!"):
        super(GreetAction, self).__init__()
        self.name = name
        self.punctuation = punctuation

    def run(self, context):
        return {
            "greeting": "hello %s%s" % (self.name, self.punctuation),
            "python": sys.version_info[0],
            "action_execution_id": context.execution.action_execution_id,
        }

    def test(self, context):
        return None


class WhoAmIAction(actions.Action):
    """Tells the security context the executor gave the action: what the
    engine's run_action carried in its _context_* keys."""

    def run(self, context):
        sec = context.security
        return {
            "project_id": sec.project_id,
            "project_name": sec.project_name,
            "user_name": sec.user_name,
            "has_token": bool(sec.auth_token),
            "auth_uri": sec.auth_uri,
            "has_catalog": bool(sec.service_catalog),
        }

    def test(self, context):
        return None
