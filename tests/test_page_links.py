"""Links.resolve makes each placeholder the link it would make alone, whatever pages it saw before."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.page_links import HREF, LINK, Links, browser_url, relative, served_url, url_parts

# A few names, so that pages share folders and link to themselves, their neighbours and their own sub-pages.
_PART = st.sampled_from(["a", "b", "incidents", "x"])
_PAGE = st.lists(_PART, min_size=0, max_size=3).map(
    lambda parts: "/".join(parts) + ("/index.md" if parts and parts[-1] == "x" else ".md") if parts else "index.md")
_TARGET = st.one_of(_PAGE, st.sampled_from(["data/incidents.csv", "feed.xml"])).flatmap(
    lambda path: st.sampled_from([path, path + "#cite", path + "#q-x"]))


def _alone(target: str, page: str, marker: str) -> str:
    path, _, anchor = target.partition("#")
    made = (relative(path, posixpath.dirname(page)) if marker == LINK
            else browser_url(path, url_parts(served_url(page))))
    return made + ("#" + anchor if anchor else "")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PAGE, st.lists(st.tuples(st.sampled_from([LINK, HREF]), _TARGET), max_size=6)),
                min_size=1, max_size=8))
def test_each_link_is_made_as_it_would_be_alone(pages):
    links = Links()
    for page, placed in pages:
        text = "start " + " · ".join(marker + target + marker for marker, target in placed) + " end"
        expected = "start " + " · ".join(_alone(target, page, marker) for marker, target in placed) + " end"
        assert links.resolve(text, page) == expected


def test_the_links_a_browser_follows_are_those_of_the_pages_urls():
    links = Links()
    text = "".join(
        HREF + target + HREF + "|"
        for target in [
            "incidents/a.md",
            "incidents/b.md",
            "regions/index.md",
            "index.md",
            "data/x.csv",
            "incidents/a.md#q",
        ]
    )
    assert links.resolve(text, "incidents/a.md") == "./|../b/|../../regions/|../../|../../data/x.csv|./#q|"
    assert links.resolve(text, "incidents/b.md") == "../a/|./|../../regions/|../../|../../data/x.csv|../a/#q|"
    assert links.resolve(text, "index.md") == "incidents/a/|incidents/b/|regions/|./|data/x.csv|incidents/a/#q|"


def test_an_unpaired_marker_is_left_as_it_is():
    assert Links().resolve(f"{LINK}a.md{LINK} and {LINK}b", "x/y.md") == f"../a.md and {LINK}b"
