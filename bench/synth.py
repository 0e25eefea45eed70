"""Synthetic briefing content for the benchmark: a content/ tree of N incidents, deterministic from a seed.

    .venv/bin/python bench/synth.py --incidents 10000 --seed 1 --out /tmp/bench-content

What it writes, scaled with N (the number of incidents):

- regions: one country, 8 federal districts, 85 republics/oblasts/krais, and N/25 cities and
  districts (at least 40, at most 2,000) below them, with local names in Cyrillic and coordinates;
- sources: N/50 of them (20 to 200), of every kind, cited with a skew (a few agencies carry
  most reports, as in life);
- actors: N/4 of them (at least 40): organisations and groups, and persons affiliated with
  them and placed in regions; speakers are skewed too (officials who speak daily);
- incidents: N, in content/incidents/YYYY/MM/, dated over the three years before END
  (mostly to the day; some to the month or year, some date-times with an offset, some circa),
  1-3 regions, 1-4 citations (short and long form), every status, locations with coordinates
  (some sensitive), actors, casualties, tags, updates and corrections, a few aliases;
- statements: about 2 per incident, named and anonymous, ~40 % with a Russian original,
  ~15 % replies with a stance, and a few chains of 3-5 replies;
- measures: about N/10, of every kind and state, some with an end date.

Everything passes `briefing validate` on any day after END (the dates are fixed, so the same
seed gives the same bytes whenever it runs).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

END = date(2026, 9, 30)  # the newest event date; validation refuses dates after today + 2 days
SPAN_DAYS = 3 * 365
# Updates per record, at most: one, as in every run bench/RESULTS.md reports (more changes the content, so
# its figures would no longer compare). `--max-updates N` gives more; they render (render.in_date_order).
MAX_UPDATES = 1

FEDERAL_DISTRICTS = [
    ("Central Federal District", "Центральный федеральный округ", (55.7, 37.6)),
    ("Northwestern Federal District", "Северо-Западный федеральный округ", (59.9, 30.3)),
    ("Southern Federal District", "Южный федеральный округ", (47.2, 39.7)),
    ("North Caucasian Federal District", "Северо-Кавказский федеральный округ", (44.0, 43.1)),
    ("Volga Federal District", "Приволжский федеральный округ", (56.3, 44.0)),
    ("Ural Federal District", "Уральский федеральный округ", (56.8, 60.6)),
    ("Siberian Federal District", "Сибирский федеральный округ", (55.0, 82.9)),
    ("Far Eastern Federal District", "Дальневосточный федеральный округ", (48.5, 135.1)),
]
SUBJECTS = 85

# Latin and Cyrillic spellings of the same syllables, so a name and its local name agree.
SYLLABLES = [
    ("ka", "ка"), ("lu", "лу"), ("ga", "га"), ("ob", "об"), ("nin", "нин"), ("ro", "ро"), ("sto", "сто"),
    ("vo", "во"), ("ze", "зе"), ("mi", "ми"), ("ra", "ра"), ("no", "но"), ("te", "те"), ("pe", "пе"),
    ("tro", "тро"), ("gor", "гор"), ("ny", "ны"), ("bel", "бел"), ("yar", "яр"), ("kur", "кур"),
    ("sa", "са"), ("ma", "ма"), ("li", "ли"), ("da", "да"), ("ges", "гес"), ("tan", "тан"), ("ki", "ки"),
    ("rov", "ров"), ("ne", "не"), ("lin", "лин"), ("bu", "бу"), ("zhe", "же"), ("ve", "ве"), ("du", "ду"),
]
ENDINGS = {
    "oblast": [("sk Oblast", "ская область"), ("ov Oblast", "овская область"), ("in Oblast", "инская область")],
    "republic": [("ia", "ия"), ("stan", "стан"), ("ya", "ья")],
    "krai": [("sk Krai", "ский край"), ("ov Krai", "овский край")],
    "city": [("sk", "ск"), ("ovo", "ово"), ("grad", "град"), ("in", "ин"), ("ino", "ино"), ("evka", "евка")],
    "district": [("sky District", "ский район"), ("ovsky District", "овский район")],
}

FIRST_NAMES = [("Igor", "Игорь"), ("Stefan", "Стефан"), ("Vladimir", "Владимир"), ("Kazbek", "Казбек"),
               ("Anna", "Анна"), ("Olga", "Ольга"), ("Sergei", "Сергей"), ("Marina", "Марина"),
               ("Dmitry", "Дмитрий"), ("Elena", "Елена"), ("Ruslan", "Руслан"), ("Aslan", "Аслан"),
               ("Irina", "Ирина"), ("Pavel", "Павел"), ("Timur", "Тимур"), ("Natalia", "Наталья"),
               ("Alexei", "Алексей"), ("Svetlana", "Светлана"), ("Magomed", "Магомед"), ("Yulia", "Юлия")]
LAST_NAMES = [("Korotchenko", "Коротченко"), ("Pervalov", "Первалов"), ("Asmolov", "Асмолов"),
              ("Kokov", "Коков"), ("Ivanova", "Иванова"), ("Petrov", "Петров"), ("Sidorov", "Сидоров"),
              ("Magomedov", "Магомедов"), ("Volkova", "Волкова"), ("Orlov", "Орлов"), ("Zaitseva", "Зайцева"),
              ("Kuznetsov", "Кузнецов"), ("Aliyev", "Алиев"), ("Belova", "Белова"), ("Gromov", "Громов"),
              ("Lebedev", "Лебедев"), ("Morozova", "Морозова"), ("Sokolov", "Соколов"), ("Tarasov", "Тарасов"),
              ("Khasanov", "Хасанов"), ("Fedorova", "Федорова"), ("Yakovlev", "Яковлев")]
ROLES = ["governor", "acting city head", "head of the regional emergency service", "spokesperson",
         "military analyst", "member of parliament", "deputy governor", "district head", "press secretary",
         "regional prosecutor", "local journalist", "head of the civil defence committee"]
ORG_KINDS = [("Emergency Service", "organization"), ("Regional Government", "organization"),
             ("Civil Defence Committee", "organization"), ("Air Defence Command", "organization"),
             ("Residents' Initiative", "group"), ("Volunteer Rescue Team", "group"),
             ("City Administration", "organization"), ("Prosecutor's Office", "organization")]
SOURCE_KINDS = ["outlet", "telegram", "official", "agency", "social", "other"]
SOURCE_WORDS = ["News", "Courier", "Herald", "Monitor", "Daily", "Wire", "Today", "Observer", "Signal", "Bulletin"]

INCIDENT_TYPES = ["drone-activity", "drone-shot-down", "drone-found", "explosion", "fire", "air-raid-alert",
                  "debris-fall", "infrastructure-damage", "airport-closure", "connectivity-outage"]
TITLES = {
    "drone-activity": "Drone activity reported over {place}",
    "drone-shot-down": "Drone shot down near {place}",
    "drone-found": "Drone found on the roof of a house in {place}",
    "explosion": "Explosion heard in {place}",
    "fire": "Fire at an industrial site in {place}",
    "air-raid-alert": "Air raid alert declared in {place}",
    "debris-fall": "Debris falls on a residential street in {place}",
    "infrastructure-damage": "Power substation damaged in {place}",
    "airport-closure": "Airport near {place} closes its airspace",
    "connectivity-outage": "Mobile internet cut in {place}",
}
STATUSES = [("confirmed", 30), ("reported", 35), ("claimed", 15), ("disputed", 12), ("denied", 8)]
PRECISIONS = ["exact", "vicinity", "locality", "region"]
LOCATION_NAMES = ['a private house', 'an industrial zone', 'the airfield', 'a residential street', 'the substation']
TAGS = ["drones", "air-defence", "civilians", "infrastructure", "airports", "energy", "connectivity",
        "evacuation", "night", "industrial", "residential", "military", "railway", "schools"]
SENTENCES = [
    "Residents reported hearing {n} loud bangs shortly before dawn.",
    "The regional emergency service said the situation was under control.",
    "Local Telegram channels published videos that could not be verified independently.",
    "According to {source}, the debris damaged the roofs of {n} houses.",
    "No casualties were reported in the first hours after the incident.",
    "The authorities asked residents not to film or publish the work of air defence.",
    "Traffic on the nearby highway was closed for several hours.",
    "Witnesses described a buzzing sound similar to a moped engine.",
    "The governor later wrote that {n} people had asked for medical help.",
    "Mobile internet in the area was slowed down for the rest of the day.",
    "Officials did not say where the drone had come from.",
    "A school and a kindergarten nearby were evacuated as a precaution.",
]
QUOTES = [
    ("The situation is under control and there is no threat to residents.",
     "Ситуация под контролем, угрозы для жителей нет."),
    ("This is not just about drones.", "Речь идёт не только о дронах."),
    ("Please do not film or post the work of air defence systems.",
     "Просим не снимать и не публиковать работу систем ПВО."),
    ("All emergency services are working at the site.", "Все экстренные службы работают на месте."),
    ("The debris was removed and traffic has been restored.", "Обломки убраны, движение восстановлено."),
    ("We will inform residents as soon as we know more.", "Мы сообщим жителям, как только узнаем больше."),
    ("The mobile internet restrictions are temporary.", "Ограничения мобильного интернета временные."),
    ("There were no casualties among the civilian population.", "Пострадавших среди мирного населения нет."),
    ("This is a calculated move to avoid panic.", "Это продуманный шаг, чтобы избежать паники."),
    ("The evidence for this remains circumstantial.", "Доказательства этого остаются косвенными."),
]
ANONYMOUS = ["an insider close to the emergency team", "a military source", "a source in the regional government",
             "an official who asked not to be named", "a resident of the district", "a law-enforcement source",
             "a diplomat at the United Nations", "an employee of the airport"]
MEASURE_TITLES = {
    "connectivity": "Mobile internet restricted in {place}",
    "movement": "Residents advised to stay indoors in {place}",
    "information": "Filming of air defence banned in {place}",
    "evacuation": "Residents of several streets evacuated in {place}",
    "other": "Schools switch to remote lessons in {place}",
}
OFFSETS = ["+02:00", "+03:00", "+04:00", "+05:00", "+07:00", "+10:00"]


def _q(text: str) -> str:
    """A YAML scalar for any text: a JSON string is a valid YAML 1.2 double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


@dataclass
class Region:
    id: str
    name: str
    name_local: str
    kind: str
    parent: str | None
    lat: float
    lon: float
    depth: int


@dataclass
class Built:
    """What was written, for the benchmark and the tests."""

    counts: dict[str, int] = field(default_factory=dict)
    incident_paths: list[Path] = field(default_factory=list)


class _Ids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, text: str) -> str:
        base = "-".join("".join(ch if ch.isalnum() and ch.isascii() else " " for ch in text.lower()).split())[:48]
        base = base.strip("-") or "record"
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate


class Synth:
    def __init__(self, incidents: int, seed: int = 1, end: date = END, max_updates: int = MAX_UPDATES) -> None:
        self.n = incidents
        self.max_updates = max_updates
        self.rng = random.Random(seed)
        self.end = end
        self.start = end - timedelta(days=SPAN_DAYS)

    # ---- small helpers -------------------------------------------------------------------
    def _name(self, kind: str, parts: int | None = None) -> tuple[str, str]:
        rng = self.rng
        count = parts or rng.choice((1, 2, 2, 3))
        syllables = [rng.choice(SYLLABLES) for _ in range(count)]
        latin = "".join(s[0] for s in syllables)
        local = "".join(s[1] for s in syllables)
        end_latin, end_local = rng.choice(ENDINGS[kind])
        return (latin + end_latin).capitalize(), (local + end_local).capitalize()

    def _skewed(self, items: list, exponent: float = 1.0):
        """Zipf-like choice: the first items are picked far more often than the last."""
        if not hasattr(self, "_weights"):
            self._weights = {}
        key = (id(items), len(items), exponent)
        weights = self._weights.get(key)
        if weights is None:
            weights = [1.0 / (rank + 1) ** exponent for rank in range(len(items))]
            cumulative, total = [], 0.0
            for w in weights:
                total += w
                cumulative.append(total)
            weights = self._weights[key] = cumulative
        return self.rng.choices(items, cum_weights=weights, k=1)[0]

    def _day(self, after: date | None = None, within: int | None = None) -> date:
        lo = after or self.start
        hi = self.end if within is None else min(self.end, lo + timedelta(days=within))
        return lo + timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))

    def _date_text(self, day: date) -> tuple[str, bool]:
        """A date as a contributor writes it, with mixed precision, and whether it is circa."""
        roll = self.rng.random()
        if roll < 0.78:
            text = day.isoformat()
        elif roll < 0.88:
            moment = datetime(day.year, day.month, day.day, self.rng.randint(0, 23), self.rng.choice((0, 15, 30, 45)))
            text = moment.strftime("%Y-%m-%dT%H:%M") + self.rng.choice(OFFSETS)
        elif roll < 0.97:
            text = f"{day.year:04d}-{day.month:02d}"
        else:
            text = f"{day.year:04d}"
        return text, self.rng.random() < 0.06

    def _body(self, sentences: int, source_name: str) -> str:
        rng = self.rng
        chosen = [rng.choice(SENTENCES).format(n=rng.randint(2, 12), source=source_name) for _ in range(sentences)]
        half = max(1, len(chosen) // 2)
        text = " ".join(chosen[:half]) + "\n\n" + " ".join(chosen[half:])
        if rng.random() < 0.15:
            text += "\n\n- the *first* report came from local channels\n- officials confirmed it **later**\n"
        return text.strip() + "\n"

    def _citation(self, source_id: str, day: date, long_share: float = 0.5) -> str:
        rng = self.rng
        if rng.random() >= long_share:
            return source_id
        source = self.sources[source_id]
        parts = [f"source: {source_id}"]
        if rng.random() < 0.8:
            parts.append(f"title: {_q(rng.choice(list(TITLES.values())).format(place=rng.choice(self.city_names)))}")
        url = f"{source['url'].rstrip('/')}/news/{day:%Y/%m/%d}/{rng.randint(10000, 99999)}"
        parts.append(f"url: {url}")
        if rng.random() < 0.6:
            published = min(self.end, day + timedelta(days=rng.randint(0, 2)))
            parts.append(f"published: {published.isoformat()}")
        if rng.random() < 0.4:
            parts.append(f"archived: https://web.archive.org/web/{day:%Y%m%d}120000/{url}")
        return "{" + ", ".join(parts) + "}"

    def _updates(self, day: date, share: float) -> str:
        rng = self.rng
        if rng.random() >= share:
            return ""
        lines = ["updates:"]
        for _ in range(min(self.max_updates, rng.choice((1, 1, 2)))):
            when = self._day(after=day, within=20)
            note = rng.choice(["Status changed from reported to confirmed.", "Correction: the number of damaged "
                               "houses was {n}, not {m}.", "Added a second source.", "The location was corrected "
                               "to the neighbouring district.", "Casualty figures updated."])
            lines.append(
                f"  - {{date: {when.isoformat()}, note: {_q(note.format(n=rng.randint(2, 9), m=rng.randint(10, 20)))}}}"
            )
        return "\n".join(lines) + "\n"

    # ---- the record kinds ----------------------------------------------------------------
    def regions(self) -> list[Region]:
        rng = self.rng
        ids = _Ids()
        regions = [Region(ids.make("russia"), "Russia", "Россия", "country", None, 61.5, 105.3, 0)]
        districts = []
        for name, local, (lat, lon) in FEDERAL_DISTRICTS:
            district = Region(ids.make(name), name, local, "federal-district", regions[0].id, lat, lon, 1)
            districts.append(district)
            regions.append(district)
        subjects = []
        for i in range(SUBJECTS):
            district = districts[i % len(districts)]
            kind = rng.choice(("oblast", "oblast", "republic", "krai"))
            name, local = self._name(kind)
            subject = Region(
                ids.make(name),
                name,
                local,
                kind,
                district.id,
                round(district.lat + rng.uniform(-3, 3), 4),
                round(district.lon + rng.uniform(-6, 6), 4),
                2,
            )
            subjects.append(subject)
            regions.append(subject)
        cities = max(40, min(2000, self.n // 25))
        for i in range(cities):
            subject = subjects[i % len(subjects)] if i < len(subjects) else self._skewed(subjects, 0.6)
            kind = "city" if rng.random() < 0.7 else "district"
            name, local = self._name(kind)
            regions.append(
                Region(
                    ids.make(name),
                    name,
                    local,
                    kind,
                    subject.id,
                    round(subject.lat + rng.uniform(-1, 1), 4),
                    round(subject.lon + rng.uniform(-1.5, 1.5), 4),
                    3,
                )
            )
        return regions

    def generate(self, out: Path) -> Built:  # noqa: C901 -- one recipe, kind after kind, whose order fixes the seed's output
        rng = self.rng
        out = Path(out)
        if out.exists():
            shutil.rmtree(out)
        built = Built()
        files: dict[str, str] = {}

        # Regions ------------------------------------------------------------------------
        regions = self.regions()
        self.region_by_id = {r.id: r for r in regions}
        leaves = [r for r in regions if r.depth == 3]
        subjects = [r for r in regions if r.depth == 2]
        self.city_names = [r.name for r in leaves]
        for r in regions:
            lines = [f"name: {_q(r.name)}", f"name_local: {_q(r.name_local)}", f"kind: {r.kind}"]
            if r.parent:
                lines.append(f"parent: {r.parent}")
            if r.depth >= 2 or rng.random() < 0.5:
                lines.append(f"coordinates: [{r.lat}, {r.lon}]")
            body = f"{r.name} ({r.name_local}), a {r.kind.replace('-', ' ')}.\n" if rng.random() < 0.5 else ""
            files[f"regions/{r.id}.md"] = "\n".join(lines) + "\n---\n" + body

        # Sources ------------------------------------------------------------------------
        ids = _Ids()
        self.sources: dict[str, dict] = {}
        for i in range(max(20, min(200, self.n // 50))):
            kind = SOURCE_KINDS[i % len(SOURCE_KINDS)] if i < len(SOURCE_KINDS) else rng.choice(SOURCE_KINDS)
            base, _ = self._name("city", 2)
            name = {"telegram": f"{base} Telegram channel", "official": f"{base} regional government",
                    "agency": f"{base} Press Agency", "social": f"{base} community page"}.get(
                        kind, f"{base} {rng.choice(SOURCE_WORDS)}")
            source_id = ids.make(name)
            url = (f"https://t.me/{source_id.replace('-', '_')}" if kind == "telegram"
                   else f"https://www.{source_id.replace('-', '')[:20]}.example.org/")
            language = rng.choice(("ru", "ru", "ru", "en", "uk"))
            self.sources[source_id] = {"url": url, "name": name}
            lines = [f"name: {_q(name)}", f"kind: {kind}", f"url: {url}", f"language: {language}"]
            files[f"sources/{source_id}.md"] = "\n".join(lines) + "\n---\n" + (
                f"{name} publishes news of the region.\n" if rng.random() < 0.5 else "")
        source_ids = list(self.sources)

        # Actors: organisations first, then persons affiliated with them ---------------
        ids = _Ids()
        actors_total = max(40, self.n // 4)
        organisations: list[str] = []
        persons: list[str] = []
        for i in range(max(8, actors_total // 8)):
            suffix, kind = ORG_KINDS[i % len(ORG_KINDS)]
            place = rng.choice(subjects)
            name = f"{place.name} {suffix}"
            actor_id = ids.make(name)
            organisations.append(actor_id)
            lines = [f"name: {_q(name)}", f"kind: {kind}", f"region: {place.id}"]
            if organisations[:-1] and rng.random() < 0.2:
                lines.append(f"affiliation: {rng.choice(organisations[:-1])}")
            files[f"actors/{actor_id}.md"] = "\n".join(lines) + "\n---\n"
        for _ in range(actors_total - len(organisations)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first[0]} {last[0]}"
            actor_id = ids.make(name)
            persons.append(actor_id)
            lines = [f"name: {_q(name)}", f"name_local: {_q(first[1] + ' ' + last[1])}", "kind: person",
                     f"role: {_q(rng.choice(ROLES))}"]
            if rng.random() < 0.7:
                lines.append(f"affiliation: {self._skewed(organisations, 0.5)}")
            if rng.random() < 0.8:
                lines.append(f"region: {rng.choice(leaves + subjects).id}")
            body = f"{name} is a {rng.choice(ROLES)}.\n" if rng.random() < 0.3 else ""
            files[f"actors/{actor_id}.md"] = "\n".join(lines) + "\n---\n" + body
        actor_ids = organisations + persons
        rng.shuffle(persons)  # the most quoted persons are not the first written

        # Incidents ----------------------------------------------------------------------
        ids = _Ids()
        incidents: list[tuple[str, date, list[str]]] = []
        status_names, status_weights = zip(*STATUSES, strict=False)
        for _ in range(self.n):
            day = self._day()
            date_text, circa = self._date_text(day)
            kind = rng.choice(INCIDENT_TYPES)
            place = self._skewed(leaves, 0.7)
            title = TITLES[kind].format(place=place.name)
            incident_id = ids.make(f"{place.name} {kind} {day:%Y %m %d}")
            chosen = [place.id]
            for _ in range(rng.choice((0, 0, 0, 1, 2))):
                other = rng.choice(leaves + subjects).id
                if other not in chosen:
                    chosen.append(other)
            cited, cited_ids = [], set()
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
                source_id = self._skewed(source_ids, 1.0)
                if source_id not in cited_ids:
                    cited_ids.add(source_id)
                    cited.append(self._citation(source_id, day))
            lines = [f"title: {_q(title)}", f"date: {date_text}"]
            if circa:
                lines.append("circa: true")
            lines += [f"regions: {_flow(chosen)}", f"status: {rng.choices(status_names, status_weights)[0]}",
                      f"type: {kind}", "sources:"] + [f"  - {c}" for c in cited]
            if rng.random() < 0.7:
                lat = round(place.lat + rng.uniform(-0.2, 0.2), 4)
                lon = round(place.lon + rng.uniform(-0.2, 0.2), 4)
                sensitive = ", sensitive: true" if rng.random() < 0.1 else ""
                lines.append(
                    f"location: {{name: {_q(rng.choice(LOCATION_NAMES) + ', ' + place.name)}, "
                    f"coordinates: [{lat}, {lon}], precision: {rng.choice(PRECISIONS)}{sensitive}}}"
                )
            if rng.random() < 0.5:
                lines.append(
                    f"actors: {_flow(sorted({self._skewed(actor_ids, 0.8) for _ in range(rng.randint(1, 3))}))}"
                )
            if rng.random() < 0.3:
                lines.append(f"casualties: {{killed: {rng.choice((0, 0, 0, 1, 2))}, injured: {rng.randint(0, 12)}}}")
            if rng.random() < 0.8:
                lines.append(f"tags: {_flow(sorted(set(rng.sample(TAGS, rng.randint(1, 3)))))}")
            lines.append(self._updates(day, 0.1).rstrip("\n"))
            if rng.random() < 0.005:
                lines.append(f"aliases: [{incident_id}-old]")
            if rng.random() < 0.3:
                lines.append(f"added: {min(self.end, day + timedelta(days=rng.randint(0, 5))).isoformat()}")
            text = (
                "\n".join(line for line in lines if line)
                + "\n---\n"
                + self._body(rng.randint(2, 6), self.sources[source_ids[0]]["name"])
            )
            files[f"incidents/{day:%Y}/{day:%m}/{incident_id}.md"] = text
            incidents.append((incident_id, day, chosen))
        incidents.sort(key=lambda item: (item[1], item[0]))

        # Statements, in date order so a reply answers an earlier statement -------------
        ids = _Ids()
        statements: list[tuple[str, date]] = []
        total = 2 * self.n
        chain_starts = set(rng.sample(range(total // 2), k=min(total // 2, max(3, total // 400))))
        pending_chain: list[tuple[str, date, int]] = []  # (statement to answer, its date, replies still to come)
        for index in range(total):
            incident_id, incident_day, incident_regions = incidents[
                min(len(incidents) - 1, index * len(incidents) // total)
            ]
            day = self._day(after=incident_day, within=3)
            date_text, circa = self._date_text(day)
            english, russian = rng.choice(QUOTES)
            named = rng.random() < 0.65
            speaker = self._skewed(persons, 0.9) if named else None
            stem = speaker if named else "anonymous"
            statement_id = ids.make(f"{stem} {day:%Y %m %d}")
            lines = [f"date: {date_text}"]
            if circa:
                lines.append("circa: true")
            lines.append(f"source: {self._citation(self._skewed(source_ids, 1.0), day, 0.4)}")
            lines.append(f"speaker: {speaker}" if named else f"anonymous: {_q(rng.choice(ANONYMOUS))}")
            lines.append(f"kind: {'quote' if rng.random() < 0.8 else 'paraphrase'}")
            if rng.random() < 0.4:
                lines += ["language: ru", f"original: {_q(russian)}"]
            roll = rng.random()
            if roll < 0.85:
                linked = [incident_id]
                if rng.random() < 0.1:
                    other = incidents[rng.randrange(len(incidents))]
                    if other[0] != incident_id and other[1] <= day:
                        linked.append(other[0])
                lines.append(f"incidents: {_flow(linked)}")
            else:
                lines.append(f"regions: {_flow(incident_regions[:1])}")
            # Replies: continue a chain, start one, or answer an earlier statement.
            if pending_chain and rng.random() < 0.5:
                target, target_day, left = pending_chain.pop()
                if target_day <= day:
                    lines += [f"responds_to: {target}", f"stance: {rng.choice(('supports', 'disputes', 'clarifies'))}"]
                    if left > 1:
                        pending_chain.append((statement_id, day, left - 1))
            elif statements and rng.random() < 0.16:
                target, target_day = statements[-rng.randint(1, min(len(statements), 50))]
                if target_day <= day:
                    lines += [f"responds_to: {target}", f"stance: {rng.choice(('supports', 'disputes', 'clarifies'))}"]
            if index in chain_starts:
                pending_chain.append((statement_id, day, rng.randint(2, 4)))
            if rng.random() < 0.5:
                lines.append(f"tags: {_flow([rng.choice(TAGS)])}")
            lines.append(self._updates(day, 0.03).rstrip("\n"))
            body = english + ("" if rng.random() < 0.7 else " " + rng.choice(QUOTES)[0]) + "\n"
            files[f"statements/{statement_id}.md"] = "\n".join(line for line in lines if line) + "\n---\n" + body
            statements.append((statement_id, day))

        # Measures ------------------------------------------------------------------------
        ids = _Ids()
        measure_kinds = list(MEASURE_TITLES)
        states = ["announced", "in-force", "lifted"]
        measures = max(10, self.n // 10)
        for index in range(measures):
            incident_id, incident_day, incident_regions = incidents[rng.randrange(len(incidents))]
            kind = measure_kinds[index % len(measure_kinds)]
            state = states[(index // len(measure_kinds)) % len(states)]
            day = self._day(after=incident_day, within=5)
            date_text, circa = self._date_text(day)
            place = self.region_by_id[incident_regions[0]]
            measure_id = ids.make(f"{place.name} {kind} {day:%Y %m}")
            lines = [f"title: {_q(MEASURE_TITLES[kind].format(place=place.name))}", f"date: {date_text}"]
            if circa:
                lines.append("circa: true")
            lines += [f"regions: {_flow([place.id] + ([place.parent] if rng.random() < 0.2 else []))}",
                      f"issuer: {rng.choice(organisations + persons[:20])}", "sources:"]
            lines += [
                f"  - {self._citation(s, day)}"
                for s in sorted({self._skewed(source_ids) for _ in range(rng.randint(1, 2))})
            ]
            lines += [f"kind: {kind}", f"state: {state}"]
            if rng.random() < 0.4:  # after the last day the measure's date may mean
                last = (
                    date(day.year, 12, 31)
                    if len(date_text) == 4
                    else (date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1))
                    if len(date_text) == 7
                    else day
                )
                lines.append(f"until: {(last + timedelta(days=rng.randint(1, 60))).isoformat()}")
            if rng.random() < 0.7:
                lines.append(f"incidents: [{incident_id}]")
            lines.append(self._updates(day, 0.1).rstrip("\n"))
            body = rng.choice(["Stay indoors if possible and keep away from windows.",
                               "Do not film or publish the work of air defence.",
                               "Expect the mobile internet to be slow or unavailable.",
                               "Follow the instructions of the emergency services."]) + "\n"
            files[f"measures/{measure_id}.md"] = "\n".join(line for line in lines if line) + "\n---\n" + body

        for relpath, text in files.items():
            path = out / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("---\n" + text, encoding="utf-8")
        for folder in ("regions", "sources", "actors", "incidents", "statements", "measures"):
            built.counts[folder] = sum(1 for relpath in files if relpath.startswith(folder + "/"))
        built.incident_paths = sorted(out / relpath for relpath in files if relpath.startswith("incidents/"))
        return built


def synthesise(out: Path, incidents: int, seed: int = 1, max_updates: int = MAX_UPDATES) -> Built:
    """Write a content/ tree of `incidents` incidents into `out` (replaced if it exists)."""
    if date.today() + timedelta(days=2) < END:
        raise SystemExit(
            f"synth: the synthetic dates run to {END}, later than today + 2 days; validation would refuse them"
        )
    return Synth(incidents, seed, max_updates=max_updates).generate(Path(out))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", "-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="content folder to write (replaced if it exists)")
    parser.add_argument("--max-updates", type=int, default=MAX_UPDATES, help="updates per record, at most (default: 1)")
    args = parser.parse_args(argv)
    built = synthesise(args.out, args.incidents, args.seed, args.max_updates)
    print(f"{args.out}: " + ", ".join(f"{n} {kind}" for kind, n in built.counts.items()))


if __name__ == "__main__":
    main()
