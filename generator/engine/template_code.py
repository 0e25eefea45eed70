"""The Python code our templates compile to: Jinja's, less two costs our environment makes needless.

Jinja writes each `{{ x }}` of an autoescaping template as `escape(finalize(x))`. Our finalize
(escape.finalize) always returns Markup, and escape() of Markup is that same text copied into a new
Markup: a tenth of rendering at 10,000 incidents went to that copy. Here `{{ x }}` is `finalize(x)`.

Jinja writes each call as `context.call(f, …)`, which looks on every call for a `pass_context`-style
marker on f (and on f.__call__) to pass it the context. Here a call goes through `call_plain`, which
calls a macro, or a function or method without Jinja's marker, directly (every call our templates
make), and hands anything else to context.call as before.

Written by hand: Jinja has no option for either. It rests on Jinja's code generator's
`_output_child_pre`/`_output_child_post` and on the text its `visit_Call` writes, which is why jinja2 is
pinned (pyproject.toml); tests/test_template_code.py renders every template both ways and compares.
"""

from __future__ import annotations

from types import BuiltinFunctionType, FunctionType, MethodType

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, Macro

from generator.pages import escape

# Callables whose own call asks for nothing to be passed, unless the object carries Jinja's marker.
_MARKED_BY_OBJECT = (FunctionType, MethodType, BuiltinFunctionType)


def call_plain(__context: Context, __obj, *args, **kwargs):
    """Context.call, without its questions for the callables that need no context passed."""
    kind = type(__obj)
    if kind is Macro or (kind in _MARKED_BY_OBJECT and not hasattr(__obj, "jinja_pass_arg")):
        if kwargs:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __context.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")
    return __context.call(__obj, *args, **kwargs)


class TemplateCode(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import call_plain")
        super().visit_Template(node, frame)

    def write(self, x: str) -> None:
        # CodeGenerator.visit_Call opens every call with this one string: the callable and its arguments follow
        super().write("call_plain(context, " if x == "context.call(" else x)

    def _finalize_returns_markup(self, frame: Frame) -> bool:
        return (self.environment.finalize is escape.finalize and frame.eval_ctx.autoescape
                and not frame.eval_ctx.volatile)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize) -> None:
        if self._finalize_returns_markup(frame):
            self.write(finalize.src)  # "environment.finalize("
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize) -> None:
        if self._finalize_returns_markup(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)
