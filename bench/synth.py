"""Seeded generator of synthetic source files: author profiles, daily-papers feeds and abstract lists.

Every word, name and title comes from the vocabulary lists below; the same seed and size give
byte-identical files. Dates printed without a year fall between Jan 1 and `AS_OF` of its year, so they
resolve to the intended day for any "as of" date from `AS_OF` to the end of that year.

Usage: python bench/synth.py OUT_DIR --papers N [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = dt.date(2026, 11, 1)
FEED_SIZE = 30
FEED_ONLY_SHARE = 0.10
FEED_ONLY_PER_FEED = 10
SHARED_SHARE = 0.05
YEARLESS_SHARE = 0.10
LIST_ABSTRACTS = 10
DETAILS_DRAWN = 12  # detail sentences offered to each abstract: enough to reach the longest target
MIN_PAPERS = 10
PROFILE_MIN, PROFILE_MAX = 5, 300
ABSTRACT_MIN, ABSTRACT_MAX = 600, 1800
OUTPUT_PATTERNS = ("profile_*.txt", "feed_*.txt", "abstracts_*.txt", "publications_*.bib", "publications_*.json")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FEED_CHROME = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
)

# --- people -------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Amara",
    "Bao",
    "Camila",
    "Dmitri",
    "Elif",
    "Farah",
    "Gustavo",
    "Hana",
    "Ibrahim",
    "Jiwoo",
    "Kavya",
    "Lior",
    "Mateo",
    "Nadia",
    "Oluwaseun",
    "Priya",
    "Qiang",
    "Rafael",
    "Sofía",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Łukasz",
    "José",
    "Søren",
    "Björn",
    "Anaïs",
    "Jürgen",
    "Małgorzata",
    "Renée",
    "François",
    "Dániel",
    "Núria",
    "Ömer",
    "Çağla",
    "Siân",
    "Aleksandra",
    "Benedikt",
    "Chiara",
    "Darius",
    "Emeka",
    "Fatima",
    "Giulia",
    "Hiroshi",
    "Ingrid",
    "Jakub",
    "Keanu",
    "Leilani",
    "Mei",
    "Nikhil",
    "Olga",
    "Pablo",
    "Rin",
    "Sven",
    "Thandiwe",
    "Ulrich",
    "Valentina",
    "Wiktor",
    "Xiaoling",
    "Yerlan",
    "Zainab",
    "Aditya",
    "Beatriz",
    "Chen",
    "Deniz",
    "Eun-ji",
    "Felipe",
    "Greta",
    "Haruto",
    "Isabela",
    "Jun-ho",
    "Kofi",
    "Laila",
    "Marek",
    "Noor",
    "Oskar",
    "Paloma",
    "Rashid",
    "Saanvi",
    "Tomás",
    "Usman",
    "Vera",
    "Wanjiru",
    "Yuki",
    "Zhi-Wei",
    "Xin-Yi",
    "Hao-Ran",
    "Ji-Hoon",
    "Ayşe",
    "Mónica",
    "Kateřina",
    "Andrés",
    "Lúcia",
    "Élodie",
    "Håkon",
    "Anh",
    "Minh",
    "Kiran",
    "Meera",
    "Arjun",
    "Sipho",
    "Ngozi",
    "Tevita",
    "Aroha",
    "Ilse",
    "Joost",
    "Margit",
    "Henrik",
    "Linnea",
    "Teodora",
    "Bogdan",
    "Milena",
    "Rustam",
    "Gulnara",
    "Omar",
    "Layla",
    "Samir",
    "Yasmin",
    "Ezra",
    "Noa",
    "Tamar",
    "Aurelio",
    "Ines",
    "Ruairí",
    "Caoimhe",
    "Eero",
    "Aino",
    "Yan-Ting",
    "Mingxuan",
    "Ruoxi",
    "Tianyu",
    "Shuang",
)
LAST_NAMES = (
    "Abara",
    "Baptiste",
    "Castellanos",
    "Dąbrowski",
    "Eriksen",
    "Fernández",
    "Gallagher",
    "Håland",
    "Ishikawa",
    "Jovanović",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Petrova",
    "Quintero",
    "Rahman",
    "Sæther",
    "Tanaka",
    "Uçar",
    "Vasquez",
    "Wójcik",
    "Xu",
    "Yamamoto",
    "Zhou",
    "Müller",
    "Nguyen",
    "Kim",
    "Park",
    "Singh",
    "Patel",
    "Iyer",
    "Banerjee",
    "Osei",
    "Mensah",
    "Haddad",
    "Khalil",
    "Cohen",
    "Levi",
    "Rossi",
    "Bianchi",
    "Ferreira",
    "Oliveira",
    "Santos",
    "Almeida",
    "Novak",
    "Horvat",
    "Kovács",
    "Szabó",
    "Popescu",
    "Ionescu",
    "Papadopoulos",
    "Georgiou",
    "Andersen",
    "Nieminen",
    "Virtanen",
    "Johansson",
    "Berg",
    "van Dijk",
    "de Vries",
    "Janssens",
    "O'Connor",
    "MacLeod",
    "Whitfield",
    "Ashworth",
    "Okafor",
    "Adeyemi",
    "Mwangi",
    "Kariuki",
    "Tshabalala",
    "Ndlovu",
    "Zhang",
    "Yang",
    "Zhao",
    "Wu",
    "Lin",
    "He",
    "Luo",
    "Feng",
    "Cao",
    "Hu",
    "Lu",
    "Qian",
    "Jiang",
    "Pan",
    "Du",
    "Yao",
    "Fang",
    "Ren",
    "Cheng",
    "Duan",
    "Ye",
    "Gao",
    "Song",
    "Tian",
    "Bai",
    "Xie",
    "Han",
    "Cui",
    "Kang",
    "Lee",
    "Choi",
    "Jung",
    "Yoon",
    "Sato",
    "Suzuki",
    "Takahashi",
    "Watanabe",
    "Kobayashi",
    "Hoang",
    "Tran",
    "Pham",
    "Vu",
    "Sharma",
    "Gupta",
    "Reddy",
    "Nair",
    "Menon",
    "Chatterjee",
    "Das",
    "Bose",
    "Kaur",
    "Mehta",
    "Joshi",
    "Rao",
    "Yılmaz",
    "Demir",
    "Şahin",
    "Kaya",
    "Öztürk",
    "García",
    "Martínez",
    "López",
    "Hernández",
    "González",
    "Ramírez",
    "Torres",
    "Flores",
    "Morales",
    "Ortiz",
    "Navarro",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Becker",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Richter",
    "Dubois",
    "Lefèvre",
    "Lambert",
    "Fontaine",
    "Girard",
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Anderson",
    "Thompson",
    "Walker",
    "Robinson",
    "Clarke",
    "Harris",
    "Bennett",
    "Hughes",
    "Murphy",
    "Kelly",
    "Sullivan",
    "Kuznetsov",
    "Volkov",
    "Sokolov",
    "Ivanova",
    "Morozov",
    "Lebedev",
    "Zielińska",
    "Wiśniewski",
    "Nowak",
)
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTVW"

# Profile org id (as after ` · `) and the organisation name a feed prints (glued id, then the name).
ORGS = (
    ("mit", "Massachusetts Institute of Technology"),
    ("cmu", "Carnegie Mellon University"),
    ("tsinghua", "Tsinghua University"),
    ("deepmind-research", "Google DeepMind"),
    ("stanford", "Stanford University"),
    ("berkeley", "UC Berkeley"),
    ("ethz", "ETH Zurich"),
    ("mila", "Mila Quebec AI Institute"),
    ("epfl", "EPFL"),
    ("oxford", "University of Oxford"),
    ("kaist", "KAIST"),
    ("sjtu", "Shanghai Jiao Tong University"),
    ("zju", "Zhejiang University"),
    ("nvidia", "NVIDIA"),
    ("allenai", "Allen Institute for AI"),
    ("uw", "University of Washington"),
    ("utoronto", "University of Toronto"),
    ("ucl", "University College London"),
    ("inria", "Inria"),
    ("nus", "National University of Singapore"),
    ("utokyo", "The University of Tokyo"),
    ("mpi-is", "Max Planck Institute for Intelligent Systems"),
)
ORG_NAMES = dict(ORGS)

# --- topics, one per category code ---------------------------------------------------------------------

CATEGORIES = ("LG", "CV", "CL", "AI", "IR", "RO", "NE", "CR", "DS", "SD")
CATEGORY_WEIGHTS = (30, 22, 20, 10, 5, 4, 2, 3, 2, 2)
# Authors per paper: about 60% have more than three, so their author line ends in ` et al.`.
AUTHOR_COUNTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 20, 40)
AUTHOR_COUNT_WEIGHTS = (3, 14, 23, 15, 13, 10, 7, 5, 3, 2, 1.5, 1.2, 1, 0.8, 0.5)


@dataclass(frozen=True)
class Topic:
    """Vocabulary of one research area: what its abstracts and titles talk about."""

    area: str
    things: tuple[str, ...]
    tasks: tuple[str, ...]
    data: tuple[str, ...]
    metrics: tuple[str, ...]
    apps: tuple[str, ...]


TOPICS = {
    "LG": Topic(
        "machine learning",
        (
            "neural networks",
            "mixture-of-experts models",
            "graph neural networks",
            "kernel machines",
            "state space models",
            "variational autoencoders",
            "normalizing flows",
            "sparse transformers",
            "gradient boosting ensembles",
            "implicit neural representations",
            "Bayesian neural networks",
        ),
        (
            "continual learning",
            "few-shot adaptation",
            "out-of-distribution generalization",
            "hyperparameter optimization",
            "model compression",
            "federated optimization",
            "self-supervised pretraining",
            "uncertainty estimation",
            "meta-learning",
            "semi-supervised classification",
            "learning with noisy labels",
            "causal representation learning",
            "time series forecasting",
            "offline reinforcement learning",
        ),
        (
            "synthetic regression suites",
            "tabular classification benchmarks",
            "long-tailed image collections",
            "molecular property datasets",
            "data streams with concept drift",
            "noisy crowd-sourced labels",
        ),
        (
            "test accuracy",
            "expected calibration error",
            "sample efficiency",
            "training throughput",
            "worst-group accuracy",
            "negative log-likelihood",
        ),
        (
            "drug discovery",
            "climate modelling",
            "credit scoring",
            "medical triage",
            "materials design",
            "energy forecasting",
        ),
    ),
    "CV": Topic(
        "computer vision",
        (
            "vision transformers",
            "convolutional backbones",
            "diffusion models",
            "neural radiance fields",
            "point cloud encoders",
            "video diffusion models",
            "open-vocabulary detectors",
            "Gaussian splatting pipelines",
            "masked autoencoders",
            "vision-language models",
        ),
        (
            "semantic segmentation",
            "monocular depth estimation",
            "multi-object tracking",
            "image restoration",
            "novel view synthesis",
            "text-to-image generation",
            "video understanding",
            "human pose estimation",
            "scene reconstruction",
            "visual anomaly detection",
            "open-world detection",
            "image editing",
        ),
        (
            "driving scenes",
            "satellite imagery",
            "indoor scans",
            "egocentric videos",
            "medical scans",
            "low-light photographs",
        ),
        ("mean IoU", "FID", "PSNR", "top-1 accuracy", "tracking precision", "depth error"),
        (
            "autonomous driving",
            "augmented reality",
            "remote sensing",
            "industrial inspection",
            "digital pathology",
            "wildlife monitoring",
        ),
    ),
    "CL": Topic(
        "natural language processing",
        (
            "large language models",
            "retrieval-augmented generators",
            "instruction-tuned models",
            "multilingual encoders",
            "reward models",
            "small language models",
            "dialogue agents",
            "encoder-decoder translators",
        ),
        (
            "machine translation",
            "open-domain question answering",
            "abstractive summarization",
            "instruction following",
            "chain-of-thought reasoning",
            "factual consistency checking",
            "code generation",
            "cross-lingual transfer",
            "preference alignment",
            "long-context modelling",
            "named entity recognition",
            "hallucination detection",
        ),
        (
            "low-resource languages",
            "multi-hop questions",
            "legal documents",
            "clinical notes",
            "conversational logs",
            "scientific articles",
        ),
        ("exact match", "BLEU", "win rate", "factual precision", "pass@1", "token efficiency"),
        (
            "education",
            "customer support",
            "scientific writing",
            "legal analysis",
            "accessibility tools",
            "software engineering",
        ),
    ),
    "AI": Topic(
        "artificial intelligence",
        (
            "autonomous agents",
            "planning systems",
            "multi-agent systems",
            "world models",
            "neuro-symbolic reasoners",
            "tool-using assistants",
            "constraint solvers",
            "game-playing agents",
        ),
        (
            "long-horizon planning",
            "automated theorem proving",
            "task decomposition",
            "commonsense reasoning",
            "multi-agent coordination",
            "program synthesis",
            "web navigation",
            "scheduling under uncertainty",
        ),
        (
            "household simulators",
            "competition mathematics problems",
            "interactive web environments",
            "logistics instances",
            "procedurally generated games",
            "formal proof libraries",
        ),
        ("task success rate", "solve rate", "plan length", "episode return", "cost per task"),
        ("logistics", "scientific discovery", "personal assistants", "disaster response", "tutoring"),
    ),
    "IR": Topic(
        "information retrieval",
        (
            "dense retrievers",
            "sequential recommenders",
            "learned sparse indexes",
            "cross-encoder rerankers",
            "graph-based recommenders",
            "generative retrieval models",
            "two-tower models",
            "query rewriters",
        ),
        (
            "ad hoc retrieval",
            "session-based recommendation",
            "click-through rate prediction",
            "conversational search",
            "cold-start recommendation",
            "query expansion",
            "passage reranking",
            "product search",
        ),
        (
            "e-commerce logs",
            "news feeds",
            "web-scale corpora",
            "music listening histories",
            "scholarly archives",
            "short-video interactions",
        ),
        ("nDCG@10", "recall@100", "mean reciprocal rank", "hit rate", "latency per query"),
        ("online shopping", "news personalisation", "enterprise search", "digital libraries", "job matching"),
    ),
    "RO": Topic(
        "robotics",
        (
            "visuomotor policies",
            "diffusion policies",
            "legged controllers",
            "vision-language-action models",
            "tactile sensing arrays",
            "model-predictive controllers",
            "humanoid platforms",
            "mobile manipulators",
        ),
        (
            "dexterous manipulation",
            "legged locomotion",
            "sim-to-real transfer",
            "imitation learning",
            "motion planning",
            "grasp synthesis",
            "visual navigation",
            "multi-robot coordination",
        ),
        (
            "teleoperated demonstrations",
            "simulated kitchens",
            "warehouse scenes",
            "rough outdoor terrain",
            "household tasks",
            "deformable objects",
        ),
        ("success rate", "collision rate", "task completion time", "tracking error"),
        ("warehouse automation", "assistive care", "agriculture", "space exploration", "surgery"),
    ),
    "NE": Topic(
        "neural and evolutionary computing",
        (
            "spiking neural networks",
            "evolution strategies",
            "neuromorphic processors",
            "genetic programming systems",
            "reservoir computers",
            "quality-diversity algorithms",
            "Hebbian networks",
            "population-based optimizers",
        ),
        (
            "neural architecture search",
            "black-box optimization",
            "energy-efficient inference",
            "open-ended search",
            "temporal pattern recognition",
            "multi-objective optimization",
            "on-chip learning",
            "policy search",
        ),
        (
            "event-camera recordings",
            "benchmark function suites",
            "neuromorphic datasets",
            "control benchmarks",
            "combinatorial instances",
        ),
        ("energy per inference", "hypervolume", "best fitness", "spike count", "convergence speed"),
        ("edge devices", "hardware design", "brain-computer interfaces", "swarm robotics"),
    ),
    "CR": Topic(
        "security and privacy",
        (
            "differentially private models",
            "malware classifiers",
            "intrusion detectors",
            "watermarking schemes",
            "federated learners",
            "smart contracts",
            "code assistants",
            "secure aggregation protocols",
        ),
        (
            "membership inference",
            "adversarial robustness",
            "backdoor detection",
            "jailbreak defense",
            "privacy-preserving training",
            "vulnerability discovery",
            "model fingerprinting",
            "data poisoning defense",
        ),
        ("network traces", "Android applications", "open-source repositories", "phishing corpora", "medical records"),
        ("attack success rate", "detection rate", "false positive rate", "privacy budget"),
        ("banking", "healthcare", "cloud services", "critical infrastructure", "mobile platforms"),
    ),
    "DS": Topic(
        "algorithms and data structures",
        (
            "sketching algorithms",
            "succinct indexes",
            "streaming algorithms",
            "nearest neighbour indexes",
            "hash tables",
            "graph partitioners",
            "sorting networks",
            "dynamic trees",
        ),
        (
            "shortest path computation",
            "submodular maximization",
            "string matching",
            "graph sparsification",
            "online matching",
            "k-means clustering",
            "maximum flow",
            "dynamic connectivity",
        ),
        ("road networks", "genome collections", "social graphs", "web crawls", "sensor streams"),
        ("query time", "space usage", "approximation ratio", "update throughput"),
        ("databases", "bioinformatics", "network monitoring", "computational geometry"),
    ),
    "SD": Topic(
        "audio and speech processing",
        (
            "neural audio codecs",
            "speech synthesizers",
            "self-supervised speech encoders",
            "music generators",
            "source separation networks",
            "spoken language models",
            "audio diffusion models",
            "keyword spotters",
        ),
        (
            "speech recognition",
            "text-to-speech",
            "speaker verification",
            "music transcription",
            "speech enhancement",
            "audio captioning",
            "voice conversion",
            "sound event detection",
        ),
        (
            "accented speech",
            "noisy meeting recordings",
            "multilingual podcasts",
            "orchestral recordings",
            "children's speech",
        ),
        ("word error rate", "mean opinion score", "equal error rate", "real-time factor"),
        ("hearing aids", "voice assistants", "music production", "call centres", "language learning"),
    ),
}

ADJECTIVES = (
    "scalable",
    "efficient",
    "robust",
    "lightweight",
    "adaptive",
    "unified",
    "principled",
    "training-free",
    "data-efficient",
    "interpretable",
    "modular",
    "hierarchical",
    "memory-efficient",
    "compositional",
    "uncertainty-aware",
    "self-supervised",
    "sparse",
    "calibrated",
    "plug-and-play",
    "faithful",
    "controllable",
    "decoupled",
    "progressive",
    "geometry-aware",
    "causal",
    "multi-scale",
)
METHODS = (
    "contrastive pretraining",
    "token pruning",
    "low-rank adaptation",
    "knowledge distillation",
    "curriculum learning",
    "test-time adaptation",
    "prompt tuning",
    "reinforcement learning",
    "optimal transport",
    "energy-based modelling",
    "latent diffusion",
    "self-training",
    "guided search",
    "dynamic routing",
    "spectral regularization",
    "importance sampling",
    "quantization",
    "flow matching",
    "speculative decoding",
    "preference optimization",
    "weight averaging",
    "active sampling",
)
PROPERTIES = (
    "Robustness",
    "Sample Complexity",
    "Implicit Bias",
    "Stability",
    "Limits",
    "Scaling Behaviour",
    "Expressivity",
    "Geometry",
    "Hidden Costs",
    "Transferability",
    "Failure Modes",
    "Sensitivity",
)
GERUNDS = (
    "Scaling",
    "Distilling",
    "Aligning",
    "Compressing",
    "Steering",
    "Grounding",
    "Probing",
    "Accelerating",
    "Rethinking",
    "Benchmarking",
    "Unifying",
    "Revisiting",
    "Calibrating",
    "Pruning",
    "Composing",
    "Stabilizing",
    "Sparsifying",
    "Personalizing",
)
SYLLABLES = (
    "ka",
    "lo",
    "ri",
    "ven",
    "tor",
    "mi",
    "sa",
    "quo",
    "zen",
    "bra",
    "del",
    "fi",
    "nor",
    "pax",
    "lum",
    "tri",
    "vo",
    "gra",
    "hel",
    "cy",
    "mor",
    "ost",
    "tal",
    "xen",
    "yo",
    "dri",
    "fen",
    "jas",
    "pel",
    "ru",
    "sol",
    "ten",
    "vik",
    "wa",
    "ber",
    "cal",
    "dun",
    "eko",
    "gal",
    "ima",
    "kor",
    "lys",
    "mar",
    "nev",
    "oph",
    "qua",
)
NAME_SUFFIXES = (
    "Net",
    "Former",
    "Mix",
    "Bench",
    "LM",
    "Diff",
    "Flow",
    "Gen",
    "Agent",
    "Seg",
    "Rec",
    "Bot",
    "Fuse",
    "Map",
    "Tune",
    "Vox",
    "Guard",
    "Plan",
)
SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "via", "with", "vs"}
)

TITLE_TEMPLATES = (
    "{name}: {ger} {thing} for {task}",
    "{name}: {adj} {task} via {method}",
    "{name}: A Benchmark for {task} on {data}",
    "{name}: {adj} {method} for {thing}",
    "{name}: {ger} {task} with {adj} {method}",
    "{name}: Towards {adj} {task}",
    "Towards {adj} {task} with {thing}",
    "On the {prop} of {thing} for {task}",
    "{ger} {thing} with {method}",
    "When Does {method} Help {task}?",
    "{adj} {method} for {task} in {data}",
    "{ger} {method}: Lessons from {task}",
    "Learning {task} from {data} with {thing}",
    "Do {thing} Really Need {method}?",
    "{prop} of {adj} {thing} under {method}",
)

# --- abstract sentences ------------------------------------------------------------------------------

CONTEXT = (
    "{Thing} have become a default choice for {task}, yet their behaviour outside the training "
    "distribution is still poorly understood.",
    "Recent progress in {area} has been driven largely by ever larger {thing}, which raises concerns about "
    "cost, energy use and reproducibility.",
    "{Task} is a long-standing problem in {area}, with applications that range from {app} to {app2}.",
    "Despite rapid advances, {task} remains difficult because {thing} rarely expose the structure needed "
    "for reliable decisions.",
    "As {thing} are deployed in {app}, practitioners increasingly need methods for {task} that work with "
    "limited compute.",
    "A growing body of work suggests that {method} can substantially improve {task}, but the reasons for "
    "this improvement remain unclear.",
    "Practical systems for {app} depend on {task}, a setting in which labelled data are scarce and noisy.",
    "The success of {thing} on curated benchmarks has not yet translated into dependable performance on {data}.",
    "{Task} sits at the core of many pipelines in {area}, and small errors at this stage propagate to "
    "every later step.",
    "Benchmarks for {task} have saturated quickly, but real deployments in {app} still expose frequent failures.",
    "Most systems for {task} are tuned on a handful of standard datasets and transfer poorly to {data}.",
    "Interest in {thing} has surged, in part because they promise to make {task} cheaper and more reliable.",
)
PROBLEM = (
    "Existing approaches either rely on costly supervision or make strong assumptions about {data}, which "
    "limits their use in practice.",
    "Most prior work treats {task} as a static problem and ignores how {thing} change during training.",
    "A central obstacle is that standard objectives reward {metric} alone, so models learn shortcuts that "
    "fail on {data}.",
    "Current methods scale poorly: their memory footprint grows quadratically with the input size, making "
    "them impractical for {app}.",
    "Moreover, evaluations are often run on small, homogeneous test sets, hiding failure modes that matter for {app}.",
    "However, combining {method} with {thing} naively leads to unstable optimisation and degraded {metric}.",
    "We identify a simple but overlooked failure mode: {thing} tend to forget rare patterns when tuned for {task2}.",
    "In particular, little is known about how design choices in {method} interact with the quality of {data}.",
    "Existing pipelines also separate training and evaluation so strictly that errors on {data} surface "
    "only after deployment.",
    "The dominant recipe, {method}, is sensitive to hyperparameters and often needs days of tuning per dataset.",
    "Yet the cost of annotating {data} makes fully supervised solutions unrealistic for most teams.",
)
PROPOSAL = (
    "In this work, we propose {name}, a {adj} framework for {task} that {mechanism}.",
    "We introduce {name}, a {adj} approach that {mechanism}.",
    "To close this gap, we present {name}, which {mechanism}.",
    "This paper describes {name}, a {adj} method built on {method} that {mechanism}.",
    "We address these issues with {name}, a {adj} pipeline that {mechanism}.",
    "Our answer is {name}, a {adj} recipe for {task} that {mechanism}.",
)
MECHANISMS = (
    "decomposes the problem into {k} lightweight stages",
    "learns a compact latent code shared across related tasks",
    "reuses intermediate activations to avoid redundant computation",
    "couples a learned critic with an inexpensive search procedure",
    "routes each input to a small subset of {k} specialised experts",
    "aligns intermediate representations across modalities with {method}",
    "treats {task2} as an auxiliary signal during training",
    "adapts its computation budget to the difficulty of each input",
    "replaces hand-crafted heuristics with a differentiable objective",
    "combines {method} and {method2} in a single training stage",
    "builds a small memory of hard examples and revisits it throughout training",
)
DETAILS = (
    "The key idea is to estimate which components of {thing} matter for a given input and to skip the rest.",
    "Unlike previous methods, {name} requires no extra labels and can be attached to any pretrained backbone.",
    "Our analysis shows that the gains come mainly from better conditioning of the optimisation problem "
    "rather than from added capacity.",
    "We further provide a theoretical account that explains when {method} is expected to help and when it is not.",
    "To make training stable, we introduce a simple normalisation step that keeps gradient magnitudes bounded.",
    "The whole procedure is implemented in a few hundred lines and adds less than {small}% overhead at inference time.",
    "We also release {dataset}, a curated collection of {data} with fine-grained annotations for {task}.",
    "An ablation study isolates the contribution of each component and shows that all of them are necessary.",
    "We find that the learned representations transfer to {task2} without any additional fine-tuning.",
    "Importantly, {name} degrades gracefully when the assumptions behind {method} are violated.",
    "Human evaluations confirm that the improvements are visible to expert annotators and are not an "
    "artefact of the metric.",
    "We show that the same principle applies to {thing2}, suggesting that the approach is not tied to a "
    "single architecture.",
    "A careful error analysis reveals that most remaining failures stem from ambiguous inputs rather than "
    "from limited model capacity.",
    "The method is compatible with {method2}, and the two can be combined for further gains.",
    "We study scaling behaviour across {k} model sizes and observe consistent improvements at every scale.",
    "Our training recipe uses only publicly available data and a single commodity GPU.",
    "We characterise the trade-off between {metric} and computational cost and give practical guidelines "
    "for choosing an operating point.",
    "In addition, we describe a variant for streaming settings in which inputs arrive one at a time.",
    "Because {name} only changes the training objective, it leaves inference latency untouched.",
    "We pay particular attention to {data}, where existing baselines are known to be brittle.",
    "A lightweight calibration stage, run once per deployment, removes the need for per-task tuning.",
    "We formalise {task} as a bilevel problem and solve the inner level in closed form.",
    "To reduce variance, {name} averages predictions over {k} stochastic views of every input.",
    "The same model handles inputs of very different lengths without retraining or manual bucketing.",
    "We observe that {thing} already encode most of the required information, so only a thin adapter is trained.",
    "Training proceeds in two phases: a short warm-up on clean examples followed by joint optimisation on "
    "the full data.",
    "Failure cases are concentrated on inputs that are rare in {data}, which motivates a targeted data "
    "augmentation step.",
    "Surprisingly, a well-tuned version of {method2} turns out to be a much stronger baseline than "
    "previously reported.",
    "We open-source a reference implementation together with {k} pretrained checkpoints of different sizes.",
    "Our protocol separates genuine progress on {task} from gains that come from tuning on the test set.",
    "Theoretical results show that the estimator is consistent and that its bias vanishes as the sample size grows.",
    "{Name} is deployed in a production system for {app}, where it has served live traffic for several months.",
    "Visualisations of the learned features reveal interpretable structure that aligns with expert "
    "intuitions about {task}.",
    "We also report negative results: several natural extensions of {method} did not improve {metric}.",
)
MATH = (
    "The resulting algorithm runs in $\\mathcal{O}(n \\log n)$ time, compared with $\\mathcal{O}(n^2)$ for "
    "the exact baseline.",
    "We call the resulting model $\\textbf{{name}}$ and show that it remains stable under heavy label noise.",
    "With $k^2$ auxiliary tokens, the model recovers the full-resolution signal up to an error of $\\epsilon$.",
    "We prove that the regret of the procedure is bounded by $\\tilde{\\mathcal{O}}(\\sqrt{T})$ after $T$ rounds.",
    "The approximation error decays as $k + \\mathcal{O}(1/\\sqrt{m})$, where $m$ is the number of samples.",
    "For inputs of length $n$, memory usage drops from $\\mathcal{O}(n^2)$ to $\\mathcal{O}(n)$.",
    "Setting $\\lambda = {lam}$ yields the best trade-off on every benchmark we consider.",
)
EXPERIMENTS = (
    "Extensive experiments on {k} benchmarks, including {data}, show that {name} improves {metric} by "
    "{pct}% over strong baselines.",
    "On {data}, our approach matches the best published results while using {x}x fewer parameters.",
    "Experiments across {k} datasets demonstrate consistent gains in {metric}, with the largest improvements "
    "on {data}.",
    "Compared with state-of-the-art methods, {name} reduces training time by {pct}% while improving {metric}.",
    "Empirically, {name} outperforms {k} competitive baselines on {task}, and the margin widens on {data}.",
)
CLOSINGS = (
    "These results suggest that careful design of the training signal matters more than model size for {task}.",
    "We hope this work encourages a closer look at {task} beyond aggregate scores.",
    "Our findings point to {method} as a promising direction for {app}.",
    "We release our implementation and evaluation scripts to support future research.",
)
CODE_SENTENCE = "Code and pretrained models are available at https://github.com/{handle}/{slug}."

# Word swaps used to make "another version" of an abstract for the abstract lists.
SYNONYMS = {
    "propose": "put forward",
    "introduce": "present",
    "show": "demonstrate",
    "approach": "method",
    "method": "technique",
    "results": "findings",
    "substantially": "significantly",
    "improves": "boosts",
    "simple": "straightforward",
    "existing": "current",
    "experiments": "evaluations",
    "framework": "system",
    "consistent": "steady",
    "strong": "competitive",
    "difficult": "hard",
    "practical": "real-world",
    "suggest": "indicate",
    "However": "Yet",
    "Moreover": "Furthermore",
    "careful": "thorough",
    "compact": "small",
    "necessary": "essential",
    "stable": "robust",
    "reveals": "shows",
    "largely": "mainly",
    "increasingly": "more and more",
    "limited": "modest",
    "curated": "hand-picked",
}
_SLOT_RE = re.compile(r"\{(\w+)\}")
_WORD_RE = re.compile(r"[A-Za-z]+")


# --- model --------------------------------------------------------------------------------------------


@dataclass
class SynthPaper:
    """One invented paper, as every source that lists it must print it."""

    title: str
    authors: list[str]
    org: str | None
    category: str
    date: dt.date
    score: float | None
    has_code: bool
    sentences: list[str]
    votes: int | None

    @property
    def abstract(self) -> str:
        """The abstract as one line."""
        return " ".join(self.sentences)


@dataclass
class SynthProfile:
    """One profiled author and the papers their page lists."""

    name: str
    category: str
    org: str | None
    size: int
    collaborators: list[str] = field(default_factory=list)
    papers: list[SynthPaper] = field(default_factory=list)


def title_case(text: str) -> str:
    """Capitalise every word and hyphen part except small words after the first."""
    words = []
    for position, word in enumerate(text.split(" ")):
        parts = [
            part if part in SMALL_WORDS and (position or index) else part[:1].upper() + part[1:]
            for index, part in enumerate(word.split("-"))
        ]
        words.append("-".join(parts))
    return " ".join(words)


# Every phrase a title may use, title-cased once.
TITLE_CASED = {
    phrase: title_case(phrase)
    for group in (ADJECTIVES, METHODS, *(topic.things + topic.tasks + topic.data for topic in TOPICS.values()))
    for phrase in group
}


def title_key(title: str) -> str:
    """Case- and punctuation-insensitive identity of a title."""
    return " ".join(re.findall(r"[^\W_]+", title.casefold()))


def format_date(day: dt.date, with_year: bool = True) -> str:
    """`Mar 1, 2023`, or `Mar 1` without the year."""
    text = f"{MONTHS[day.month - 1]} {day.day}"
    return f"{text}, {day.year}" if with_year else text


def fill(template: str, slots: dict[str, str]) -> str:
    """Replace `{slot}` with its value (capitalised for `{Slot}`); leave LaTeX groups such as `{O}` alone."""

    def replace(match: re.Match[str]) -> str:
        key = match[1]
        value = slots.get(key.lower())
        if value is None:
            return match[0]
        return value[:1].upper() + value[1:] if key[0].isupper() else value

    return _SLOT_RE.sub(replace, template)


class CorpusBuilder:
    """Invents people, papers and the files that show them, all from one seeded random stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_names: set[str] = set()
        self.used_titles: set[str] = set()
        self.category_cum = list(itertools.accumulate(CATEGORY_WEIGHTS))
        self.author_count_cum = list(itertools.accumulate(AUTHOR_COUNT_WEIGHTS))

    # people

    def person_name(self) -> str:
        """A new full name, never used before in this corpus."""
        rng = self.rng
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {rng.choice(MIDDLE_INITIALS)}. {last}" if rng.random() < 0.15 else f"{first} {last}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def category(self) -> str:
        """A category code, common ones more often."""
        return self.rng.choices(CATEGORIES, cum_weights=self.category_cum)[0]

    def profile_sizes(self, total: int) -> list[int]:
        """Listed-paper counts between 5 and 300, mostly small, summing to `total`."""
        rng, sizes, remaining = self.rng, [], total
        while remaining > 0:
            size = min(PROFILE_MAX, max(PROFILE_MIN, round(math.exp(rng.gauss(2.7, 1.0)))))
            if remaining - size < PROFILE_MIN:  # never leave a remainder too small for a profile
                size = remaining if remaining <= PROFILE_MAX else remaining - PROFILE_MIN
            sizes.append(size)
            remaining -= size
        return sizes

    # papers

    def system_name(self) -> str:
        """An invented method or benchmark name such as `Lumora`, `TRIVEN` or `KalFormer`."""
        rng = self.rng
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        style = rng.random()
        if style < 0.3:
            return word.upper()[:6]
        if style < 0.6:
            return word.capitalize()
        if style < 0.9:
            return word[:4].capitalize() + rng.choice(NAME_SUFFIXES)
        return f"{word.capitalize()}-{rng.randint(1, 4)}"

    def title(self, topic: Topic, name: str) -> str:
        """A title not yet used in the corpus (case and punctuation ignored)."""
        rng = self.rng
        while True:
            slots = {
                "name": name,
                "ger": rng.choice(GERUNDS),
                "prop": rng.choice(PROPERTIES),
                "adj": TITLE_CASED[rng.choice(ADJECTIVES)],
                "thing": TITLE_CASED[rng.choice(topic.things)],
                "task": TITLE_CASED[rng.choice(topic.tasks)],
                "method": TITLE_CASED[rng.choice(METHODS)],
                "data": TITLE_CASED[rng.choice(topic.data)],
            }
            title = fill(rng.choice(TITLE_TEMPLATES), slots)
            key = title_key(title)
            if key not in self.used_titles:
                self.used_titles.add(key)
                return title
            name = self.system_name()

    def sentences(self, topic: Topic, name: str, has_code: bool) -> list[str]:
        """An abstract of 600-1800 characters as a list of sentences, with LaTeX in about one in five."""
        rng = self.rng
        thing, thing2 = rng.sample(topic.things, 2)
        task, task2 = rng.sample(topic.tasks, 2)
        method, method2 = rng.sample(METHODS, 2)
        app, app2 = rng.sample(topic.apps, 2)
        slots = {
            "area": topic.area,
            "thing": thing,
            "thing2": thing2,
            "task": task,
            "task2": task2,
            "method": method,
            "method2": method2,
            "app": app,
            "app2": app2,
            "name": name,
            "data": rng.choice(topic.data),
            "metric": rng.choice(topic.metrics),
            "adj": rng.choice(ADJECTIVES),
            "k": str(rng.randint(3, 12)),
            "pct": str(rng.randint(4, 45)),
            "small": str(rng.randint(1, 9)),
            "x": str(rng.randint(2, 10)),
            "lam": f"0.{rng.randint(1, 9)}",
            "dataset": self.system_name(),
            "handle": self.system_name().lower().replace("-", ""),
            "slug": name.lower(),
        }
        slots["mechanism"] = fill(rng.choice(MECHANISMS), slots)
        head = [rng.choice(CONTEXT), rng.choice(PROBLEM), rng.choice(PROPOSAL)]
        tail = [rng.choice(EXPERIMENTS)]
        if has_code and rng.random() < 0.5:
            tail.append(CODE_SENTENCE)
        elif rng.random() < 0.6:
            tail.append(rng.choice(CLOSINGS))
        if rng.random() < 0.2:
            head.append(rng.choice(MATH))
        body = [fill(sentence, slots) for sentence in head]
        closing = [fill(sentence, slots) for sentence in tail]
        target = min(ABSTRACT_MAX, max(ABSTRACT_MIN, round(rng.gauss(1150, 300))))
        length = sum(len(sentence) + 1 for sentence in body + closing) - 1
        for template in rng.sample(DETAILS, DETAILS_DRAWN):
            sentence = fill(template, slots)
            if length >= target or length + len(sentence) + 1 > ABSTRACT_MAX:
                break
            body.append(sentence)
            length += len(sentence) + 1
        return body + closing

    def paper_date(self) -> dt.date:
        """A publication day; about one in ten in the current year, which profiles print without a year."""
        rng = self.rng
        if rng.random() < YEARLESS_SHARE:
            start = dt.date(AS_OF.year, 1, 1).toordinal()
            return dt.date.fromordinal(rng.randint(start, AS_OF.toordinal()))
        year = rng.choices(range(AS_OF.year - 10, AS_OF.year), weights=(1, 1, 2, 2, 3, 4, 5, 7, 9, 10))[0]
        start = dt.date(year, 1, 1).toordinal()
        return dt.date.fromordinal(rng.randint(start, dt.date(year, 12, 31).toordinal()))

    def author_list(self, owners: list[str], pool: list[str], everyone: list[str]) -> list[str]:
        """Full author list: the owners (visible in the first three when shared) plus co-authors."""
        rng = self.rng
        count = max(len(owners), rng.choices(AUTHOR_COUNTS, cum_weights=self.author_count_cum)[0])
        if count >= 12:  # the long tail, up to large collaborations
            count = rng.randint(12, 3 * count)
        names = list(owners)
        while len(names) < count:
            candidate = rng.choice(pool if pool and rng.random() < 0.8 else everyone)
            if candidate not in names:
                names.append(candidate)
            elif len(names) >= len(everyone):  # a small corpus has too few people for a long list
                names.append(self.person_name())
        others = names[len(owners) :]
        rng.shuffle(others)
        if len(owners) > 1 or (count > 3 and rng.random() < 0.75):
            slots = sorted(rng.sample(range(min(3, count)), len(owners)))
        else:
            slots = sorted(rng.sample(range(count), len(owners)))
        result = others
        for slot, owner in zip(slots, owners):
            result.insert(slot, owner)
        return result

    def paper(self, category: str, authors: list[str], org: str | None) -> SynthPaper:
        """A paper in `category` with the given authors and optional org id."""
        rng = self.rng
        topic = TOPICS[category]
        name = self.system_name()
        has_code = rng.random() < 0.25
        return SynthPaper(
            title=self.title(topic, name),
            authors=authors,
            org=org,
            category=category,
            date=self.paper_date(),
            score=rng.randrange(80, 200) / 2 if rng.random() < 0.3 else None,
            has_code=has_code,
            sentences=self.sentences(topic, name, has_code),
            votes=1 + int(rng.expovariate(0.25)) if rng.random() < 0.5 else None,
        )

    def reworded(self, sentences: list[str]) -> str:
        """Another version of an abstract: a few sentences moved, a few words replaced."""
        rng = self.rng
        moved = list(sentences)
        for _ in range(rng.randint(1, 2)):
            if len(moved) > 3:
                index = rng.randrange(1, len(moved) - 1)
                moved[index], moved[index + 1] = moved[index + 1], moved[index]
        text = " ".join(moved)
        hits = [match for match in _WORD_RE.finditer(text) if match[0] in SYNONYMS]
        chosen = sorted(rng.sample(hits, min(len(hits), rng.randint(3, 6))), key=lambda match: match.start())
        for match in reversed(chosen):
            text = text[: match.start()] + SYNONYMS[match[0]] + text[match.end() :]
        return text


# --- rendering ----------------------------------------------------------------------------------------


def header_line(paper: SynthPaper) -> str:
    """`93.5LGJun 2`, `CVJul 22, 2025Code`: score, category, date and Code flag glued together."""
    score = f"{paper.score:.1f}" if paper.score is not None else ""
    date = format_date(paper.date, with_year=paper.date.year != AS_OF.year)
    return f"{score}{paper.category}{date}{'Code' if paper.has_code else ''}"


def author_line(paper: SynthPaper) -> str:
    """`A, B, C et al. · org` for more than three authors, else the full list."""
    shown = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
    return f"{shown} · {paper.org}" if paper.org else shown


def render_profile(profile: SynthProfile, rng: random.Random) -> str:
    """The text of a profile page, without a trailing newline."""
    count = len(profile.papers)
    citations = max(count, round(count * math.exp(rng.gauss(3.6, 1.1))))
    h_index = max(1, min(citations, round(math.sqrt(citations) * rng.uniform(0.5, 1.1))))
    lines = [
        profile.name,
        "",
        profile.category,
        f"h-index{h_index}",
        f"{count}papers",
        f"{citations:,}citations",
        f"Novelty{rng.randint(30, 90)}%",
        f"AI Score{rng.randint(30, 95)}",
        "",
        f"{count} Papers",
    ]
    for paper in profile.papers:
        lines += ["", header_line(paper), paper.title, "", author_line(paper), "", paper.abstract]
    return "\n".join(lines)


def _bibtex_text(text: str) -> str:
    return (
        text.replace("\\", " ")
        .replace("{", "(")
        .replace("}", ")")
        .replace("%", "\\%")
        .replace("&", "\\&")
        .replace("#", "\\#")
    )


def render_bibtex(papers: list[SynthPaper], dois: dict[str, str]) -> str:
    """A researcher's .bib of these papers, as reference managers write one (every author, "Family, Given")."""
    entries = []
    for number, paper in enumerate(papers):
        names = " and ".join(f"{name.split()[-1]}, {' '.join(name.split()[:-1])}" for name in paper.authors)
        kind = "inproceedings" if number % 3 else "article"
        venue = (
            ("booktitle", "Proceedings of the Synthetic Conference")
            if kind == "inproceedings"
            else ("journal", "Journal of Synthetic Results")
        )
        entries.append(
            f"@{kind}{{synth{number},\n  title = {{{_bibtex_text(paper.title)}}},\n  author = {{{names}}},\n"
            f"  {venue[0]} = {{{venue[1]}}},\n  year = {{{paper.date.year}}},\n"
            f"  month = {paper.date.strftime('%b').lower()},\n  doi = {{{dois[paper.title]}}},\n"
            f"  abstract = {{{_bibtex_text(paper.abstract)}}},\n}}"
        )
    return "\n\n".join(entries) + "\n"


def render_csl(papers: list[SynthPaper], dois: dict[str, str]) -> str:
    """A Zotero-style CSL-JSON export of these papers."""
    items = [
        {
            "id": f"synth{number}",
            "type": "paper-conference",
            "title": paper.title,
            "author": [{"family": name.split()[-1], "given": " ".join(name.split()[:-1])} for name in paper.authors],
            "issued": {"date-parts": [[paper.date.year, paper.date.month, paper.date.day]]},
            "container-title": "Proceedings of the Synthetic Conference",
            "DOI": dois[paper.title],
            "abstract": paper.abstract,
        }
        for number, paper in enumerate(papers)
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def feed_trailer(paper: SynthPaper, rng: random.Random) -> list[str]:
    """Trailer lines of a feed entry: author count or organisation, `·`, dated line with optional votes."""
    if paper.org and rng.random() < 0.6:
        name = ORG_NAMES[paper.org]
        first = f"{name.replace(' ', '')} {name}"
    else:
        first = f"  • {len(paper.authors)} authors"
    votes = f" {paper.votes}" if paper.votes is not None else ""
    return [first, "·", format_date(paper.date) + votes]


def render_feed(page_date: dt.date, papers: list[SynthPaper], rng: random.Random) -> str:
    """The text of a daily-papers page, without a trailing newline; about one entry in twenty has no trailer."""
    lines: list[str] = []
    for chrome in FEED_CHROME:
        lines += [chrome, ""]
    lines.append(format_date(page_date, with_year=False))
    for paper in papers:
        lines += ["", paper.title, "", paper.abstract]
        if rng.random() >= 0.05:
            lines += [""] + feed_trailer(paper, rng)
    return "\n".join(lines)


def render_abstract_list(abstracts: list[str]) -> str:
    """The text of an abstract list, one `Abstract:` line per abstract, without a trailing newline."""
    return "\n".join(f"Abstract:{text}" for text in abstracts)


# --- corpus -------------------------------------------------------------------------------------------


def owner_groups(sizes: list[int], shared_count: int, rng: random.Random) -> list[list[int]]:
    """Profile indices per paper: `shared_count` pairs of two different profiles, then single owners."""
    # One slot per listed paper; the first 2 * shared_count slots, taken in pairs, are the shared papers.
    # A pair with one profile twice swaps its second slot with a later one: no profile holds more than
    # sum(sizes) - shared_count slots, so a slot of another profile is always left.
    slots = [index for index, size in enumerate(sizes) for _ in range(size)]
    rng.shuffle(slots)
    for start in range(0, 2 * shared_count, 2):
        if slots[start] == slots[start + 1]:
            swap = next(j for j in range(start + 2, len(slots)) if slots[j] != slots[start])
            slots[start + 1], slots[swap] = slots[swap], slots[start + 1]
    pairs = [slots[i : i + 2] for i in range(0, 2 * shared_count, 2)]
    return pairs + [[owner] for owner in slots[2 * shared_count :]]


def generate_corpus(out_dir: Path, n_papers: int, seed: int = 0, bibliographies: bool = False) -> dict:
    """Write profiles, feeds and abstract lists for about `n_papers` distinct papers; return a summary.

    With `bibliographies`, half of each profile's papers leave its page for a publication list beside it,
    a BibTeX file or a CSL-JSON export in turn, with every author, a venue and a DOI: the site's papers then come
    half from saved pages and half from bibliographies (the generator puts them on their authors' pages by name).
    """
    if n_papers < MIN_PAPERS:
        raise ValueError(f"n_papers must be at least {MIN_PAPERS}, got {n_papers}")
    out_dir = Path(out_dir)
    builder = CorpusBuilder(seed)
    rng = builder.rng

    feed_only_count = round(n_papers * FEED_ONLY_SHARE)
    profile_paper_count = n_papers - feed_only_count
    shared_count = round(profile_paper_count * SHARED_SHARE)
    sizes = builder.profile_sizes(profile_paper_count + shared_count)
    if shared_count > sum(sizes) - max(sizes):  # too few profiles to pair up that many papers
        shared_count = 0
        sizes = builder.profile_sizes(profile_paper_count)

    profiles = []
    for size in sizes:
        category = builder.category()
        org = rng.choice(ORGS)[0] if rng.random() < 0.5 else None
        profiles.append(SynthProfile(builder.person_name(), category, org, size))
    everyone = [builder.person_name() for _ in range(max(50, sum(sizes) // 3))]
    for profile in profiles:
        profile.collaborators = rng.sample(everyone, min(len(everyone), max(3, min(40, 3 + profile.size // 4))))

    profile_papers = []
    for group in owner_groups(sizes, shared_count, rng):
        owners = [profiles[index] for index in group]
        lead = owners[0]
        category = lead.category if rng.random() < 0.65 else builder.category()
        org = None
        if rng.random() < 0.2:
            org = lead.org or rng.choice(ORGS)[0]
        authors = builder.author_list([owner.name for owner in owners], lead.collaborators, everyone)
        paper = builder.paper(category, authors, org)
        profile_papers.append(paper)
        for owner in owners:
            owner.papers.append(paper)

    feed_only = [
        builder.paper(
            builder.category(),
            builder.author_list([], [], everyone),
            rng.choice(ORGS)[0] if rng.random() < 0.2 else None,
        )
        for _ in range(feed_only_count)
    ]

    out_dir.mkdir(parents=True, exist_ok=True)
    for pattern in OUTPUT_PATTERNS:  # files of an earlier, larger run would otherwise linger
        for stale in sorted(out_dir.glob(pattern)):
            stale.unlink()
    written = 0

    def write(name: str, text: str) -> None:
        nonlocal written
        with open(out_dir / name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written += 1

    bibliography_papers = 0
    for number, profile in enumerate(profiles, 1):
        rng.shuffle(profile.papers)
        if bibliographies and len(profile.papers) > 1:
            cut = len(profile.papers) // 2
            listed, profile.papers = profile.papers[cut:], profile.papers[:cut]
            dois = {
                paper.title: f"10.5555/synth.{seed}.{hashlib.sha1(title_key(paper.title).encode()).hexdigest()[:12]}"
                for paper in listed
            }
            if number % 2:
                write(f"publications_{number:04d}.bib", render_bibtex(listed, dois))
            else:
                write(f"publications_{number:04d}.json", render_csl(listed, dois))
            bibliography_papers += len(listed)
        write(f"profile_{number:04d}.txt", render_profile(profile, rng))

    feed_count = max(1, math.ceil(feed_only_count / FEED_ONLY_PER_FEED))
    borrowed = rng.sample(profile_papers, min(len(profile_papers), feed_count * FEED_SIZE - feed_only_count))
    feed_entries = 0
    for number in range(feed_count):
        own = feed_only[number::feed_count]
        take = FEED_SIZE - len(own)
        entries = own + borrowed[:take]
        borrowed = borrowed[take:]
        rng.shuffle(entries)
        feed_entries += len(entries)
        page_day = dt.date.fromordinal(rng.randint(dt.date(AS_OF.year, 1, 1).toordinal(), AS_OF.toordinal()))
        write(f"feed_{number + 1:04d}.txt", render_feed(page_day, entries, rng))

    list_count = min(len(profiles), max(2, min(10, round(n_papers / 1000))))
    ranked = sorted(range(len(profiles)), key=lambda index: (-min(profiles[index].size, LIST_ABSTRACTS), rng.random()))
    for number, index in enumerate(ranked[:list_count], 1):
        profile = profiles[index]
        chosen = rng.sample(profile.papers, min(LIST_ABSTRACTS, len(profile.papers)))
        abstracts = [paper.abstract if rng.random() < 0.3 else builder.reworded(paper.sentences) for paper in chosen]
        stray = builder.sentences(TOPICS[profile.category], builder.system_name(), has_code=False)
        abstracts.insert(rng.randint(0, len(abstracts)), " ".join(stray))
        write(f"abstracts_{number:04d}.txt", render_abstract_list(abstracts))

    people = {name for paper in profile_papers + feed_only for name in paper.authors}
    return {
        "seed": seed,
        "as_of": AS_OF.isoformat(),
        "files": written,
        "papers": len(profile_papers) + len(feed_only),
        "authors": len(profiles),
        "feeds": feed_count,
        "abstract_lists": list_count,
        "shared_papers": shared_count,
        "feed_only_papers": len(feed_only),
        "profile_entries": sum(len(profile.papers) for profile in profiles),
        "feed_entries": feed_entries,
        "people": len(people),
        "bibliography_entries": bibliography_papers,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: write a corpus and print its summary as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--papers", type=int, required=True, metavar="N", help="distinct papers to invent")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument(
        "--bibliographies",
        action="store_true",
        help="half of each profile's papers in a BibTeX or CSL-JSON publication list beside it",
    )
    args = parser.parse_args(argv)
    try:
        summary = generate_corpus(args.out_dir, args.papers, args.seed, args.bibliographies)
    except ValueError as exc:
        parser.error(str(exc))
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
