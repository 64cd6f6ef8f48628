#!/usr/bin/env python3
"""Helpers for Benchmarks/aws-bench.sh.

  fetch ENDPOINT OUT      save the raw DescribeInstances XML answer of a moto server to OUT
  parse FILE ITERATIONS   time botocore's parser on FILE in-process, with the aws CLI v1's
                          settings (wire timestamps and blobs), and print the figures
"""
import sys
import time
import urllib.request


def fetch(endpoint, out):
    request = urllib.request.Request(
        endpoint + "/",
        data=b"Action=DescribeInstances&Version=2016-11-15",
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0",
        },
    )
    with urllib.request.urlopen(request) as answer, open(out, "wb") as f:
        f.write(answer.read())


def parse(path, iterations):
    import botocore.session
    from botocore.parsers import create_parser

    body = open(path, "rb").read()
    session = botocore.session.get_session()
    model = session.get_service_model("ec2").operation_model("DescribeInstances")
    identity = lambda x: x  # what the aws CLI v1 installs for timestamps and blobs
    parser = create_parser("ec2")
    parser._timestamp_parser = identity
    parser._blob_parser = identity
    times = []
    count = 0
    for _ in range(iterations):
        start = time.perf_counter()
        parsed = parser.parse({"body": body, "headers": {}, "status_code": 200}, model.output_shape)
        times.append((time.perf_counter() - start) * 1000)
        count = sum(len(r["Instances"]) for r in parsed["Reservations"])
    print(f"BOTOCORE_PARSE instances={count} bytes={len(body)} mean_ms={sum(times) / len(times)} best_ms={min(times)}")


if __name__ == "__main__":
    if sys.argv[1] == "fetch":
        fetch(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "parse":
        parse(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__)
