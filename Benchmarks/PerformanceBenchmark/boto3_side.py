"""boto3's half of PerformanceBenchmark: the same workloads against the same data-api-local.

    python3 boto3_side.py rounds ENDPOINT CLUSTER SECRET CALLS PAGES INSERT_ROWS
        prints one JSON object: client CPU (user + system, this process only) per workload
    python3 boto3_side.py cold CLUSTER SECRET
        a fresh process's first call, configured from the environment alone (region, endpoint,
        credentials): prints the first row's value and exits

The keys are data-api-local's defaults (AWS's documentation example keys).
"""
import json
import resource
import sys

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
LIMIT = 4 * 1024 * 1024 - 8 * 1024  # the request limit less room for headers, as the Swift side packs


def client(endpoint):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "rds-data",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1}),
    )


def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def insert_rows_values(count):
    """The rows as an application holds them before it writes them (not timed)."""
    return [(i, "customer name %d with a few more words" % i, i * 1.25, i % 2 == 0, "%d.%02d" % (1000 + i % 9000, i % 100),
             "2024-0%d-1%d 0%d:3%d:15.%06d" % (1 + i % 9, i % 10, i % 10, i % 10, 100000 + i % 900000))
            for i in range(1, count + 1)]


def insert_sets(rows):
    """Parameter sets of the 6-column insert, as a careful boto3 user writes them (timed)."""
    return [[
        {"name": "id", "value": {"longValue": i}},
        {"name": "name", "value": {"stringValue": name}},
        {"name": "score", "value": {"doubleValue": score}},
        {"name": "active", "value": {"booleanValue": active}},
        {"name": "amount", "value": {"stringValue": amount}, "typeHint": "DECIMAL"},
        {"name": "created_at", "value": {"stringValue": created}, "typeHint": "TIMESTAMP"},
    ] for (i, name, score, active, amount, created) in rows]


INSERT_SQL = ("INSERT INTO insert_rows (id, name, score, active, amount, created_at) "
              "VALUES (:id, :name, :score, :active, :amount, :created_at)")


def rounds(endpoint, cluster, secret, calls, pages, insert_rows):
    c = client(endpoint)
    arns = {"resourceArn": cluster, "secretArn": secret}
    for _ in range(20):  # warm-up: connection, botocore's model loading
        c.execute_statement(sql="SELECT 1", **arns)

    t = cpu()
    for _ in range(calls):
        r = c.execute_statement(sql="SELECT 1", **arns)
        assert r["records"][0][0]["longValue"] == 1
    select1 = (cpu() - t) / calls

    page_bytes = int(c.execute_statement(sql="SELECT * FROM bench_rows", **arns)["ResponseMetadata"]["HTTPHeaders"]["content-length"])
    rows = 0
    t = cpu()
    for _ in range(pages):
        r = c.execute_statement(sql="SELECT * FROM bench_rows", **arns)
        rows += len(r["records"])
    page = rows / (cpu() - t)

    # Rows per request from the largest set's encoded size (the last: the longest numbers) as
    # botocore writes it (json.dumps with its default separators), so requests stay under the limit.
    c.execute_statement(sql="TRUNCATE insert_rows", **arns)
    values = insert_rows_values(insert_rows)
    t = cpu()
    sets = insert_sets(values)
    per_set = len(json.dumps(sets[-1])) + 2
    per_call = max(1, int((LIMIT - 400 - len(INSERT_SQL)) * 0.98) // per_set)
    tx = c.begin_transaction(**arns)["transactionId"]
    calls_made = 0
    for start in range(0, len(sets), per_call):
        c.batch_execute_statement(sql=INSERT_SQL, parameterSets=sets[start:start + per_call], transactionId=tx, **arns)
        calls_made += 1
    c.commit_transaction(transactionId=tx, **arns)
    insert = (cpu() - t) / insert_rows
    count = c.execute_statement(sql="SELECT count(*) FROM insert_rows", **arns)["records"][0][0]["longValue"]
    assert count == insert_rows, count
    print(json.dumps({"select1_cpu_s": select1, "page_rows_per_cpu_s": page, "insert_cpu_s_per_row": insert,
                      "insert_calls": calls_made,
                      "page_bytes": page_bytes}))


def cold(cluster, secret):
    import boto3

    r = boto3.client("rds-data").execute_statement(resourceArn=cluster, secretArn=secret, sql="SELECT 1")
    print(r["records"][0][0]["longValue"])


if __name__ == "__main__":
    if sys.argv[1] == "rounds":
        rounds(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
    else:
        cold(sys.argv[2], sys.argv[3])
