"""Erlang C and A against discrete-event simulation (Ciw), for the switchboard and the IT service desk.

Not a timed benchmark: long simulation runs whose figures check the queueing model. For the shipped
Piteå–Älvsbyn scenario (base year), each municipality alone and the pooled desk, on Monday (the
heaviest day) at the peak (09:00) and in the afternoon (15:30):

1. Erlang C staffing, exponential handling: predicted and simulated (mean ± SE) service level and ASA.
2. Erlang A (patience 120 s, an assumption): staffing, service level, abandonment and ASA.
3. The Erlang C agents with other handling-time distributions of the same mean (lognormal with a
   coefficient of variation of 0.5 and 1.5, deterministic): how far the service level departs.
4. The whole Monday from an empty queue at opening, rates and agents changing every 30 minutes:
   the day's service level against the traffic-weighted Erlang prediction, the intervals that depart
   most below and above it, and how many intervals the simulation puts below the target.

Seeds derive from the scenario's seed; parts 1 and 3 share them (common random numbers). Runtime
about a minute.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.timing import Figures
from simulator import engine, queueing, scenario
from tests.crosscheck.simulation import DayResult, compare_intervals, service_traffic, simulate_day

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "pitea_alvsbyn.yaml"
SERVICES = ("switchboard", "it_support")
MONDAY, INTERVALS = 0, (2, 15)  # Monday 09:00-09:30 and 15:30-16:00
STEADY = {"hours": 25.0, "warmup_hours": 2.0, "replications": 40}
HANDLING = (("lognormal", 0.5), ("lognormal", 1.5), ("deterministic", None))
PATIENCE = 120.0  # s, assumption (no patience in the shipped scenario)
DAYS = 200


def _pm(mean: float, se: float, digits: int = 3) -> str:
    return f"{mean:.{digits}f} ± {se:.{digits}f}"


def _clock(settings: object, k: int) -> str:
    hours, minutes = map(int, settings.opens.split(":"))  # type: ignore[attr-defined]
    start = hours * 60 + minutes + k * settings.interval_minutes  # type: ignore[attr-defined]
    return f"{start // 60:02d}:{start % 60:02d}"


def _cases(run: engine.RunResult) -> list[dict]:
    """One case per service and coalition: traffic of the chosen intervals and the parameters."""
    cases = []
    for name in SERVICES:
        traffic, setup = service_traffic(run, name), run.scenario.services[name]
        for c, label in enumerate(run.labels):
            clock = [_clock(setup.settings, k) for k in range(traffic.shape[1])]
            cases.append(
                {
                    "service": name,
                    "coalition": label,
                    "day": traffic[MONDAY, :, c],
                    "clock": clock,
                    "times": [clock[k] for k in INTERVALS],
                    "p": setup.values(),
                }
            )
    return cases


def _steady(case: dict, seed: int, **options: object) -> pd.DataFrame:
    p = case["p"]
    rows = compare_intervals(
        case["day"][list(INTERVALS)],
        p["aht_seconds"],
        p["service_level"],
        p["answer_within"],
        seed=seed,
        **STEADY,
        **options,
    )  # type: ignore[arg-type]
    return rows.assign(service=case["service"], coalition=case["coalition"], time=case["times"])


def _erlang_table(frames: list[pd.DataFrame], abandonment: bool) -> pd.DataFrame:
    rows = pd.concat(frames, ignore_index=True)
    table = pd.DataFrame(
        {
            "service": rows["service"],
            "coalition": rows["coalition"],
            "time": rows["time"],
            "Erlang": rows["traffic"].round(2),
            "agents": rows["agents"],
            "SL Erlang": rows["erlang_service_level"].round(3),
            "SL simulated": [
                _pm(m, s) for m, s in zip(rows["service_level"], rows["service_level_se"])
            ],
            "z": (
                (rows["service_level"] - rows["erlang_service_level"]) / rows["service_level_se"]
            ).round(1),
        }
    )
    if abandonment:
        table["aband. Erlang"] = rows["erlang_abandonment"].round(3)
        table["aband. simulated"] = [
            _pm(m, s) for m, s in zip(rows["abandonment"], rows["abandonment_se"])
        ]
    table["ASA Erlang s"] = rows["erlang_asa_seconds"].round(1)
    table["ASA simulated s"] = [
        _pm(m, s, 1) for m, s in zip(rows["asa_seconds"], rows["asa_seconds_se"])
    ]
    return table


def _handling_table(cases: list[dict], seed: int) -> pd.DataFrame:
    rows = []
    for case in cases:
        for service, cv in HANDLING:
            sim = _steady(case, seed, service=service, cv=cv)
            for _, r in sim.iterrows():
                rows.append(
                    {
                        "service": case["service"],
                        "coalition": case["coalition"],
                        "time": r["time"],
                        "agents": r["agents"],
                        "handling": service if cv is None else f"{service} cv {cv}",
                        "SL Erlang C": round(r["erlang_service_level"], 3),
                        "SL simulated": _pm(r["service_level"], r["service_level_se"]),
                        "departure": _pm(
                            r["service_level"] - r["erlang_service_level"], r["service_level_se"]
                        ),
                    }
                )
    return pd.DataFrame(rows)


def _departure(day: DayResult, erlang: np.ndarray, k: int, times: list[str]) -> str:
    result = day.intervals[k]
    return f"{result.service_level - erlang[k]:+.3f} ± {result.service_level_se:.3f} at {times[k]}"


def _day_table(cases: list[dict], seed: int) -> pd.DataFrame:
    rows = []
    for case in cases:
        p, traffic = case["p"], case["day"]
        agents = queueing.min_agents(
            traffic, p["aht_seconds"], p["service_level"], p["answer_within"]
        )
        erlang = queueing.service_level(agents, traffic, p["aht_seconds"], p["answer_within"])
        day = simulate_day(
            traffic * 3600.0 / p["aht_seconds"],
            agents,
            p["aht_seconds"],
            p["answer_within"],
            seed=seed,
            replications=DAYS,
        )
        departure = np.array([r.service_level for r in day.intervals]) - erlang
        rows.append(
            {
                "service": case["service"],
                "coalition": case["coalition"],
                "SL Erlang (weighted)": round(float((erlang * traffic).sum() / traffic.sum()), 3),
                "SL simulated day": _pm(day.day.service_level, day.day.service_level_se),
                "lowest interval: sim - Erlang": _departure(
                    day, erlang, int(np.argmin(departure)), case["clock"]
                ),
                "highest interval": _departure(
                    day, erlang, int(np.argmax(departure)), case["clock"]
                ),
                "intervals sim < target": int((departure + erlang < p["service_level"]).sum()),
            }
        )
    return pd.DataFrame(rows)


def main(figures: Figures | None = None) -> None:
    """Print the four tables; seeds and run lengths in their headings (a cross-check, no timed figure)."""
    start = time.perf_counter()
    run = engine.run(scenario.load(SCENARIO))
    seed, cases = run.scenario.seed, _cases(run)
    runs = f"{STEADY['replications']} replications × {STEADY['hours']:.0f} h after {STEADY['warmup_hours']:.0f} h"
    print(f"Scenario {run.scenario.id}, year {run.scenario.base_year}, Monday; seed {seed}\n")
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(f"1. Erlang C staffing, exponential handling: steady state per interval ({runs})")
        print(
            _erlang_table([_steady(case, seed) for case in cases], abandonment=False).to_string(
                index=False
            )
        )
        print(f"\n2. Erlang A staffing, exponential patience {PATIENCE:.0f} s ({runs})")
        print(
            _erlang_table(
                [_steady(case, seed, patience=PATIENCE) for case in cases], abandonment=True
            ).to_string(index=False)
        )
        print(
            f"\n3. Erlang C agents, handling times of the same mean from other distributions ({runs})"
        )
        print(_handling_table(cases, seed).to_string(index=False))
        print(
            f"\n4. The whole Monday from an empty queue, Erlang C agents per 30-minute interval ({DAYS} days)"
        )
        print(_day_table(cases, seed).to_string(index=False))
    print(f"\n{time.perf_counter() - start:.0f} s")
