#!/usr/bin/python3
"""Sequential latency of GET /api/v1/search on a running server, per query class: one
connection kept alive, every query of a class in turn until REQUESTS requests, then p50
and p99 in milliseconds. Loopback only.
Usage: latency.py PORT REQUESTS
"""
import http.client, statistics, sys, time, urllib.parse

port, requests = int(sys.argv[1]), int(sys.argv[2])
classes = {
    "one word, Chinese": ["模型", "语音", "图像", "隐私", "数据", "翻译", "芯片", "推荐"],
    "one word, English": ["learning", "speech", "graph", "privacy", "evaluation", "robots", "images", "weather"],
    "two words, Chinese": ["语音 识别", "图像 分类", "模型 评测", "隐私 保护", "知识 图谱", "强化 学习"],
    "two words, English": ["speech recognition", "graph networks", "language models", "image classification", "reinforcement learning"],
    "mixed": ["BERT 预训练", "AI 安全", "GPU 能效", "AI Frontiers 大会"],
    "rare word": ["kalomi", "vexqua", "ganzhi", "tordra"],
}
conn = http.client.HTTPConnection("127.0.0.1", port)
print("| query class | requests | p50 (ms) | p99 (ms) | matches (mean) |")
print("| --- | ---: | ---: | ---: | ---: |")
for name, queries in classes.items():
    times, totals = [], []
    for i in range(requests):
        q = queries[i % len(queries)]
        t0 = time.perf_counter()
        conn.request("GET", "/api/v1/search?limit=20&q=" + urllib.parse.quote(q))
        r = conn.getresponse()
        body = r.read()
        times.append((time.perf_counter() - t0) * 1000)
        if r.status != 200:
            sys.exit(f"{q}: HTTP {r.status} {body[:200]!r}")
        if i < len(queries):
            import json
            totals.append(json.loads(body)["total"])
    times.sort()
    p50 = statistics.median(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"| {name} | {requests} | {p50:.1f} | {p99:.1f} | {sum(totals) / len(totals):.0f} |")
