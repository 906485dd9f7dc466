"""Splink, run with the settings its own documentation uses, on one of the sets Kura is measured on.

    SPLINK_PYTHON identity-splink.py --set febrl4|fake_1000|historical_50k|people --out clusters.csv [--data DIR]

Writes `record,cluster_id` (the record key the TypeScript driver scores with, test/bench/identity-splink.ts) and
prints one JSON line: {"seconds": wall, "cpu": CPU seconds of all threads, "splink": version, "threshold": ...}. The time runs from the prepared input
to the clusters (prior, u, EM, predict, cluster), as Kura's time runs over identityMatch after the files are loaded.

Settings, from Splink's docs (docs/demos in its repository):
- febrl4: examples/duckdb/febrl4.nb.py, the "detailed" model; clusters at 0.99 as that example does.
- fake_1000: tutorials/04_Estimating_model_parameters.nb.py; clusters at 0.5 as tutorials/06 does.
- historical_50k: examples/duckdb/deduplicate_50k_synthetic.nb.py; clusters at 0.95 as that example does.
- people: no Splink example covers it; the 50k example's shape (names, dob, postcode blocking and comparisons,
  estimated the same way) with the set's email and phones added, and the 50k example's 0.95.
"""

import argparse
import json
import re
import time
import unicodedata
from pathlib import Path

import duckdb
import pandas as pd
import splink
import splink.comparison_library as cl
from splink import ColumnExpression, DuckDBAPI, Linker, SettingsCreator, block_on

ER = Path(__file__).resolve().parents[3] / "shared" / "data" / "er"


def febrl4(data: Path):
    def prepare(path: Path) -> pd.DataFrame:
        df = pd.read_csv(path, dtype=str, skipinitialspace=True, keep_default_na=False)
        df.columns = [c.strip() for c in df.columns]
        df = df.apply(lambda col: col.str.strip()).replace("", None)
        return df

    dfs = [prepare(data / "febrl_dataset4a.csv"), prepare(data / "febrl_dataset4b.csv")]
    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )

    def train(linker: Linker) -> None:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("postcode"), estimate_without_term_frequencies=True
        )

    return dfs, settings, train, None, 0.99, "rec_id"


def fake_1000(data: Path):
    df = pd.read_csv(data / "splink_fake_1000.csv", dtype=str, keep_default_na=False).replace("", None)
    df = df.drop(columns=["cluster"])
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.LevenshteinAtThresholds(ColumnExpression("dob").cast_to_string(), 1),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[block_on("first_name", "city"), block_on("surname"), block_on("dob")],
        retain_intermediate_calculation_columns=True,
    )

    def train(linker: Linker) -> None:
        linker.training.estimate_probability_two_random_records_match(
            [
                block_on("first_name", "dob"),
                "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
                block_on("email"),
            ],
            recall=0.7,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))

    # tutorials/05 predicts at 0.1; tutorials/06 clusters at 0.5.
    return [df], settings, train, 0.1, 0.5, "unique_id"


HISTORICAL_BLOCKING = [
    block_on("substr(first_name,1,3)", "substr(surname,1,4)"),
    block_on("surname", "dob"),
    block_on("first_name", "dob"),
    block_on("postcode_fake", "first_name"),
    block_on("postcode_fake", "surname"),
    block_on("dob", "birth_place"),
    block_on("substr(postcode_fake,1,3)", "dob"),
    block_on("substr(postcode_fake,1,3)", "first_name"),
    block_on("substr(postcode_fake,1,3)", "surname"),
    block_on("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
]


def historical_50k(data: Path):
    con = duckdb.connect()
    df = con.sql(
        f"SELECT * EXCLUDE (cluster), first_name || ' ' || surname AS first_name_surname_concat "
        f"FROM read_parquet('{data / 'splink_historical_figures_with_errors_50k.parquet'}')"
    ).df()
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=HISTORICAL_BLOCKING,
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="first_name_surname_concat"
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode_fake"),
            cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
            cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )

    def train(linker: Linker) -> None:
        linker.training.estimate_probability_two_random_records_match(
            [
                block_on("first_name", "surname", "dob"),
                block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
                block_on("dob", "postcode_fake"),
            ],
            recall=0.6,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("first_name", "surname"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("dob"), estimate_without_term_frequencies=True
        )

    return [df], settings, train, None, 0.95, "unique_id"


# The people set's three exports (test/data/people/records.ts): column → common name.
PEOPLE_FILES = {
    "salesforce_contacts": ("utf-8", {
        "FirstName": "first_name", "LastName": "surname", "Email": "email", "Phone": "phone",
        "MobilePhone": "mobile", "MailingPostalCode": "postcode", "MailingCity": "city", "Birthdate": "dob",
    }),
    "hubspot_signups": ("utf-8-sig", {
        "First Name": "first_name", "Last Name": "surname", "Email": "email", "Phone Number": "phone",
        "Mobile Phone Number": "mobile", "Postal Code": "postcode", "City": "city",
    }),
    "support_cp932": ("cp932", {
        "氏名": "full_name", "メールアドレス": "email", "電話番号": "phone", "携帯電話": "mobile",
        "郵便番号": "postcode", "住所": "address", "生年月日": "dob",
    }),
}


def clean(value):
    """The cleaning Splink's docs ask for (trim, one case, empty as null), with NFKC for full-width input."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    return text or None


def digits(value):
    text = re.sub(r"\D", "", clean(value) or "")
    return text or None


def phone(value):
    """Digits, with the country code 81 written as the national 0 (+81 90-… and 090-… are one number)."""
    text = digits(value)
    return "0" + text[2:] if text and text.startswith("81") and len(text) in (11, 12) else text


def people(data: Path):
    frames = []
    for source, (encoding, columns) in PEOPLE_FILES.items():
        raw = pd.read_csv(data / f"{source}.csv", dtype=str, keep_default_na=False, encoding=encoding)
        df = raw[list(columns)].rename(columns=columns)
        if "full_name" in df:
            # 氏名 is "family given", split on the (full- or half-width) space.
            parts = df.pop("full_name").map(lambda n: (clean(n) or "").split(" ", 1))
            df["surname"] = parts.map(lambda p: p[0] or None)
            df["first_name"] = parts.map(lambda p: p[1] if len(p) > 1 else None)
        if "address" in df:
            # 住所 starts with the prefecture and municipality; the other exports have the municipality as City.
            df["city"] = df.pop("address").map(
                lambda a: (m.group(2) if (m := re.match(r"^(.+?[都道府県])?(.+?[市区町村])", clean(a) or "")) else None)
            )
        for column in ("first_name", "surname", "email", "city"):
            df[column] = df[column].map(clean)
        for column in ("phone", "mobile"):
            df[column] = df[column].map(phone)
        df["postcode"] = df["postcode"].map(digits)
        if "dob" in df:
            df["dob"] = pd.to_datetime(df["dob"].map(clean), errors="coerce", format="mixed").dt.strftime("%Y-%m-%d")
        else:
            df["dob"] = None
        df.insert(0, "unique_id", [f"{source}:{i + 1}" for i in range(len(df))])
        frames.append(df[["unique_id", "first_name", "surname", "email", "phone", "mobile", "postcode", "city", "dob"]])
    df = pd.concat(frames, ignore_index=True).astype(object).where(lambda d: d.notna(), None)
    df["first_name_surname_concat"] = [
        f"{f} {s}" if f and s else None for f, s in zip(df["first_name"], df["surname"])
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("postcode", "first_name"),
            block_on("postcode", "surname"),
            block_on("email"),
            block_on("mobile"),
            block_on("phone", "first_name"),
        ],
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="first_name_surname_concat"
            ),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.EmailComparison("email"),
            cl.ExactMatch("mobile").configure(term_frequency_adjustments=True),
            cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )

    def train(linker: Linker) -> None:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("first_name", "surname", "dob"), block_on("email"), block_on("mobile")], recall=0.6
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("first_name", "surname"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("email"), estimate_without_term_frequencies=True
        )

    return [df], settings, train, None, 0.95, "unique_id"


SETS = {"febrl4": febrl4, "fake_1000": fake_1000, "historical_50k": historical_50k, "people": people}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", required=True, choices=sorted(SETS))
    parser.add_argument("--out", required=True)
    parser.add_argument("--data", default=str(ER), help="the set's folder (the people set: the generated exports)")
    parser.add_argument("--threshold", type=float, help="cluster at this match probability instead of the docs' one")
    args = parser.parse_args()

    frames, settings, train, predict_threshold, cluster_threshold, key = SETS[args.set](Path(args.data))
    cluster_threshold = args.threshold if args.threshold is not None else cluster_threshold
    started, cpu_started = time.perf_counter(), time.process_time()
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(frame) for frame in frames], settings)
    train(linker)
    predictions = linker.inference.predict(threshold_match_probability=predict_threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=cluster_threshold
    )
    rows = clusters.as_duckdbpyrelation().select(f"{key}::VARCHAR AS record, cluster_id::VARCHAR AS cluster_id").fetchall()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    pd.DataFrame(rows, columns=["record", "cluster_id"]).to_csv(args.out, index=False)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "splink": splink.__version__, "threshold": cluster_threshold}))


if __name__ == "__main__":
    main()
