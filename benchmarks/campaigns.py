"""Measure campaign grouping on a generated set whose campaigns are known.

    .venv/bin/python benchmarks/campaigns.py
    .venv/bin/python benchmarks/campaigns.py --organic 10000 --campaigns 40 --seed 3

Campaign copies are made the way campaign sites make them: the same template with a different
greeting and signature, some with a sentence of their own, dropped words or changed case.
Organic submissions are written from a shared vocabulary and common openings, so unrelated
texts do overlap a little. Precision and recall are counted over pairs of submissions: a pair is
right when both are in the same found campaign and the same true one.
"""

import argparse
import os
import random
import sys
import time
from collections import Counter
from math import comb

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from facilitate.evidence import campaigns  # noqa: E402

WORDS = [
    "council",
    "school",
    "heat",
    "pump",
    "insulation",
    "bus",
    "tram",
    "bike",
    "cost",
    "energy",
    "bill",
    "tax",
    "rent",
    "home",
    "street",
    "children",
    "air",
    "noise",
    "forest",
    "river",
    "climate",
    "winter",
    "summer",
    "jobs",
    "farm",
    "food",
    "waste",
    "water",
    "price",
    "village",
    "town",
    "centre",
    "parking",
    "road",
    "safety",
    "elderly",
    "health",
    "doctor",
    "hospital",
    "window",
    "solar",
    "roof",
    "wind",
    "grid",
    "subsidy",
    "loan",
    "tenant",
    "landlord",
    "owner",
    "shop",
    "business",
    "market",
    "train",
    "station",
    "cycle",
    "lane",
]
OPENINGS = [
    "I think the council should",
    "As a resident of this town I believe",
    "In my experience",
    "Please consider that",
    "My family and I would like to say that",
]
GREETINGS = ["Dear members,", "Hello,", "To the assembly:", "", "Dear citizens' assembly,"]
EXTRA = [
    "This matters a lot to my neighbours.",
    "I have lived here for thirty years.",
    "Please listen to us.",
    "My children walk this way to school every day.",
    "",
]


def organic(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 8)):
        words = rng.choices(WORDS, k=rng.randint(6, 18))
        sentences.append(f"{rng.choice(OPENINGS)} {' '.join(words)}.")
    return " ".join(sentences)


def template(rng: random.Random) -> str:
    return " ".join(
        f"{rng.choice(OPENINGS)} {' '.join(rng.choices(WORDS, k=rng.randint(8, 16)))}."
        for _ in range(rng.randint(3, 6))
    )


def copy_of(text: str, rng: random.Random, person: int) -> str:
    words = text.split()
    if rng.random() < 0.3:  # someone trims a few words
        for _ in range(rng.randint(1, 3)):
            words.pop(rng.randrange(len(words)))
    body = " ".join(words)
    if rng.random() < 0.2:
        body = body.upper()
    return f"{rng.choice(GREETINGS)} {body} {rng.choice(EXTRA)} Signed, person {person}".strip()


def generate(organic_count: int, campaign_count: int, seed: int):
    rng = random.Random(seed)
    texts, truth = [], []
    for c in range(campaign_count):
        base = template(rng)
        for _ in range(rng.choice([3, 4, 5, 10, 25, 60, 150, 400])):
            texts.append(copy_of(base, rng, len(texts)))
            truth.append(c)
    for _ in range(organic_count):
        texts.append(organic(rng))
        truth.append(None)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [truth[i] for i in order]


def pair_scores(found: list[list[int]], truth: list) -> tuple[float, float]:
    found_label = {i: g for g, members in enumerate(found) for i in members}
    true_pairs = sum(comb(n, 2) for label, n in Counter(truth).items() if label is not None)
    found_pairs = sum(comb(len(members), 2) for members in found)
    both = Counter((found_label[i], truth[i]) for i in found_label if truth[i] is not None)
    right = sum(comb(n, 2) for n in both.values())
    precision = right / found_pairs if found_pairs else 1.0
    recall = right / true_pairs if true_pairs else 1.0
    return precision, recall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organic", type=int, default=5000)
    parser.add_argument("--campaigns", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-size", type=int, default=3)
    args = parser.parse_args()
    texts, truth = generate(args.organic, args.campaigns, args.seed)
    started = time.perf_counter()
    signatures = {i: campaigns.signature(text) for i, text in enumerate(texts)}
    signed = time.perf_counter()
    groups = [g for g in campaigns.group(signatures) if len(g) >= args.min_size]
    grouped = time.perf_counter()
    precision, recall = pair_scores(groups, truth)
    found_campaigns = sum(
        1 for c in set(t for t in truth if t is not None)
        if any(sum(truth[i] == c for i in g) * 2 > len(g) for g in groups)
    )  # fmt: skip
    print(f"submissions       {len(texts):>8}")
    print(f"true campaigns    {args.campaigns:>8}  ({sum(t is not None for t in truth)} copies)")
    print(f"found campaigns   {len(groups):>8}  ({found_campaigns} match a true one)")
    print(f"pair precision    {precision:>8.3f}")
    print(f"pair recall       {recall:>8.3f}")
    print(f"signatures        {1000 * (signed - started):>8.0f} ms")
    print(f"grouping          {1000 * (grouped - signed):>8.0f} ms")


if __name__ == "__main__":
    main()
