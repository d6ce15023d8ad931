"""Generates optunaParzen.json: reference log densities of Optuna's univariate
Parzen estimator (optuna 5.0.0, numpy), for parzenEstimator.test.ts.
Run: python -m venv v && v/bin/pip install optuna==5.0.0 && v/bin/python optunaParzen.py
"""
import json
import math

import numpy as np
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights


def spec_json(d):
    if isinstance(d, CategoricalDistribution):
        return {"type": "categorical", "choices": list(d.choices)}
    kind = "int" if isinstance(d, IntDistribution) else "float"
    return {"type": kind, "low": d.low, "high": d.high, "log": d.log, "step": d.step}


def case(name, dist, obs, points, magic=True, endpoints=False, prior=1.0):
    params = _ParzenEstimatorParameters(
        prior_weight=prior,
        consider_magic_clip=magic,
        consider_endpoints=endpoints,
        weights=default_weights,
        multivariate=False,
    )
    pe = _ParzenEstimator({"x": np.asarray(obs, dtype=float)}, {"x": dist}, params)
    lp = pe.log_pdf({"x": np.asarray(points, dtype=float)})
    return {
        "name": name,
        "spec": spec_json(dist),
        "observations": list(map(float, obs)),
        "points": list(map(float, points)),
        "options": {"priorWeight": prior, "considerMagicClip": magic, "considerEndpoints": endpoints},
        "logPdf": [float(v) for v in lp],
    }


many = [5 * math.sin(1.7 * i) + 2 for i in range(40)]
cases = [
    case("float", FloatDistribution(-5, 10), [1.2, -3, 7.5, 7.6, 0], [-5, -4.2, 0, 1.2, 3.3, 7.55, 10]),
    case("float empty", FloatDistribution(-5, 10), [], [-5, 0, 2.5, 9]),
    case("float one", FloatDistribution(0, 1), [0.9], [0, 0.5, 0.9, 1]),
    case("float log", FloatDistribution(1e-4, 1, log=True), [1e-3, 0.02, 0.5], [1e-4, 5e-4, 1e-3, 0.01, 0.3, 1]),
    case("float step", FloatDistribution(0, 5, step=0.5), [1, 1.5, 4], [0, 0.5, 1, 1.5, 2.5, 4, 5]),
    case("int", IntDistribution(1, 10), [2, 2, 9], list(range(1, 11))),
    case("int step", IntDistribution(0, 20, step=4), [4, 16], [0, 4, 8, 12, 16, 20]),
    case("int log", IntDistribution(1, 1000, log=True), [3, 50, 700], [1, 2, 3, 10, 50, 300, 700, 1000]),
    case("float many (ramp weights)", FloatDistribution(-5, 10), many, [-4, -1, 0.5, 2, 4.4, 6.9, 9]),
    case("float endpoints no clip", FloatDistribution(-5, 10), [1.2, -3, 7.5, 7.6, 0], [-5, 0, 7.55, 10],
         magic=False, endpoints=True),
    case("float prior 2", FloatDistribution(-5, 10), [1.2, -3, 7.5], [-5, 0, 7.55, 10], prior=2.0),
    case("categorical", CategoricalDistribution(["a", "b", "c", "d"]), [0, 2, 2], [0, 1, 2, 3]),
    case("categorical empty", CategoricalDistribution([True, False]), [], [0, 1]),
]
with open("optunaParzen.json", "w") as f:
    json.dump({"generator": "optunaParzen.py (optuna 5.0.0)", "cases": cases}, f, indent=1)
    f.write("\n")
