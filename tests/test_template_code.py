"""The templates compiled by template_code.TemplateCode do what Jinja's own code would."""

from __future__ import annotations

import jinja2
import pytest
from jinja2.compiler import CodeGenerator

from generator.content.load import load
from generator.pages.plan import plan
from generator.pages.render import environment, render

from site_fixture import write_content


def _stock(env: jinja2.Environment) -> jinja2.Environment:
    """The same environment, compiling as Jinja does."""
    stock = env.overlay()
    stock.code_generator_class = CodeGenerator
    return stock


def test_every_page_of_the_fixture_renders_as_with_jinjas_own_code(tmp_path):
    briefing = load(write_content(tmp_path))
    pages = plan(briefing)
    ours, stock = environment(), _stock(environment())
    source = ours.loader.get_source(ours, "incident.md.j2")[0]
    assert "call_plain(" in ours.compile(source, raw=True)  # the two do compile differently
    assert "call_plain(" not in stock.compile(source, raw=True)
    assert render(pages, briefing, env=ours) == render(pages, briefing, env=stock)


def _both(source: str, **values) -> tuple[str, str]:
    env = environment()
    return (env.from_string(source).render(**values), _stock(env).from_string(source).render(**values))


@pytest.mark.parametrize("source", [
    "{{ text }}",  # record text escaped by finalize
    "{{ 7 }} {{ 1.5 }} {{ none }}",
    "{% macro box(x) %}<b>{{ x }}</b>{% endmacro %}{{ box(text) }}",  # a macro's output is trusted, its arguments not
    "{% autoescape false %}{{ text }}{% endautoescape %}",
    "{% autoescape flag %}{{ text }}{% endautoescape %}",  # decided while rendering (volatile)
    "{{ plain(text) }} {{ plain(text=text) }} {{ [text]|join(', ') }}",
    "{% for x in [1, 2] %}{{ with_context() }}{% endfor %}",  # a pass_context callable sees the loop's variables
    "{% set y = 3 %}{{ with_context() }} {{ with_env() }} {{ with_eval() }}",
    "{{ text.upper() }} {{ loop_free|length }}",
])
def test_output_and_calls_are_those_of_jinja(source):
    values = {
        "text": "<i>a</i> *b* & [c](d)", "flag": True, "loop_free": [1, 2],
        "plain": lambda text: text + "!",
        "with_context": jinja2.pass_context(lambda context: f"x={context.get('x')} y={context.get('y')}"),
        "with_env": jinja2.pass_environment(lambda env: type(env).__name__),
        "with_eval": jinja2.pass_eval_context(lambda eval_ctx: str(eval_ctx.autoescape)),
    }
    ours, stock = _both(source, **values)
    assert ours == stock
    assert "<i>" not in ours or "autoescape false" in source


def test_a_callable_that_raises_stopiteration_is_undefined_as_with_jinja():
    def ends():
        raise StopIteration

    for env in (environment(), _stock(environment())):
        with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
            env.from_string("{{ ends() }}").render(ends=ends)


def test_an_undefined_name_called_fails_as_with_jinja():
    for env in (environment(), _stock(environment())):
        with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
            env.from_string("{{ missing() }}").render()
